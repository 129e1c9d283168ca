import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { MIGRATIONS, migrate } from '../../src/store/migrations.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { captureLogger } from './capture-logger.ts';
import {
  type ContractBackend,
  newKey,
  runStoreContract,
  sampleSession,
} from './store-contract.ts';

async function sqliteBackend(): Promise<ContractBackend> {
  const dir = await mkdtemp(join(tmpdir(), 'wxc-store-'));
  const path = join(dir, 'nested', 'store.db');
  const stores: Store[] = [];
  const raw = () => new Database(path);

  return {
    async open(cipher, logger) {
      const store = createSqliteStore({ path, cipher, logger });
      stores.push(store);
      return store;
    },
    async dumpRaw() {
      const parts = await Promise.all(
        [path, `${path}-wal`].map((file) =>
          readFile(file).catch(() => Buffer.alloc(0)),
        ),
      );
      return Buffer.concat(parts).toString('latin1');
    },
    async readSealedAccessToken(personId) {
      const db = raw();
      const sealed = db
        .prepare('SELECT access_token_sealed FROM sessions WHERE person_id = ?')
        .pluck()
        .get(personId);
      db.close();
      return String(sealed);
    },
    async writeSealedAccessToken(personId, sealed) {
      const db = raw();
      db.prepare(
        'UPDATE sessions SET access_token_sealed = ? WHERE person_id = ?',
      ).run(sealed, personId);
      db.close();
    },
    async writeMalformedSession(personId) {
      const db = raw();
      db.prepare(
        'UPDATE sessions SET needs_reauth = 7 WHERE person_id = ?',
      ).run(personId);
      db.close();
    },
    async dispose() {
      await Promise.all(stores.map((s) => s.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

runStoreContract('SQLite', sqliteBackend);

describe('SQLite store', () => {
  async function tempPath() {
    const dir = await mkdtemp(join(tmpdir(), 'wxc-store-'));
    return { dir, path: join(dir, 'data', 'store.db') };
  }
  const cipher = createTokenCipher({ current: newKey() });
  const logger = captureLogger().logger;

  it('migrates an empty file once, and again is a no-op', async () => {
    const { dir, path } = await tempPath();
    const first = createSqliteStore({ path, cipher, logger });
    await first.close();

    const db = new Database(path);
    assert.equal(
      db.pragma('user_version', { simple: true }),
      MIGRATIONS.length,
    );
    assert.equal(migrate(db), MIGRATIONS.length);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all();
    assert.ok(tables.includes('sessions'));
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('carries pending journal entries over from the wrapped payloads of schema 2', async () => {
    const { dir, path } = await tempPath();
    await mkdir(dirname(path), { recursive: true });
    const db = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 2)) db.exec(migration);
    db.pragma('user_version = 2');
    const insert = db.prepare(
      'INSERT INTO journal (id, kind, payload, accepted_at) VALUES (?, ?, ?, ?)',
    );
    const callBody = '{"id":"w1","data":{"note":"a \\"quoted\\" word"}}';
    insert.run(
      'j1',
      'telephony_calls',
      JSON.stringify({ body: callBody, target: 'hook-1' }),
      1,
    );
    insert.run('j2', 'messages', JSON.stringify({ body: '{"data":{}}' }), 2);
    insert.run('j3', 'messages', 'not a wrapper', 3);
    db.close();

    const store = createSqliteStore({ path, cipher, logger });
    try {
      assert.deepEqual(await store.journalPending(), [
        {
          id: 'j1',
          kind: 'telephony_calls',
          target: 'hook-1',
          body: callBody,
          acceptedAt: 1,
        },
        {
          id: 'j2',
          kind: 'messages',
          target: null,
          body: '{"data":{}}',
          acceptedAt: 2,
        },
        // Kept as it was: the journal drops it as unreadable.
        {
          id: 'j3',
          kind: 'messages',
          target: null,
          body: 'not a wrapper',
          acceptedAt: 3,
        },
      ]);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a schema newer than it knows', async () => {
    const { dir, path } = await tempPath();
    (await createSqliteStore({ path, cipher, logger })).close();
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();

    assert.throws(
      () => createSqliteStore({ path, cipher, logger }),
      /newer than this release knows/,
    );
    await rm(dir, { recursive: true, force: true });
  });

  it('reads sessions back after a restart', async () => {
    const { dir, path } = await tempPath();
    const session = sampleSession('alice');
    const before = createSqliteStore({ path, cipher, logger });
    await before.putSession(session);
    await before.close();

    const after = createSqliteStore({ path, cipher, logger });
    assert.deepEqual(await after.getSession('alice'), session);
    await after.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets only one of two stores on one file take a lock', async () => {
    const { dir, path } = await tempPath();
    const a = createSqliteStore({ path, cipher, logger });
    const b = createSqliteStore({ path, cipher, logger });

    const [fromA, fromB] = await Promise.all([
      a.tryLock('reconcile', 60_000),
      b.tryLock('reconcile', 60_000),
    ]);
    assert.equal([fromA, fromB].filter((r) => r !== undefined).length, 1);
    await (fromA ?? fromB)?.();
    assert.ok(await b.tryLock('reconcile', 60_000));

    await a.close();
    await b.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sees claims and sessions written by another store on the file', async () => {
    const { dir, path } = await tempPath();
    const a = createSqliteStore({ path, cipher, logger });
    const b = createSqliteStore({ path, cipher, logger });

    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        (i % 2 ? a : b).putSession(sampleSession(`p${i}`)),
      ),
    );
    assert.equal(await a.countSessions(), 25);
    assert.equal(await a.claimOnce('delivery-x', 60_000), true);
    assert.equal(await b.claimOnce('delivery-x', 60_000), false);

    await a.close();
    await b.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stays consistent while another process writes the file', async () => {
    const { dir, path } = await tempPath();
    const key = newKey();
    const mine = createSqliteStore({
      path,
      cipher: createTokenCipher({ current: key }),
      logger,
    });
    const count = 100;

    const child = promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      join(import.meta.dirname, 'sqlite-writer.ts'),
      path,
      key.toString('base64'),
      'child',
      String(count),
    ]);
    let won = 0;
    for (let i = 0; i < count; i++) {
      await mine.putSession(sampleSession(`parent-${i}`));
      if (await mine.claimOnce(`shared-${i}`, 60_000)) won++;
    }
    const { stdout } = await child;

    assert.equal(await mine.countSessions(), 2 * count);
    assert.equal((await mine.listSessions()).length, 2 * count);
    assert.equal(won + Number(stdout), count, 'each claim won exactly once');
    await mine.close();
    await rm(dir, { recursive: true, force: true });
  });
});
