/**
 * What the fidelity sweep checks on every response and every delivery:
 * the official spec's schema and status codes, Webex's error shape, and
 * the real samples' key sets and key order.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { validateAgainstSchema, validateResponse } from '../helpers/openapi.ts';
import type { Received } from './webhook-receiver.ts';

export const MESSAGING = 'webex-messaging.subset.json';
export const CALLS = 'webex-call-control.subset.json';

type Json = Record<string, unknown>;

export function sample(name: string): Json {
  return JSON.parse(
    readFileSync(`test/fixtures/webex/${name}.json`, 'utf8'),
  ) as Json;
}

function spec(file: string): { paths: Record<string, Json> } {
  return JSON.parse(
    readFileSync(`test/fixtures/webex/openapi/${file}`, 'utf8'),
  ) as { paths: Record<string, Json> };
}

/** Every operation of both specs, as `METHOD /path/{param}` → spec file. */
export function specOperations(): Map<string, string> {
  const operations = new Map<string, string>();
  for (const file of [MESSAGING, CALLS]) {
    for (const [path, item] of Object.entries(spec(file).paths)) {
      for (const method of ['get', 'post', 'put', 'delete']) {
        if (item[method]) {
          operations.set(`${method.toUpperCase()} ${path}`, file);
        }
      }
    }
  }
  return operations;
}

/** The documented operation a request hits: literal paths win. */
export function operationOf(
  operations: Map<string, string>,
  method: string,
  path: string,
): { key: string; template: string; file: string } | undefined {
  const candidates = [...operations.keys()]
    .filter((key) => key.startsWith(`${method} `))
    .map((key) => key.slice(method.length + 1));
  const literal = candidates.find((template) => template === path);
  const template =
    literal ??
    candidates.find((candidate) => {
      const pattern = candidate.replace(/\{[^}]+\}/g, '[^/]+');
      return new RegExp(`^${pattern}$`).test(path);
    });
  if (template === undefined) return undefined;
  const key = `${method} ${template}`;
  return { key, template, file: operations.get(key) as string };
}

/** A Webex error: the documented shape and the trackingId header. */
export function assertWebexError(body: unknown, headers: Headers): void {
  const error = body as {
    message?: unknown;
    errors?: { description?: unknown }[];
    trackingId?: unknown;
  };
  assert.equal(typeof error.message, 'string', 'error message');
  assert.ok(Array.isArray(error.errors) && error.errors.length > 0);
  assert.equal(typeof error.errors[0]?.description, 'string');
  assert.equal(typeof error.trackingId, 'string');
  assert.equal(headers.get('trackingId'), error.trackingId);
}

/** Errors of a response against the operation's documented response. */
export function responseProblems(
  file: string,
  template: string,
  method: string,
  status: number,
  body: unknown,
): string[] {
  if (status >= 400) {
    // Throws when the spec documents no such status for the operation.
    validateResponse(file, template, method, status, undefined);
    return [];
  }
  return validateResponse(file, template, method, status, body);
}

/**
 * `actual`'s keys keep the relative order of `reference` for the keys
 * they share, and differ from it only by `optional` keys.
 */
export function assertKeysLike(
  actual: Json,
  reference: string[],
  optional: string[] = [],
  label = 'keys',
): void {
  const keys = Object.keys(actual);
  const extra = keys.filter((k) => !reference.includes(k));
  const missing = reference.filter((k) => !keys.includes(k));
  assert.deepEqual(
    extra.filter((k) => !optional.includes(k)),
    [],
    `${label}: keys the sample does not have`,
  );
  assert.deepEqual(
    missing.filter((k) => !optional.includes(k)),
    [],
    `${label}: sample keys missing`,
  );
  const shared = keys.filter((k) => reference.includes(k));
  assert.deepEqual(
    shared,
    reference.filter((k) => keys.includes(k)),
    `${label}: order differs from the sample`,
  );
}

/** Key order of telephony `data` in real captures (API.md 6.4). */
const TELEPHONY_ORDER = [
  'eventType',
  'eventTimestamp',
  'callId',
  'callSessionId',
  'personality',
  'state',
  'muteCapable',
  'muted',
  'remoteParty',
  'appearance',
  'created',
  'answered',
  'redirections',
  'recordingState',
  'disconnected',
  'endpointId',
  'endpointType',
  'completedElsewhere',
];

/** Fields a telephony event shows only in some states. */
const CONDITIONAL = [
  'answered',
  'redirections',
  'recordingState',
  'endpointId',
  'endpointType',
];

const ENVELOPES: Record<string, string> = {
  messages: 'webhook_delivery_messages_created',
  attachmentActions: 'webhook_delivery_attachmentActions_created',
  telephony_calls: 'webhook_delivery_telephony_calls_created_received',
};

function telephonySample(eventType: unknown): Json {
  const name =
    eventType === 'received'
      ? 'created_received'
      : eventType === 'disconnected'
        ? 'deleted_disconnected'
        : 'updated_answered';
  return sample(`webhook_delivery_telephony_calls_${name}`).data as Json;
}

/**
 * One delivery: the signature over the exact bytes, the envelope's keys
 * and order, and `data` against the sample and the spec.
 */
export function assertDelivery(received: Received, secret: string): void {
  const expected = createHmac('sha1', secret)
    .update(received.raw)
    .digest('hex');
  assert.equal(received.headers['x-spark-signature'], expected);
  assert.match(expected, /^[0-9a-f]{40}$/);

  const body = received.body as Json & { data: Json };
  const resource = String(body.resource);
  const envelope = sample(ENVELOPES[resource] ?? 'missing');
  assert.deepEqual(Object.keys(body), Object.keys(envelope), 'envelope keys');
  assert.equal('secret' in body, false);

  if (resource !== 'telephony_calls') {
    assert.deepEqual(
      Object.keys(body.data),
      Object.keys(envelope.data as Json),
      `${resource} data keys`,
    );
    assert.equal('text' in body.data, false);
    return;
  }

  const data = body.data;
  assertKeysLike(data, TELEPHONY_ORDER, TELEPHONY_ORDER, 'data order');
  assertKeysLike(
    data,
    Object.keys(telephonySample(data.eventType)),
    data.eventType === 'disconnected'
      ? ['answered', 'recordingState']
      : CONDITIONAL,
    `telephony ${String(data.eventType)} data`,
  );
  const {
    callId,
    eventType: _type,
    eventTimestamp: _at,
    disconnected: _gone,
    endpointId: _endpoint,
    endpointType: _endpointType,
    completedElsewhere: _elsewhere,
    ...call
  } = data;
  assert.deepEqual(
    validateAgainstSchema(CALLS, 'Call', { id: callId, ...call }),
    [],
    'telephony data is a Call',
  );
  assertParty(data.remoteParty);
}

/** PartyInformation, with a number in digits (or a URI) as Webex sends. */
export function assertParty(party: unknown): void {
  assert.deepEqual(validateAgainstSchema(CALLS, 'PartyInformation', party), []);
  const number = (party as { number?: string }).number;
  if (number !== undefined) assert.match(number, /^(\+?[\d*#]+|\S+@\S+)$/);
}
