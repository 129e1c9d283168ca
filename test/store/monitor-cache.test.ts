import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Monitor } from '../../src/store/store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { captureLogger } from './capture-logger.ts';
import { newKey } from './store-contract.ts';

describe('monitor cache of the SQLite store', () => {
  const cipher = createTokenCipher({ current: newKey() });
  const logger = captureLogger().logger;
  const dirs: string[] = [];
  const closers: Array<() => Promise<void>> = [];
  after(async () => {
    for (const close of closers) await close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** Two instances on one file; the first one's clock is `clock.now`. */
  async function twoInstances(monitorCacheMs?: number) {
    const dir = await mkdtemp(join(tmpdir(), 'wxc-cache-'));
    dirs.push(dir);
    const path = join(dir, 'store.db');
    const clock = { now: 1_000_000 };
    const cached = createSqliteStore({
      path,
      cipher,
      logger,
      now: () => clock.now,
      ...(monitorCacheMs === undefined ? {} : { monitorCacheMs }),
    });
    const other = createSqliteStore({ path, cipher, logger });
    closers.push(
      () => cached.close(),
      () => other.close(),
    );
    return { cached, other, clock };
  }

  const alice: Monitor = {
    personId: 'alice',
    hookPath: 'hook-alice-0123456789',
    secret: 'secret-of-alice',
    webhookId: null,
    createdAt: 1_700_000_000_000,
  };

  it('reuses a monitor found by path until its TTL runs out', async () => {
    const { cached, other, clock } = await twoInstances(5000);
    await other.putMonitor(alice);
    assert.deepEqual(await cached.getMonitorByPath(alice.hookPath), alice);

    // Deleted by another instance: remembered for the TTL, then not.
    await other.deleteMonitor('alice');
    clock.now += 4999;
    assert.deepEqual(await cached.getMonitorByPath(alice.hookPath), alice);
    clock.now += 1;
    assert.equal(await cached.getMonitorByPath(alice.hookPath), undefined);
  });

  it('forgets a monitor at once when this instance deletes it', async () => {
    const { cached } = await twoInstances(5000);
    await cached.putMonitor(alice);
    assert.deepEqual(await cached.getMonitorByPath(alice.hookPath), alice);

    await cached.deleteMonitor('alice');
    assert.equal(await cached.getMonitorByPath(alice.hookPath), undefined);
  });

  it('forgets the old path when this instance moves a monitor', async () => {
    const { cached } = await twoInstances(5000);
    await cached.putMonitor(alice);
    assert.deepEqual(await cached.getMonitorByPath(alice.hookPath), alice);

    const moved = { ...alice, hookPath: 'hook-alice-moved-000', secret: 'new' };
    await cached.putMonitor(moved);
    assert.equal(await cached.getMonitorByPath(alice.hookPath), undefined);
    assert.deepEqual(await cached.getMonitorByPath(moved.hookPath), moved);
  });

  it('finds at once a monitor another instance created', async () => {
    const { cached, other } = await twoInstances(5000);
    assert.equal(await cached.getMonitorByPath(alice.hookPath), undefined);

    await other.putMonitor(alice);
    assert.deepEqual(await cached.getMonitorByPath(alice.hookPath), alice);
  });

  it('hands out copies: a caller changing one changes no later read', async () => {
    const { cached } = await twoInstances(5000);
    await cached.putMonitor(alice);
    const first = await cached.getMonitorByPath(alice.hookPath);
    assert.ok(first !== undefined);
    first.secret = 'tampered';
    assert.equal(
      (await cached.getMonitorByPath(alice.hookPath))?.secret,
      alice.secret,
    );
  });

  it('reads the store every time with a TTL of 0', async () => {
    const { cached, other } = await twoInstances(0);
    await other.putMonitor(alice);
    assert.deepEqual(await cached.getMonitorByPath(alice.hookPath), alice);

    await other.deleteMonitor('alice');
    assert.equal(await cached.getMonitorByPath(alice.hookPath), undefined);
  });
});
