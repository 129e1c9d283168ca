/**
 * A running emulator with Alice, Bob and Carol, each with a
 * telephony_calls webhook pointing at a local receiver, for call
 * simulator tests; and the calls between them most tests start from.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createEmulator,
  type Emulator,
} from '../../../src/emulator/create-emulator.ts';
import { defaultSeed, type SeedData } from '../../../src/emulator/seed.ts';

export const TOKENS = {
  alice: 'sandbox-person-token-alice-00000000000000000000',
  bob: 'sandbox-person-token-bob-0000000000000000000000',
  carol: 'sandbox-person-token-carol-00000000000000000000',
  bot: 'sandbox-bot-token-callcontrol-0000000000000000',
} as const;

export type Name = 'alice' | 'bob' | 'carol';

export interface Delivery {
  event: string;
  data: Record<string, unknown>;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields directly and assert them
  body: any;
}

export interface CallSandbox {
  emulator: Emulator;
  ids: Record<Name, string>;
  api(
    who: Name | 'bot',
    method: string,
    path: string,
    body?: unknown,
  ): Promise<HttpResult>;
  sandbox(method: string, path: string, body?: unknown): Promise<HttpResult>;
  /** Waits until `name` received `count` deliveries, then returns all. */
  deliveries(name: Name, count: number): Promise<Delivery[]>;
  /** `event/eventType/state` per delivery, for exact sequences. */
  steps(name: Name, count: number): Promise<string[]>;
  close(): Promise<void>;
}

/** The default seed and a third person, Carol (extension 1003). */
export function seedWithCarol(): SeedData {
  const seed = defaultSeed();
  seed.people.push({
    displayName: 'Carol Example',
    email: 'carol@example.com',
    extension: '1003',
    phoneNumber: '+15555550103',
    accessToken: TOKENS.carol,
  });
  return seed;
}

async function call(
  url: string,
  method: string,
  token: string | undefined,
  body?: unknown,
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

function listen(received: Map<string, Delivery[]>): Server {
  return createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on('end', () => {
      const name = (request.url ?? '').split('/').pop() ?? '';
      const payload = JSON.parse(raw) as Delivery;
      const list = received.get(name) ?? [];
      list.push({ event: payload.event, data: payload.data });
      received.set(name, list);
      response.writeHead(200).end();
    });
  });
}

export async function startCallSandbox(
  ringTimeoutMs = 30_000,
): Promise<CallSandbox> {
  const received = new Map<string, Delivery[]>();
  const receiver = listen(received);
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const seed = seedWithCarol();
  const emulator = await createEmulator({
    seed,
    calls: { ringTimeoutMs },
    webhooks: { retryDelaysMs: [] },
  });

  const api: CallSandbox['api'] = (who, method, path, body) =>
    call(`${emulator.apiUrl}${path}`, method, TOKENS[who], body);
  const ids = {} as Record<Name, string>;
  for (const name of ['alice', 'bob', 'carol'] as const) {
    ids[name] = (await api(name, 'GET', '/people/me')).body.id;
    const hook = await api(name, 'POST', '/webhooks', {
      name: `calls of ${name}`,
      targetUrl: `${hookUrl}/hook/${name}`,
      resource: 'telephony_calls',
      event: 'all',
    });
    assert.equal(hook.status, 200);
  }

  async function deliveries(name: Name, count: number) {
    for (let waited = 0; waited < 3000; waited += 10) {
      if ((received.get(name)?.length ?? 0) >= count) break;
      await sleep(10);
    }
    // A short settle so that an unexpected extra delivery is caught too.
    await sleep(30);
    return received.get(name) ?? [];
  }

  return {
    emulator,
    ids,
    api,
    sandbox: (method, path, body) =>
      call(`${emulator.url}${path}`, method, undefined, body),
    deliveries,
    async steps(name, count) {
      return (await deliveries(name, count)).map(
        (d) => `${d.event}/${d.data.eventType}/${d.data.state}`,
      );
    },
    async close() {
      await emulator.close();
      receiver.close();
      receiver.closeAllConnections();
    },
  };
}

export interface UseCallSandboxOptions {
  /** A fresh sandbox for each test, or one shared by the whole suite. */
  per: 'test' | 'suite';
  /** How long a call rings before it is missed (the simulator's 30 s). */
  ringTimeoutMs?: number;
}

/**
 * The call sandbox of the enclosing `describe`, started before and
 * closed after each test or the whole suite. The returned sandbox
 * forwards to the one running, so the suite's own functions can close
 * over it where they are defined.
 */
export function useCallSandbox(options: UseCallSandboxOptions): CallSandbox {
  let running: CallSandbox | undefined;
  const current = (): CallSandbox => {
    if (running === undefined) {
      throw new Error('the call sandbox runs only within a test or hook');
    }
    return running;
  };
  const start = async () => {
    running = undefined;
    running = await startCallSandbox(options.ringTimeoutMs);
  };
  const stop = () => current().close();

  if (options.per === 'test') {
    beforeEach(start);
    afterEach(stop);
  } else {
    before(start);
    after(stop);
  }

  return {
    get emulator() {
      return current().emulator;
    },
    get ids() {
      return current().ids;
    },
    api: (who, method, path, body) => current().api(who, method, path, body),
    sandbox: (method, path, body) => current().sandbox(method, path, body),
    deliveries: (name, count) => current().deliveries(name, count),
    steps: (name, count) => current().steps(name, count),
    close: () => current().close(),
  };
}

/** `from` (a sandbox person) calls `to`, whose phone answers; both ids. */
export async function connect(
  box: CallSandbox,
  from: Name,
  to: Name,
): Promise<Record<Name, string>> {
  const placed = await box.sandbox('POST', '/_sandbox/calls', {
    from: `${from}@example.com`,
    to: `${to}@example.com`,
  });
  const legs = placed.body.legs as { callId: string; personId: string }[];
  const own = (name: Name) =>
    legs.find((l) => l.personId === box.ids[name])?.callId ?? '';
  await box.sandbox('POST', `/_sandbox/calls/${own(to)}/answer`);
  return { [from]: own(from), [to]: own(to) } as Record<Name, string>;
}

/** An outside `number` rings `to`, who answers through the API. */
export async function outsideCallAnswered(
  box: CallSandbox,
  to: Name,
  number: string,
): Promise<string> {
  const placed = await box.sandbox('POST', '/_sandbox/calls', {
    from: number,
    to: `${to}@example.com`,
  });
  const callId = placed.body.legs[0].callId as string;
  const answered = await box.api(to, 'POST', '/telephony/calls/answer', {
    callId,
  });
  assert.equal(answered.status, 204);
  return callId;
}
