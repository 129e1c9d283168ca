/**
 * Signed `telephony_calls` deliveries built from the captured payload
 * (test/fixtures/webex/webhook_delivery_telephony_calls_created_received
 * .json). Each one gets its own delivery id, call id and timestamp, so
 * the relay treats it as a new call: nothing is deduplicated away and
 * every delivery costs the bot its full work (claim, order, render, post).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchPerson } from './bench-people.ts';
import type { HttpPost } from './open-loop.ts';

const FIXTURE = join(
  import.meta.dirname,
  '../../test/fixtures/webex/webhook_delivery_telephony_calls_created_received.json',
);

interface Delivery {
  id: string;
  targetUrl: string;
  createdBy: string;
  actorId: string;
  data: Record<string, unknown>;
}

const template = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Delivery;

/** The captured payload as it is, and its size in bytes. */
export const capturedPayload: Buffer = readFileSync(FIXTURE);

export interface SignedDelivery {
  body: Buffer;
  signature: string;
}

/** Lowercase hex HMAC-SHA1 of the body: what Webex puts in the header. */
export function sign(secret: string, body: Buffer): string {
  return createHmac('sha1', secret).update(body).digest('hex');
}

/** A fresh `received` event for `person`, the `seq`-th of this run. */
export function freshDelivery(
  person: BenchPerson,
  runTag: string,
  seq: number,
  baseUrl: string,
): SignedDelivery {
  const unique = `${runTag}-${seq}`;
  const at = new Date().toISOString();
  const delivery: Delivery = {
    ...template,
    id: Buffer.from(`bench-delivery/${unique}`).toString('base64url'),
    targetUrl: `${baseUrl}/webhooks/calls/${person.hookPath}`,
    createdBy: person.personId,
    actorId: person.personId,
    data: {
      ...template.data,
      callId: Buffer.from(`bench-call/${unique}`).toString('base64url'),
      callSessionId: Buffer.from(`bench-session/${unique}`).toString(
        'base64url',
      ),
      eventTimestamp: at,
      created: at,
    },
  };
  const body = Buffer.from(JSON.stringify(delivery));
  return { body, signature: sign(person.secret, body) };
}

/** The headers Webex sends with a delivery. */
export function deliveryHeaders(signature: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-spark-signature': signature,
  };
}

/** The POST that delivers `delivery` to `person`'s monitor hook. */
export function deliveryPost(
  person: BenchPerson,
  { body, signature }: SignedDelivery,
): HttpPost {
  return {
    path: `/webhooks/calls/${person.hookPath}`,
    headers: deliveryHeaders(signature),
    body,
  };
}
