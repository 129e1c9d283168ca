/**
 * Hostile bodies posted to the bot's webhook routes over real HTTP:
 * random bytes, oversized and deeply nested bodies, odd content types,
 * JSON that is no delivery, and real deliveries with a wrong signature.
 * Every one gets a clear 4xx, the process keeps answering, and nothing
 * reaches the store or the chat.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import fc from '../helpers/fast-check.ts';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const FIXTURE = new URL(
  '../fixtures/webex/webhook_delivery_messages_created.json',
  import.meta.url,
);
const LIMIT = 64 * 1024;
const ROUTES = [
  { path: '/webhooks/messages', purpose: 'messages' },
  { path: '/webhooks/cards', purpose: 'attachmentActions' },
] as const;

type Route = (typeof ROUTES)[number];

interface Snapshot {
  journal: number;
  claims: number;
  sessions: string;
  messages: number;
}

describe('webhook intake under hostile input', () => {
  let sandbox: TestSandbox;
  let fixture: Record<string, unknown>;
  let baseline: Snapshot;

  const snapshot = async (): Promise<Snapshot> => {
    const db = new Database(join(sandbox.dataDir, 'bot.db'), {
      readonly: true,
    });
    try {
      const count = (table: string) =>
        db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      const sessions = db
        .prepare('SELECT * FROM sessions ORDER BY person_id')
        .all();
      return {
        journal: count('journal_entries'),
        claims: count('claims'),
        sessions: JSON.stringify(sessions),
        messages: (await sandbox.state()).messages.length,
      };
    } finally {
      db.close();
    }
  };

  before(async () => {
    sandbox = await startSandbox({ bot: { bodyLimitBytes: LIMIT } });
    fixture = JSON.parse(await readFile(FIXTURE, 'utf8'));
    baseline = await snapshot();
  });
  after(() => sandbox.close());

  const secretOf = (route: Route) =>
    sandbox.running.bot.deps.deriveSecret(route.purpose);
  const sign = (route: Route, bytes: Uint8Array | string) =>
    createHmac('sha1', secretOf(route)).update(bytes).digest('hex');

  async function post(
    route: Route,
    body: Uint8Array | string,
    headers: Record<string, string>,
  ): Promise<number> {
    const response = await fetch(`${sandbox.running.url}${route.path}`, {
      method: 'POST',
      headers,
      body,
    });
    await response.arrayBuffer();
    return response.status;
  }

  async function assertAlive(): Promise<void> {
    const health = await fetch(`${sandbox.running.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
  }

  const route = fc.constantFrom(...ROUTES);
  const json = { 'content-type': 'application/json' };
  const runs = { numRuns: 25 };

  it('answers 401 to random bytes, signed with anything but the secret', async () => {
    const signature = fc.option(
      fc.oneof(
        fc.stringMatching(/^[0-9a-f]{40}$/),
        fc.string({ maxLength: 60 }),
      ),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(
        route,
        fc.uint8Array({ maxLength: 2048 }),
        signature,
        async (target, bytes, sig) => {
          const headers: Record<string, string> = { ...json };
          // Header values must be ByteStrings for fetch to send them.
          if (sig !== undefined && /^[\x20-\x7e]*$/.test(sig)) {
            headers['x-spark-signature'] = sig;
          }
          assert.equal(await post(target, bytes, headers), 401);
        },
      ),
      runs,
    );
    await assertAlive();
  });

  it('answers 400 to correctly signed random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        route,
        fc.uint8Array({ minLength: 0, maxLength: 2048 }),
        async (target, bytes) => {
          const status = await post(target, bytes, {
            ...json,
            'x-spark-signature': sign(target, bytes),
          });
          assert.equal(status, 400);
        },
      ),
      runs,
    );
    await assertAlive();
  });

  it('answers 413 to any body over the limit, signed or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        route,
        fc.integer({ min: LIMIT + 1, max: LIMIT * 4 }),
        fc.boolean(),
        async (target, size, signed) => {
          const body = JSON.stringify({
            ...fixture,
            data: { pad: 'x'.repeat(size) },
          });
          const status = await post(target, body, {
            ...json,
            ...(signed ? { 'x-spark-signature': sign(target, body) } : {}),
          });
          assert.equal(status, 413);
        },
      ),
      { numRuns: 10 },
    );
    await assertAlive();
  });

  it('answers a clear 4xx to JSON nested 10,000 levels deep', async () => {
    const depth = 10_000;
    const arrays = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const objects = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const inData = `{"id":"x","data":{"id":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    for (const target of ROUTES) {
      for (const body of [arrays, objects, `{"data":${arrays}}`]) {
        assert.equal(
          await post(target, body, {
            ...json,
            'x-spark-signature': sign(target, body),
          }),
          400,
        );
        assert.equal(await post(target, body, json), 401);
      }
      // A delivery-shaped body is refused on its signature, unread.
      assert.equal(
        await post(target, inData, { ...json, 'x-spark-signature': '00' }),
        401,
      );
      const deeper = '['.repeat(LIMIT * 2);
      assert.equal(
        await post(target, deeper, {
          ...json,
          'x-spark-signature': sign(target, deeper),
        }),
        413,
      );
    }
    await assertAlive();
  });

  it('refuses bodies of other content types that are no signed delivery', async () => {
    const contentType = fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/octet-stream',
      'application/json; charset=latin1',
      'foo/bar; q=;;',
    );
    await fc.assert(
      fc.asyncProperty(
        route,
        contentType,
        fc.oneof(
          fc.constant('a=1&b=2'),
          fc.constant('<xml/>'),
          fc.string({ maxLength: 300 }),
        ),
        fc.boolean(),
        async (target, type, body, signed) => {
          const status = await post(target, body, {
            'content-type': type,
            ...(signed ? { 'x-spark-signature': sign(target, body) } : {}),
          });
          const envelope = isEnvelopeText(body);
          assert.equal(status, signed ? (envelope ? 204 : 400) : 401);
          assert.equal(envelope, false, 'the generator made a delivery');
        },
      ),
      runs,
    );
    await assertAlive();
  });

  it('answers 400 to signed JSON that is not a delivery', async () => {
    const notEnvelope = fc
      .jsonValue({ maxDepth: 4 })
      .filter((value) => !isEnvelope(value));
    await fc.assert(
      fc.asyncProperty(route, notEnvelope, async (target, value) => {
        const body = JSON.stringify(value) ?? 'null';
        const status = await post(target, body, {
          ...json,
          'x-spark-signature': sign(target, body),
        });
        assert.equal(status, 400);
      }),
      runs,
    );
    await assertAlive();
  });

  it('answers 401 to a real delivery with a missing or wrong signature', async () => {
    const tamper = fc.record({
      text: fc.string({ maxLength: 40 }),
      wrongSecret: fc.string({ minLength: 1, maxLength: 40 }),
      mode: fc.constantFrom('missing', 'other-secret', 'other-route', 'flip'),
    });
    await fc.assert(
      fc.asyncProperty(route, tamper, async (target, t) => {
        const body = JSON.stringify({
          ...fixture,
          data: { ...(fixture.data as object), note: t.text },
        });
        const good = sign(target, body);
        const other = ROUTES.find((candidate) => candidate !== target);
        const signature = {
          missing: undefined,
          'other-secret': createHmac('sha1', t.wrongSecret)
            .update(body)
            .digest('hex'),
          'other-route': other === undefined ? '' : sign(other, body),
          flip: `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`,
        }[t.mode];
        const headers: Record<string, string> =
          signature === undefined
            ? json
            : { ...json, 'x-spark-signature': signature };
        assert.equal(await post(target, body, headers), 401);
      }),
      runs,
    );
    await assertAlive();
  });

  it('stored nothing and said nothing through all of it', async () => {
    assert.deepEqual(await snapshot(), baseline);
    await assertAlive();
  });
});

function isEnvelope(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const data = (value as { data?: unknown }).data;
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}

function isEnvelopeText(text: string): boolean {
  try {
    return isEnvelope(JSON.parse(text));
  } catch {
    return false;
  }
}
