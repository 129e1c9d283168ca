/**
 * The default backend: one SQLite file in WAL mode. Several processes
 * may share the file; every read-modify-write is a single statement or
 * an immediate transaction, and busy_timeout makes writers queue.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { StoreUnavailableError } from './errors.ts';
import { migrate } from './migrations.ts';
import { MonitorCache } from './monitor-cache.ts';
import {
  openMonitor,
  openSession,
  sealMonitor,
  sealSession,
  UnreadableRecordWarner,
} from './sealed-records.ts';
import { SqliteGroupCommit } from './sqlite-group-commit.ts';
import {
  createSqliteStatements,
  type SqliteStatements,
} from './sqlite-statements.ts';
import type {
  CallEventVerdict,
  JournalEntry,
  Monitor,
  OAuthFlow,
  Session,
  Store,
} from './store.ts';
import type { TokenCipher } from './token-cipher.ts';
import {
  startWalCheckpointer,
  type WalCheckpointer,
} from './wal-checkpointer.ts';

export interface SqliteStoreOptions {
  /** File path, created with its directory when missing; or ':memory:'. */
  path: string;
  cipher: TokenCipher;
  logger: Pick<Logger, 'warn' | 'info'>;
  now?: () => number;
  /** How long a writer waits for another process's lock. */
  busyTimeoutMs?: number;
  /** How long a monitor found by path is reused (see MonitorCache). */
  monitorCacheMs?: number;
}

/** Expired claims, call states and locks are deleted this often. */
const SWEEP_INTERVAL_MS = 60_000;
/** Expired flows stay this long, so "expired" can be told from "unknown". */
const FLOW_GRACE_MS = 24 * 60 * 60 * 1000;
/** How often the WAL is checkpointed, off the event loop. */
const CHECKPOINT_INTERVAL_MS = 250;

/** SQLite result codes meaning "busy or broken right now", not "bad call". */
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY)/;

export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;

  readonly #db: Database.Database;
  readonly #sql: SqliteStatements;
  readonly #cipher: TokenCipher;
  readonly #now: () => number;
  readonly #unreadable: UnreadableRecordWarner;
  readonly #checkpointer: WalCheckpointer | undefined;
  readonly #monitors: MonitorCache;
  readonly #group: SqliteGroupCommit;
  #lastSweepAt = Number.NEGATIVE_INFINITY;

  constructor(options: SqliteStoreOptions) {
    const { path, cipher, logger } = options;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });

    this.#db = new Database(path, {
      timeout: options.busyTimeoutMs ?? 5000,
    });
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    migrate(this.#db);
    if (path !== ':memory:') {
      // Checkpoints (and their fsyncs) run in a worker, not in a commit.
      this.#db.pragma('wal_autocheckpoint = 0');
      this.#checkpointer = startWalCheckpointer({
        path,
        intervalMs: CHECKPOINT_INTERVAL_MS,
        onError: (message) =>
          logger.warn({ path }, `SQLite WAL checkpoint failed: ${message}`),
      });
    }

    this.#sql = createSqliteStatements(this.#db);
    this.#group = new SqliteGroupCommit(this.#db, translateSqliteError);
    this.#cipher = cipher;
    this.#now = options.now ?? Date.now;
    this.#monitors = new MonitorCache({
      now: this.#now,
      ...(options.monitorCacheMs === undefined
        ? {}
        : { ttlMs: options.monitorCacheMs }),
    });
    this.#unreadable = new UnreadableRecordWarner((fields, message) =>
      logger.warn(fields, message),
    );
  }

  async getSession(personId: string): Promise<Session | undefined> {
    const row = this.#guard(() => this.#sql.getSession.get(personId));
    return row === undefined ? undefined : this.#openSessionRow(row);
  }

  async putSession(session: Session): Promise<void> {
    const sealed = sealSession(this.#cipher, session);
    this.#guard(() =>
      this.#sql.putSession.run({
        ...sealed,
        needsReauth: sealed.needsReauth ? 1 : 0,
      }),
    );
    this.#unreadable.forget('session', session.personId);
  }

  async deleteSession(personId: string): Promise<void> {
    this.#guard(() => this.#sql.deleteSession.run(personId));
  }

  async listSessions(): Promise<Session[]> {
    const rows = this.#guard(() => this.#sql.listSessions.all());
    return rows.flatMap((row) => this.#openSessionRow(row) ?? []);
  }

  async countSessions(): Promise<number> {
    return this.#guard(() => this.#sql.countSessions.pluck().get() as number);
  }

  async putFlow(flow: OAuthFlow): Promise<void> {
    this.#sweepIfDue();
    this.#guard(() => this.#sql.putFlow.run(flow));
  }

  async takeFlow(state: string): Promise<OAuthFlow | undefined> {
    return this.#guard(() => this.#sql.takeFlow.get(state)) as
      | OAuthFlow
      | undefined;
  }

  async getMonitor(personId: string): Promise<Monitor | undefined> {
    const row = this.#guard(() => this.#sql.getMonitor.get(personId));
    return row === undefined ? undefined : this.#openMonitorRow(row);
  }

  async getMonitorByPath(hookPath: string): Promise<Monitor | undefined> {
    const cached = this.#monitors.get(hookPath);
    if (cached !== undefined) return cached;

    const generation = this.#monitors.generation();
    const row = this.#guard(() => this.#sql.getMonitorByPath.get(hookPath));
    const monitor = row === undefined ? undefined : this.#openMonitorRow(row);
    if (monitor !== undefined) this.#monitors.keep(monitor, generation);
    return monitor;
  }

  async putMonitor(monitor: Monitor): Promise<void> {
    const sealed = sealMonitor(this.#cipher, monitor);
    this.#monitors.forget(monitor.personId);
    this.#guard(() => this.#sql.putMonitor.run(sealed));
    this.#unreadable.forget('monitor', monitor.personId);
  }

  async deleteMonitor(personId: string): Promise<void> {
    this.#monitors.forget(personId);
    this.#guard(() => this.#sql.deleteMonitor.run(personId));
  }

  async listMonitors(): Promise<Monitor[]> {
    const rows = this.#guard(() => this.#sql.listMonitors.all());
    return rows.flatMap((row) => this.#openMonitorRow(row) ?? []);
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    this.#sweepIfDue();
    const now = this.#now();
    const claimed = await this.#group.run(() =>
      this.#sql.claim.get({ key, now, expiresAt: now + ttlMs }),
    );
    return claimed !== undefined;
  }

  async recordCallEvent(
    callId: string,
    eventAt: number,
    ended: boolean,
    ttlMs: number,
  ): Promise<CallEventVerdict> {
    this.#sweepIfDue();
    const now = this.#now();
    const applied = this.#guard(() =>
      this.#sql.recordCallEvent.get({
        callId,
        eventAt,
        ended: ended ? 1 : 0,
        now,
        expiresAt: now + ttlMs,
      }),
    );
    return applied === undefined ? 'stale' : 'apply';
  }

  async swapCallView(
    callId: string,
    view: string | undefined,
    ttlMs: number,
  ): Promise<string | undefined> {
    this.#sweepIfDue();
    const now = this.#now();
    return this.#guard(() =>
      this.#sql.swapCallView({ callId, view, now, expiresAt: now + ttlMs }),
    );
  }

  async tryLock(
    name: string,
    ttlMs: number,
  ): Promise<(() => Promise<void>) | undefined> {
    this.#sweepIfDue();
    const owner = randomBytes(16).toString('base64url');
    const now = this.#now();
    const taken = this.#guard(() =>
      this.#sql.lock.get({ name, owner, now, expiresAt: now + ttlMs }),
    );
    if (taken === undefined) return undefined;

    // Deleting by owner: a lock that expired and was taken by someone
    // else is left alone.
    return async () => {
      this.#guard(() => this.#sql.unlock.run({ name, owner }));
    };
  }

  /** Resolves once the entry is committed (with this turn's group). */
  async journalAdd(entry: JournalEntry): Promise<void> {
    await this.#group.run(() => this.#sql.journalAdd.run(entry));
  }

  async journalDone(id: string): Promise<void> {
    await this.#group.run(() => this.#sql.journalDone.run(id));
  }

  async journalPending(): Promise<JournalEntry[]> {
    return this.#guard(() => this.#sql.journalPending.all()) as JournalEntry[];
  }

  async ping(): Promise<void> {
    this.#guard(() => this.#sql.ping.get());
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#group.flush();
    await this.#checkpointer?.stop();
    if (this.#db.open) this.#db.close();
  }

  #openSessionRow(row: unknown): Session | undefined {
    const r = row as Record<string, unknown>;
    try {
      return openSession(this.#cipher, {
        personId: r.person_id,
        email: r.email,
        displayName: r.display_name,
        accessTokenSealed: r.access_token_sealed,
        refreshTokenSealed: r.refresh_token_sealed,
        accessTokenExpiresAt: r.access_token_expires_at,
        refreshTokenExpiresAt: r.refresh_token_expires_at,
        scopes: r.scopes,
        needsReauth: asBoolean(r.needs_reauth),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      });
    } catch (error) {
      this.#unreadable.report('session', String(r.person_id), error);
      return undefined;
    }
  }

  #openMonitorRow(row: unknown): Monitor | undefined {
    const r = row as Record<string, unknown>;
    try {
      return openMonitor(this.#cipher, {
        personId: r.person_id,
        hookPath: r.hook_path,
        secretSealed: r.secret_sealed,
        webhookId: r.webhook_id,
        createdAt: r.created_at,
      });
    } catch (error) {
      this.#unreadable.report('monitor', String(r.person_id), error);
      return undefined;
    }
  }

  #sweepIfDue(): void {
    const now = this.#now();
    if (now - this.#lastSweepAt < SWEEP_INTERVAL_MS) return;
    this.#lastSweepAt = now;
    this.#guard(() =>
      this.#sql.sweep({ now, flowsBefore: now - FLOW_GRACE_MS }),
    );
  }

  /** Runs a statement; a busy or failing database becomes "unavailable". */
  #guard<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw translateSqliteError(error);
    }
  }
}

/** A busy or failing database becomes "unavailable"; the rest as is. */
function translateSqliteError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
    return new StoreUnavailableError(
      `The SQLite store is unavailable (${code}); try again shortly.`,
      { cause: error },
    );
  }
  return error;
}

function asBoolean(value: unknown): unknown {
  if (value === 0) return false;
  if (value === 1) return true;
  return value;
}
