import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { StoreUnavailableError } from '../../src/store/errors.ts';
import { openStore } from '../../src/store/open-store.ts';
import { connectRedisStore } from '../../src/store/redis-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import {
  hasRedisServer,
  type RedisServer,
  startRedisServer,
} from '../helpers/redis-server.ts';
import { captureLogger } from './capture-logger.ts';
import {
  type ContractBackend,
  newKey,
  runStoreContract,
  sampleSession,
} from './store-contract.ts';

const externalUrl = process.env.REDIS_URL;
const skip =
  externalUrl === undefined && !hasRedisServer()
    ? 'redis-server not installed: install it or set REDIS_URL to run ' +
      'the Redis store tests'
    : false;

let server: RedisServer | undefined;
let url = externalUrl ?? '';

before(async () => {
  if (skip !== false || externalUrl !== undefined) return;
  server = await startRedisServer();
  url = server.url;
});

after(async () => {
  await server?.stop();
});

async function redisBackend(): Promise<ContractBackend> {
  const prefix = `test-${randomBytes(6).toString('hex')}:`;
  const raw = new Redis(url, { lazyConnect: true });
  await raw.connect();
  const stores: Store[] = [];
  const sessions = `${prefix}sessions`;

  const sealedOf = async (personId: string) =>
    JSON.parse((await raw.hget(sessions, personId)) ?? 'null');

  return {
    async open(cipher, logger) {
      const store = await connectRedisStore({ url, prefix, cipher, logger });
      stores.push(store);
      return store;
    },
    async dumpRaw() {
      const keys = await raw.keys(`${prefix}*`);
      const values = await Promise.all(
        keys.map(async (key) =>
          (await raw.type(key)) === 'hash'
            ? JSON.stringify(await raw.hgetall(key))
            : await raw.get(key),
        ),
      );
      return values.join('\n');
    },
    async readSealedAccessToken(personId) {
      return (await sealedOf(personId)).accessTokenSealed;
    },
    async writeSealedAccessToken(personId, sealed) {
      const row = await sealedOf(personId);
      row.accessTokenSealed = sealed;
      await raw.hset(sessions, personId, JSON.stringify(row));
    },
    async writeMalformedSession(personId) {
      await raw.hset(sessions, personId, '{"personId": 42');
    },
    async dispose() {
      await Promise.all(stores.map((s) => s.close()));
      const keys = await raw.keys(`${prefix}*`);
      if (keys.length > 0) await raw.del(...keys);
      await raw.quit();
    },
  };
}

runStoreContract('Redis', redisBackend, { skip });

describe('Redis store', { skip }, () => {
  const cipher = () => createTokenCipher({ current: newKey() });

  it('is chosen by openStore for redis:// URLs, under the prefix', async () => {
    const prefix = `test-${randomBytes(6).toString('hex')}:`;
    const log = captureLogger();
    const store = await openStore({
      url,
      prefix,
      cipher: cipher(),
      logger: log.logger,
    });
    assert.equal(store.kind, 'redis');
    await store.putSession(sampleSession('alice'));

    const raw = new Redis(url);
    assert.deepEqual(await raw.keys(`${prefix}*`), [`${prefix}sessions`]);
    await raw.del(`${prefix}sessions`);
    await raw.quit();
    await store.close();
  });

  it('reads journal entries written with a wrapped payload', async () => {
    const prefix = `test-${randomBytes(6).toString('hex')}:`;
    const store = await connectRedisStore({
      url,
      prefix,
      cipher: cipher(),
      logger: captureLogger().logger,
    });
    const raw = new Redis(url);
    try {
      const body = '{"id":"w1","data":{"note":"a \\"quoted\\" word"}}';
      const old = (id: string, payload: string, acceptedAt: number) =>
        JSON.stringify({ id, kind: 'telephony_calls', payload, acceptedAt });
      await raw.hset(
        `${prefix}journal`,
        'j1',
        old('j1', JSON.stringify({ body, target: 'hook-1' }), 1),
        'j2',
        old('j2', 'not a wrapper', 2),
      );

      assert.deepEqual(await store.journalPending(), [
        {
          id: 'j1',
          kind: 'telephony_calls',
          target: 'hook-1',
          body,
          acceptedAt: 1,
        },
        {
          id: 'j2',
          kind: 'telephony_calls',
          target: null,
          body: 'not a wrapper',
          acceptedAt: 2,
        },
      ]);
    } finally {
      await raw.del(`${prefix}journal`);
      raw.disconnect();
      await store.close();
    }
  });

  it('refuses to open when Redis is unreachable', async () => {
    await assert.rejects(
      connectRedisStore({
        url: 'redis://:hunter2@127.0.0.1:1',
        prefix: 'x:',
        cipher: cipher(),
        logger: captureLogger().logger,
      }),
      (error: Error) =>
        error instanceof StoreUnavailableError &&
        /127\.0\.0\.1:1/.test(error.message) &&
        !error.message.includes('hunter2'),
    );
  });

  it('fails fast while Redis is down and recovers without a new store', {
    skip: externalUrl === undefined ? false : 'needs a local redis-server',
    timeout: 10_000,
  }, async () => {
    assert.ok(server, 'needs a local redis-server');
    const log = captureLogger();
    const store = await connectRedisStore({
      url,
      prefix: `test-${randomBytes(6).toString('hex')}:`,
      cipher: cipher(),
      logger: log.logger,
      commandTimeoutMs: 500,
      maxReconnectDelayMs: 100,
    });
    await store.putSession(sampleSession('alice'));

    await server.stop();
    await assert.rejects(store.getSession('alice'), StoreUnavailableError);
    await assert.rejects(store.claimOnce('k', 1000), StoreUnavailableError);
    await assert.rejects(store.ping(), StoreUnavailableError);

    await server.restart();
    await eventually(() => store.ping());
    assert.equal(await store.claimOnce('k', 1000), true);
    assert.ok(log.lines.some((l) => /Lost Redis/.test(l.msg)));
    await store.close();
  });
});

async function eventually(check: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}
