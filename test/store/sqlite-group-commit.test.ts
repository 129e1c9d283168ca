import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { isStoreUnavailable } from '../../src/store/errors.ts';
import { SqliteGroupCommit } from '../../src/store/sqlite-group-commit.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { captureLogger } from './capture-logger.ts';
import { newKey } from './store-contract.ts';

describe('SQLite group commit', () => {
  const cipher = createTokenCipher({ current: newKey() });
  const logger = captureLogger().logger;
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function tempPath() {
    const dir = await mkdtemp(join(tmpdir(), 'wxc-group-'));
    dirs.push(dir);
    return join(dir, 'store.db');
  }

  it('commits the writes of one turn together, each with its result', async () => {
    const path = await tempPath();
    const store = createSqliteStore({ path, cipher, logger });
    const reader = new Database(path, { readonly: true });
    try {
      const entry = (id: string) => ({
        id,
        kind: 'messages',
        target: null,
        body: '{}',
        acceptedAt: 1,
      });
      const [first, second] = await Promise.all([
        store.claimOnce('twice', 60_000),
        store.claimOnce('twice', 60_000),
        store.journalAdd(entry('a')),
        store.journalAdd(entry('b')),
      ]);
      assert.deepEqual([first, second], [true, false]);

      // Resolved means committed: another connection sees the entries.
      const ids = reader
        .prepare('SELECT id FROM journal_entries ORDER BY id')
        .pluck();
      assert.deepEqual(ids.all(), ['a', 'b']);
      await Promise.all([store.journalDone('a'), store.journalDone('b')]);
      assert.deepEqual(ids.all(), []);
    } finally {
      reader.close();
      await store.close();
    }
  });

  /** A database whose immediate transactions are counted. */
  function countingDatabase() {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
    let commits = 0;
    const counted = new Proxy(db, {
      get(target, property) {
        if (property !== 'transaction') {
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return (fn: (...args: unknown[]) => unknown) => {
          const transaction = target.transaction(fn);
          return {
            immediate: (...args: unknown[]) => {
              commits += 1;
              return transaction.immediate(...args);
            },
          };
        };
      },
    });
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    return { db, counted, insert, commits: () => commits };
  }

  // The clock stands still unless a test moves it: turns alone count.
  let clock = 0;
  const now = () => clock;

  it('commits an idle write by itself, and the writes of busy turns together', async () => {
    const { db, counted, insert, commits } = countingDatabase();
    const group = new SqliteGroupCommit(counted, (error) => error, { now });

    await group.run(() => insert.run(1));
    assert.equal(commits(), 1);

    // Three turns in a row each bring a write, as requests do under load.
    const writes = [group.run(() => insert.run(2))];
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        writes.push(group.run(() => insert.run(3)));
        setImmediate(() => {
          writes.push(group.run(() => insert.run(4)));
          resolve();
        });
      }),
    );
    await Promise.all(writes);
    assert.equal(commits(), 2);
    assert.deepEqual(db.prepare('SELECT n FROM t').pluck().all(), [1, 2, 3, 4]);
    db.close();
  });

  it('commits a group after four busy turns at most', async () => {
    const { db, counted, insert, commits } = countingDatabase();
    const group = new SqliteGroupCommit(counted, (error) => error, { now });

    const writes: Promise<unknown>[] = [];
    for (let turn = 0; turn < 8; turn += 1) {
      writes.push(group.run(() => insert.run(turn)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(writes);
    assert.equal(commits(), 2);
    db.close();
  });

  it('commits a group open for a millisecond at the end of that turn', async () => {
    const { db, counted, insert, commits } = countingDatabase();
    const group = new SqliteGroupCommit(counted, (error) => error, { now });

    const first = group.run(() => insert.run(1));
    clock += 1; // a long turn of other work
    await new Promise((resolve) => setImmediate(resolve));
    const second = group.run(() => insert.run(2));
    await Promise.all([first, second]);
    assert.equal(commits(), 2);
    db.close();
  });

  it('fails a write that breaks a constraint alone', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (n INTEGER NOT NULL CHECK (n > 0))');
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    const group = new SqliteGroupCommit(db, (error) => error);

    const results = await Promise.allSettled([
      group.run(() => insert.run(1)),
      group.run(() => insert.run(-1)),
      group.run(() => insert.run(2)),
    ]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(db.prepare('SELECT n FROM t').pluck().all(), [1, 2]);
    db.close();
  });

  it('fails the whole group as unavailable when the database is locked', async () => {
    const path = await tempPath();
    const store = createSqliteStore({
      path,
      cipher,
      logger,
      busyTimeoutMs: 20,
    });
    const other = new Database(path);
    try {
      other.exec('BEGIN IMMEDIATE');
      const results = await Promise.allSettled([
        store.claimOnce('k', 60_000),
        store.journalDone('x'),
      ]);
      for (const result of results) {
        assert.equal(result.status, 'rejected');
        assert.ok(isStoreUnavailable(result.reason));
      }
      other.exec('ROLLBACK');
      assert.equal(await store.claimOnce('k', 60_000), true);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('writes what is pending when the store closes', async () => {
    const path = await tempPath();
    const store = createSqliteStore({ path, cipher, logger });
    const added = store.journalAdd({
      id: 'late',
      kind: 'messages',
      target: null,
      body: '{}',
      acceptedAt: 1,
    });
    await store.close();
    await added;

    const reader = new Database(path, { readonly: true });
    const ids = reader.prepare('SELECT id FROM journal_entries').pluck().all();
    reader.close();
    assert.deepEqual(ids, ['late']);
  });
});
