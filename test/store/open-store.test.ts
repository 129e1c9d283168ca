import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StoreConfigError } from '../../src/store/errors.ts';
import { openStore, parseStoreUrl } from '../../src/store/open-store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { captureLogger } from './capture-logger.ts';

describe('openStore', () => {
  it('tells the backend from the URL', () => {
    assert.deepEqual(parseStoreUrl('sqlite:data/bot.db'), {
      kind: 'sqlite',
      path: 'data/bot.db',
    });
    assert.deepEqual(parseStoreUrl('sqlite:///var/lib/bot.db'), {
      kind: 'sqlite',
      path: '/var/lib/bot.db',
    });
    assert.deepEqual(parseStoreUrl('./bot.db'), {
      kind: 'sqlite',
      path: './bot.db',
    });
    assert.equal(parseStoreUrl('redis://127.0.0.1:6379').kind, 'redis');
    assert.equal(parseStoreUrl('rediss://cache.example:6380').kind, 'redis');
  });

  it('refuses an unknown scheme without echoing credentials', () => {
    assert.throws(
      () => parseStoreUrl('postgres://user:hunter2@db/bot'),
      (error: Error) =>
        error instanceof StoreConfigError &&
        /"postgres"/.test(error.message) &&
        !error.message.includes('hunter2'),
    );
    assert.throws(() => parseStoreUrl('sqlite:'), StoreConfigError);
  });

  it('opens SQLite in a missing directory, with the given clock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxc-open-'));
    let now = 1_000;
    const store = await openStore({
      url: `sqlite:${join(dir, 'a', 'b', 'bot.db')}`,
      cipher: createTokenCipher({ current: randomBytes(32) }),
      logger: captureLogger().logger,
      now: () => now,
    });
    assert.equal(store.kind, 'sqlite');
    await stat(join(dir, 'a', 'b', 'bot.db'));

    assert.equal(await store.claimOnce('k', 500), true);
    now += 499;
    assert.equal(await store.claimOnce('k', 500), false);
    now += 1;
    assert.equal(await store.claimOnce('k', 500), true);

    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
});
