/**
 * The behaviour every Store backend must show. Each backend's test file
 * calls runStoreContract with a factory for fresh, isolated storage.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type {
  Monitor,
  OAuthFlow,
  Session,
  Store,
} from '../../src/store/store.ts';
import {
  createTokenCipher,
  type TokenCipher,
} from '../../src/store/token-cipher.ts';
import { captureLogger } from './capture-logger.ts';

/** Fresh storage for one test, and raw access to it. */
export interface ContractBackend {
  /** A store over this storage; call again for a second instance. */
  open(cipher: TokenCipher, logger: Logger): Promise<Store>;
  /** Everything persisted, as raw text (file bytes, raw keys). */
  dumpRaw(): Promise<string>;
  readSealedAccessToken(personId: string): Promise<string>;
  writeSealedAccessToken(personId: string, sealed: string): Promise<void>;
  /** Overwrites the person's session with something not a session. */
  writeMalformedSession(personId: string): Promise<void>;
  /** Closes every store opened and removes the storage. */
  dispose(): Promise<void>;
}

export function newKey(): Buffer {
  return randomBytes(32);
}

export function sampleSession(
  personId: string,
  overrides: Partial<Session> = {},
): Session {
  return {
    personId,
    email: `${personId}@example.com`,
    displayName: `Person ${personId}`,
    accessToken: `access-${personId}-${randomBytes(12).toString('hex')}`,
    refreshToken: `refresh-${personId}-${randomBytes(12).toString('hex')}`,
    accessTokenExpiresAt: 1_900_000_000_000,
    refreshTokenExpiresAt: null,
    scopes: 'spark:people_read spark:calls_write',
    needsReauth: false,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_001_000,
    ...overrides,
  };
}

function sampleMonitor(personId: string): Monitor {
  return {
    personId,
    hookPath: `hook-${randomBytes(8).toString('hex')}`,
    secret: `secret-${randomBytes(12).toString('hex')}`,
    webhookId: null,
    createdAt: 1_700_000_000_000,
  };
}

function sampleFlow(state: string, expiresAt: number): OAuthFlow {
  return {
    state,
    personId: 'person-f',
    email: 'f@example.com',
    codeVerifier: randomBytes(32).toString('base64url'),
    expiresAt,
  };
}

export function runStoreContract(
  name: string,
  makeBackend: () => Promise<ContractBackend>,
  options: { skip?: string | false } = {},
): void {
  describe(`${name} store contract`, { skip: options.skip ?? false }, () => {
    let backend: ContractBackend | undefined;

    afterEach(async () => {
      await backend?.dispose();
      backend = undefined;
    });

    async function setup(cipher = createTokenCipher({ current: newKey() })) {
      backend = await makeBackend();
      const log = captureLogger();
      const store = await backend.open(cipher, log.logger);
      return { backend, store, log, cipher };
    }

    it('round-trips, updates, counts and deletes sessions', async () => {
      const { store } = await setup();
      const alice = sampleSession('alice');
      const bob = sampleSession('bob', {
        accessTokenExpiresAt: null,
        needsReauth: true,
      });

      await store.putSession(alice);
      await store.putSession(bob);
      assert.deepEqual(await store.getSession('alice'), alice);
      assert.deepEqual(await store.getSession('bob'), bob);
      assert.equal(await store.getSession('carol'), undefined);
      assert.equal(await store.countSessions(), 2);

      const refreshed = { ...alice, accessToken: 'new-token', updatedAt: 5 };
      await store.putSession(refreshed);
      assert.deepEqual(await store.getSession('alice'), refreshed);
      assert.equal(await store.countSessions(), 2);

      await store.deleteSession('alice');
      assert.equal(await store.getSession('alice'), undefined);
      assert.deepEqual(await store.listSessions(), [bob]);
    });

    it('keeps no token or webhook secret readable at rest', async () => {
      const { store, backend } = await setup();
      const session = sampleSession('alice');
      const monitor = sampleMonitor('alice');
      await store.putSession(session);
      await store.putMonitor(monitor);

      const raw = await backend.dumpRaw();
      assert.ok(raw.includes('alice@example.com'), 'the dump sees the rows');
      assert.ok(!raw.includes(session.accessToken));
      assert.ok(!raw.includes(session.refreshToken));
      assert.ok(!raw.includes(monitor.secret));
    });

    it('hands out a flow once, and expired flows too', async () => {
      const { store } = await setup();
      const flow = sampleFlow('state-1', Date.now() + 600_000);
      const expired = sampleFlow('state-2', Date.now() - 1000);
      await store.putFlow(flow);
      await store.putFlow(expired);

      assert.deepEqual(await store.takeFlow('state-1'), flow);
      assert.equal(await store.takeFlow('state-1'), undefined);
      assert.equal(await store.takeFlow('unknown'), undefined);

      const late = await store.takeFlow('state-2');
      assert.deepEqual(late, expired);
      assert.ok((late?.expiresAt ?? Infinity) < Date.now());
    });

    it('gives a flow to only one of many concurrent takers', async () => {
      const { store } = await setup();
      await store.putFlow(sampleFlow('contested', Date.now() + 60_000));
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.takeFlow('contested')),
      );
      assert.equal(results.filter((r) => r !== undefined).length, 1);
    });

    it('finds monitors by person and by path, and forgets old paths', async () => {
      const { store } = await setup();
      const alice = sampleMonitor('alice');
      const bob = sampleMonitor('bob');
      await store.putMonitor(alice);
      await store.putMonitor(bob);

      assert.deepEqual(await store.getMonitor('alice'), alice);
      assert.deepEqual(await store.getMonitorByPath(bob.hookPath), bob);
      assert.equal(await store.getMonitorByPath('nope'), undefined);

      const moved = { ...alice, hookPath: 'hook-new', webhookId: 'wh-1' };
      await store.putMonitor(moved);
      assert.equal(await store.getMonitorByPath(alice.hookPath), undefined);
      assert.deepEqual(await store.getMonitorByPath('hook-new'), moved);

      const listed = await store.listMonitors();
      assert.deepEqual(
        listed.sort((a, b) => a.personId.localeCompare(b.personId)),
        [moved, bob],
      );

      await store.deleteMonitor('alice');
      assert.equal(await store.getMonitor('alice'), undefined);
      assert.equal(await store.getMonitorByPath('hook-new'), undefined);
    });

    it('claims a key once until its ttl runs out', async () => {
      const { store } = await setup();
      assert.equal(await store.claimOnce('delivery-1', 60_000), true);
      assert.equal(await store.claimOnce('delivery-1', 60_000), false);
      assert.equal(await store.claimOnce('delivery-2', 60_000), true);

      assert.equal(await store.claimOnce('short', 40), true);
      assert.equal(await store.claimOnce('short', 40), false);
      await sleep(80);
      assert.equal(await store.claimOnce('short', 40), true);
    });

    it('grants a claim to exactly one of many concurrent callers', async () => {
      const { store } = await setup();
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.claimOnce('race', 60_000)),
      );
      assert.equal(results.filter(Boolean).length, 1);
    });

    it('orders call events: older and post-end events are stale, equal times apply', async () => {
      const { store } = await setup();
      const ttl = 60_000;
      assert.equal(await store.recordCallEvent('c1', 100, false, ttl), 'apply');
      assert.equal(await store.recordCallEvent('c1', 200, false, ttl), 'apply');
      assert.equal(await store.recordCallEvent('c1', 150, false, ttl), 'stale');
      assert.equal(await store.recordCallEvent('c1', 200, false, ttl), 'apply');
      assert.equal(await store.recordCallEvent('c1', 300, true, ttl), 'apply');
      assert.equal(await store.recordCallEvent('c1', 400, false, ttl), 'stale');
      assert.equal(await store.recordCallEvent('c1', 500, true, ttl), 'stale');

      assert.equal(await store.recordCallEvent('c2', 50, false, ttl), 'apply');
    });

    it('forgets a call once its ordering state expires', async () => {
      const { store } = await setup();
      assert.equal(await store.recordCallEvent('c1', 100, true, 40), 'apply');
      assert.equal(await store.recordCallEvent('c1', 200, false, 40), 'stale');
      await sleep(80);
      assert.equal(await store.recordCallEvent('c1', 50, false, 40), 'apply');
    });

    it('swaps a call view, shared by a second instance, until forgotten or expired', async () => {
      const { backend, store, cipher } = await setup();
      const other = await backend.open(cipher, captureLogger().logger);
      const ttl = 60_000;
      assert.equal(await store.swapCallView('c1', 'ringing', ttl), undefined);
      assert.equal(await other.swapCallView('c1', 'held', ttl), 'ringing');
      assert.equal(await store.swapCallView('c2', 'other', ttl), undefined);
      assert.equal(await store.swapCallView('c1', undefined, ttl), 'held');
      assert.equal(await other.swapCallView('c1', 'again', 40), undefined);
      await sleep(80);
      assert.equal(await store.swapCallView('c1', 'later', ttl), undefined);
      assert.equal(await other.swapCallView('c2', undefined, ttl), 'other');
    });

    it('holds a lock exclusively until released', async () => {
      const { store } = await setup();
      const release = await store.tryLock('refresh:alice', 60_000);
      assert.ok(release);
      assert.equal(await store.tryLock('refresh:alice', 60_000), undefined);
      assert.ok(await store.tryLock('refresh:bob', 60_000));

      await release();
      const again = await store.tryLock('refresh:alice', 60_000);
      assert.ok(again);
      await release(); // a stale release must not free the new holder
      assert.equal(await store.tryLock('refresh:alice', 60_000), undefined);
      await again();
    });

    it('frees a lock whose holder let it expire', async () => {
      const { store } = await setup();
      const first = await store.tryLock('sweep', 40);
      assert.ok(first);
      await sleep(80);
      const second = await store.tryLock('sweep', 60_000);
      assert.ok(second);
      await first(); // the late holder must not free the new one
      assert.equal(await store.tryLock('sweep', 60_000), undefined);
    });

    it('gives a lock to exactly one of many concurrent callers', async () => {
      const { store } = await setup();
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.tryLock('race', 60_000)),
      );
      assert.equal(results.filter((r) => r !== undefined).length, 1);
    });

    it('keeps journal entries until done, oldest first', async () => {
      const { store } = await setup();
      const second = {
        id: 'd2',
        kind: 'call',
        target: 'hook-path-of-d2',
        body: '{"b":"two \\"quoted\\" words"}',
        acceptedAt: 20,
      };
      const first = {
        id: 'd1',
        kind: 'card',
        target: null,
        body: '{"a":1}',
        acceptedAt: 10,
      };
      await store.journalAdd(second);
      await store.journalAdd(first);
      assert.deepEqual(await store.journalPending(), [first, second]);

      await store.journalDone('d1');
      await store.journalDone('never-added');
      assert.deepEqual(await store.journalPending(), [second]);
    });

    it('skips tampered, foreign and malformed sessions with one warning each', async () => {
      const { store, backend, log } = await setup();
      const good = sampleSession('good');
      const tampered = sampleSession('tampered');
      const foreign = sampleSession('foreign');
      const malformed = sampleSession('malformed');
      for (const s of [good, tampered, foreign, malformed]) {
        await store.putSession(s);
      }

      const sealed = await backend.readSealedAccessToken('tampered');
      const flipped = `${sealed.slice(0, -3)}${sealed.at(-3) === 'A' ? 'B' : 'A'}${sealed.slice(-2)}`;
      await backend.writeSealedAccessToken('tampered', flipped);
      // A valid record, but sealed for another row.
      await backend.writeSealedAccessToken(
        'foreign',
        await backend.readSealedAccessToken('good'),
      );
      await backend.writeMalformedSession('malformed');

      assert.deepEqual(await store.listSessions(), [good]);
      assert.deepEqual(await store.listSessions(), [good]);
      assert.equal(await store.getSession('tampered'), undefined);
      assert.equal(await store.getSession('foreign'), undefined);
      assert.deepEqual(await store.getSession('good'), good);

      const warnings = log.lines.filter((line) => line.level === 40);
      const named = (id: string) =>
        warnings.filter((w) => w.personId === id).length;
      assert.equal(named('tampered'), 1);
      assert.equal(named('foreign'), 1);
      assert.equal(named('malformed'), 1);
      assert.equal(warnings.length, 3);
      for (const s of [good, tampered, foreign, malformed]) {
        assert.ok(!log.text().includes(s.accessToken));
        assert.ok(!log.text().includes(s.refreshToken));
      }

      // Writing the session again repairs it.
      await store.putSession(tampered);
      assert.deepEqual(await store.getSession('tampered'), tampered);
    });

    it('reads records sealed with an older key of the keyring', async () => {
      const oldKey = newKey();
      const { store, backend } = await setup(
        createTokenCipher({ current: oldKey }),
      );
      const session = sampleSession('alice');
      const monitor = sampleMonitor('alice');
      await store.putSession(session);
      await store.putMonitor(monitor);

      const rotated = await backend.open(
        createTokenCipher({ current: newKey(), previous: [oldKey] }),
        captureLogger().logger,
      );
      assert.deepEqual(await rotated.getSession('alice'), session);
      assert.deepEqual(await rotated.getMonitor('alice'), monitor);

      const log = captureLogger();
      const withoutOldKey = await backend.open(
        createTokenCipher({ current: newKey() }),
        log.logger,
      );
      assert.equal(await withoutOldKey.getSession('alice'), undefined);
      assert.equal(await withoutOldKey.countSessions(), 1);
      assert.match(
        String(log.lines.find((l) => l.personId === 'alice')?.msg),
        /unknown key id/,
      );
    });

    it('stores 50 people written at once', async () => {
      const { store } = await setup();
      const sessions = Array.from({ length: 50 }, (_, i) =>
        sampleSession(`person-${String(i).padStart(2, '0')}`),
      );
      await Promise.all(sessions.map((s) => store.putSession(s)));

      assert.equal(await store.countSessions(), 50);
      const listed = await store.listSessions();
      assert.deepEqual(
        listed.sort((a, b) => a.personId.localeCompare(b.personId)),
        sessions,
      );
    });

    it('answers ping while open', async () => {
      const { store } = await setup();
      await store.ping();
    });
  });
}
