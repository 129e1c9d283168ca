/**
 * The shared backend for several bot instances: Redis, every key under
 * one prefix. Sessions and monitors are sealed exactly as in SQLite;
 * expiry is Redis's own (PX), so claims and locks need no sweeping.
 *
 * Keys: sessions, monitors, monitor-paths and journal are hashes;
 * flow:<state>, claim:<key>, lock:<name>, call-view:<id> strings;
 * call:<id> a hash.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  RecordDecryptError,
  StoreError,
  StoreUnavailableError,
} from './errors.ts';
import { MonitorCache } from './monitor-cache.ts';
import {
  connectRedisClient,
  createRedisClient,
  type RedisClientOptions,
  reasonOf,
  watchRedisConnection,
} from './redis-client.ts';
import {
  DELETE_MONITOR,
  PUT_MONITOR,
  RECORD_CALL_EVENT,
  RELEASE_LOCK,
} from './redis-scripts.ts';
import {
  openMonitor,
  openSession,
  sealMonitor,
  sealSession,
  UnreadableRecordWarner,
} from './sealed-records.ts';
import type {
  CallEventVerdict,
  JournalEntry,
  Monitor,
  OAuthFlow,
  Session,
  Store,
} from './store.ts';
import type { TokenCipher } from './token-cipher.ts';

export interface RedisStoreOptions {
  /** A ready client; configure it to fail fast (see createRedisClient). */
  client: Redis;
  /** Prepended to every key, e.g. `wxc-cc:`. */
  prefix: string;
  cipher: TokenCipher;
  logger: Pick<Logger, 'warn' | 'info'>;
  now?: () => number;
  /** Quit the client on close() (when the store created it). */
  ownsClient?: boolean;
  /** How long a monitor found by path is reused (see MonitorCache). */
  monitorCacheMs?: number;
}

/** Expired flows stay this long, so "expired" can be told from "unknown". */
const FLOW_GRACE_MS = 24 * 60 * 60 * 1000;

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  return new RedisStore(options);
}

/** Creates a fail-fast client for `url`, connects it, wraps it. */
export async function connectRedisStore(
  options: Omit<RedisStoreOptions, 'client' | 'ownsClient'> &
    RedisClientOptions & { url: string },
): Promise<RedisStore> {
  const { url, logger } = options;
  const client = createRedisClient(url, options);
  watchRedisConnection(client, url, logger);
  await connectRedisClient(client, url);
  return new RedisStore({ ...options, client, ownsClient: true });
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const;

  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #cipher: TokenCipher;
  readonly #now: () => number;
  readonly #ownsClient: boolean;
  readonly #unreadable: UnreadableRecordWarner;
  readonly #monitors: MonitorCache;

  constructor(options: RedisStoreOptions) {
    this.#redis = options.client;
    this.#prefix = options.prefix;
    this.#cipher = options.cipher;
    this.#now = options.now ?? Date.now;
    this.#ownsClient = options.ownsClient ?? false;
    this.#monitors = new MonitorCache({
      now: this.#now,
      ...(options.monitorCacheMs === undefined
        ? {}
        : { ttlMs: options.monitorCacheMs }),
    });
    const { logger } = options;
    this.#unreadable = new UnreadableRecordWarner((fields, message) =>
      logger.warn(fields, message),
    );
  }

  async getSession(personId: string): Promise<Session | undefined> {
    const json = await this.#run(() =>
      this.#redis.hget(this.#key('sessions'), personId),
    );
    return json === null ? undefined : this.#openSession(personId, json);
  }

  async putSession(session: Session): Promise<void> {
    const json = JSON.stringify(sealSession(this.#cipher, session));
    await this.#run(() =>
      this.#redis.hset(this.#key('sessions'), session.personId, json),
    );
    this.#unreadable.forget('session', session.personId);
  }

  async deleteSession(personId: string): Promise<void> {
    await this.#run(() => this.#redis.hdel(this.#key('sessions'), personId));
  }

  async listSessions(): Promise<Session[]> {
    const all = await this.#run(() =>
      this.#redis.hgetall(this.#key('sessions')),
    );
    return Object.entries(all)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([id, json]) => this.#openSession(id, json) ?? []);
  }

  async countSessions(): Promise<number> {
    return this.#run(() => this.#redis.hlen(this.#key('sessions')));
  }

  async putFlow(flow: OAuthFlow): Promise<void> {
    const ttlMs = Math.max(1, flow.expiresAt - this.#now()) + FLOW_GRACE_MS;
    await this.#run(() =>
      this.#redis.set(
        this.#key(`flow:${flow.state}`),
        JSON.stringify(flow),
        'PX',
        ttlMs,
      ),
    );
  }

  async takeFlow(state: string): Promise<OAuthFlow | undefined> {
    const json = await this.#run(() =>
      this.#redis.getdel(this.#key(`flow:${state}`)),
    );
    return json === null ? undefined : (JSON.parse(json) as OAuthFlow);
  }

  async getMonitor(personId: string): Promise<Monitor | undefined> {
    const json = await this.#run(() =>
      this.#redis.hget(this.#key('monitors'), personId),
    );
    return json === null ? undefined : this.#openMonitor(personId, json);
  }

  async getMonitorByPath(hookPath: string): Promise<Monitor | undefined> {
    const cached = this.#monitors.get(hookPath);
    if (cached !== undefined) return cached;

    const generation = this.#monitors.generation();
    const personId = await this.#run(() =>
      this.#redis.hget(this.#key('monitor-paths'), hookPath),
    );
    if (personId === null) return undefined;
    const monitor = await this.getMonitor(personId);
    if (monitor?.hookPath !== hookPath) return undefined;
    this.#monitors.keep(monitor, generation);
    return monitor;
  }

  async putMonitor(monitor: Monitor): Promise<void> {
    const json = JSON.stringify(sealMonitor(this.#cipher, monitor));
    const stored = await this.#run(() =>
      this.#redis.eval(
        PUT_MONITOR,
        2,
        this.#key('monitors'),
        this.#key('monitor-paths'),
        monitor.personId,
        monitor.hookPath,
        json,
      ),
    );
    if (stored !== 1) {
      throw new StoreError(
        `The hook path of ${monitor.personId}'s monitor is already used ` +
          'by another person: generate a new one.',
      );
    }
    this.#unreadable.forget('monitor', monitor.personId);
    this.#monitors.forget(monitor.personId);
  }

  async deleteMonitor(personId: string): Promise<void> {
    await this.#run(() =>
      this.#redis.eval(
        DELETE_MONITOR,
        2,
        this.#key('monitors'),
        this.#key('monitor-paths'),
        personId,
      ),
    );
    // After the write: a read begun before it is not kept either.
    this.#monitors.forget(personId);
  }

  async listMonitors(): Promise<Monitor[]> {
    const all = await this.#run(() =>
      this.#redis.hgetall(this.#key('monitors')),
    );
    return Object.entries(all)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([id, json]) => this.#openMonitor(id, json) ?? []);
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    const reply = await this.#run(() =>
      this.#redis.set(this.#key(`claim:${key}`), '1', 'PX', ttlMs, 'NX'),
    );
    return reply === 'OK';
  }

  async recordCallEvent(
    callId: string,
    eventAt: number,
    ended: boolean,
    ttlMs: number,
  ): Promise<CallEventVerdict> {
    const applied = await this.#run(() =>
      this.#redis.eval(
        RECORD_CALL_EVENT,
        1,
        this.#key(`call:${callId}`),
        eventAt,
        ended ? 1 : 0,
        ttlMs,
      ),
    );
    return applied === 1 ? 'apply' : 'stale';
  }

  async swapCallView(
    callId: string,
    view: string | undefined,
    ttlMs: number,
  ): Promise<string | undefined> {
    const key = this.#key(`call-view:${callId}`);
    const before = await this.#run(() =>
      view === undefined
        ? this.#redis.getdel(key)
        : this.#redis.set(key, view, 'PX', ttlMs, 'GET'),
    );
    return before ?? undefined;
  }

  async tryLock(
    name: string,
    ttlMs: number,
  ): Promise<(() => Promise<void>) | undefined> {
    const key = this.#key(`lock:${name}`);
    const owner = randomBytes(16).toString('base64url');
    const reply = await this.#run(() =>
      this.#redis.set(key, owner, 'PX', ttlMs, 'NX'),
    );
    if (reply !== 'OK') return undefined;

    return async () => {
      await this.#run(() => this.#redis.eval(RELEASE_LOCK, 1, key, owner));
    };
  }

  async journalAdd(entry: JournalEntry): Promise<void> {
    const json = JSON.stringify(entry);
    await this.#run(() =>
      this.#redis.hset(this.#key('journal'), entry.id, json),
    );
  }

  async journalDone(id: string): Promise<void> {
    await this.#run(() => this.#redis.hdel(this.#key('journal'), id));
  }

  async journalPending(): Promise<JournalEntry[]> {
    const all = await this.#run(() =>
      this.#redis.hgetall(this.#key('journal')),
    );
    return Object.values(all)
      .map(readJournalEntry)
      .sort((a, b) => a.acceptedAt - b.acceptedAt || (a.id < b.id ? -1 : 1));
  }

  async ping(): Promise<void> {
    await this.#run(() => this.#redis.ping());
  }

  async close(): Promise<void> {
    if (!this.#ownsClient || this.#redis.status === 'end') return;
    try {
      await this.#redis.quit();
    } catch {
      // Already disconnected: nothing left to flush.
      this.#redis.disconnect();
    }
  }

  #key(name: string): string {
    return `${this.#prefix}${name}`;
  }

  #openSession(personId: string, json: string): Session | undefined {
    try {
      const session = openSession(this.#cipher, JSON.parse(json));
      if (session.personId !== personId) throw misfiled('session');
      return session;
    } catch (error) {
      this.#unreadable.report('session', personId, error);
      return undefined;
    }
  }

  #openMonitor(personId: string, json: string): Monitor | undefined {
    try {
      const monitor = openMonitor(this.#cipher, JSON.parse(json));
      if (monitor.personId !== personId) throw misfiled('monitor');
      return monitor;
    } catch (error) {
      this.#unreadable.report('monitor', personId, error);
      return undefined;
    }
  }

  /** Runs a command; a connection problem becomes "unavailable". */
  async #run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      // Redis answered with an error: a bug or bad data, not an outage.
      if ((error as Error | undefined)?.name === 'ReplyError') throw error;
      throw new StoreUnavailableError(
        `The Redis store is unavailable (${reasonOf(error)}); ` +
          'try again in a moment.',
        { cause: error },
      );
    }
  }
}

function misfiled(kind: string): RecordDecryptError {
  return new RecordDecryptError(`Stored ${kind} belongs to another person.`);
}

/**
 * A stored journal entry. Entries written before the body was kept as it
 * came carry it inside `payload` (`{"target":..,"body":..}`); an entry
 * whose body cannot be found keeps what it has, and the journal drops it
 * as unreadable.
 */
function readJournalEntry(json: string): JournalEntry {
  const stored = JSON.parse(json) as JournalEntry & { payload?: string };
  if (stored.payload === undefined) return stored;
  const { payload, ...entry } = stored;
  let wrapped: { target?: unknown; body?: unknown } = {};
  try {
    wrapped = JSON.parse(payload) ?? {};
  } catch {
    // Not a wrapper: left as the body.
  }
  return {
    ...entry,
    target: typeof wrapped.target === 'string' ? wrapped.target : null,
    body: typeof wrapped.body === 'string' ? wrapped.body : payload,
  };
}
