/**
 * Every SQL statement of the SQLite store, prepared once. Conditional
 * upserts with RETURNING make each claim, lock and call-ordering check a
 * single atomic statement: a row comes back only when the write won.
 */
import type { Database, Statement } from 'better-sqlite3';

export interface SqliteStatements {
  getSession: Statement<[string]>;
  putSession: Statement<[object]>;
  deleteSession: Statement<[string]>;
  listSessions: Statement<[]>;
  countSessions: Statement<[]>;
  putFlow: Statement<[object]>;
  takeFlow: Statement<[string]>;
  getMonitor: Statement<[string]>;
  getMonitorByPath: Statement<[string]>;
  putMonitor: Statement<[object]>;
  deleteMonitor: Statement<[string]>;
  listMonitors: Statement<[]>;
  claim: Statement<[object]>;
  recordCallEvent: Statement<[object]>;
  /** Replaces (or with view undefined, removes) a call's view. */
  swapCallView: (swap: {
    callId: string;
    view: string | undefined;
    now: number;
    expiresAt: number;
  }) => string | undefined;
  lock: Statement<[object]>;
  unlock: Statement<[object]>;
  journalAdd: Statement<[object]>;
  journalDone: Statement<[string]>;
  journalPending: Statement<[]>;
  ping: Statement<[]>;
  /** Deletes expired claims, call states and views, locks, old flows. */
  sweep: (times: { now: number; flowsBefore: number }) => void;
}

export function createSqliteStatements(db: Database): SqliteStatements {
  const sweepClaims = db.prepare('DELETE FROM claims WHERE expires_at <= ?');
  const sweepCalls = db.prepare(
    'DELETE FROM call_events WHERE expires_at <= ?',
  );
  const sweepViews = db.prepare('DELETE FROM call_views WHERE expires_at <= ?');
  const sweepLocks = db.prepare('DELETE FROM locks WHERE expires_at <= ?');
  const sweepFlows = db.prepare('DELETE FROM oauth_flows WHERE expires_at < ?');
  const sweep = db.transaction(
    (times: { now: number; flowsBefore: number }) => {
      sweepClaims.run(times.now);
      sweepCalls.run(times.now);
      sweepViews.run(times.now);
      sweepLocks.run(times.now);
      sweepFlows.run(times.flowsBefore);
    },
  );

  const getView = db
    .prepare(
      'SELECT view FROM call_views WHERE call_id = @callId AND expires_at > @now',
    )
    .pluck();
  const putView = db.prepare(`
    INSERT INTO call_views (call_id, view, expires_at)
    VALUES (@callId, @view, @expiresAt)
    ON CONFLICT (call_id) DO UPDATE SET
      view = excluded.view,
      expires_at = excluded.expires_at
  `);
  const deleteView = db.prepare(
    'DELETE FROM call_views WHERE call_id = @callId',
  );
  const swapCallView = db.transaction(
    (swap: {
      callId: string;
      view: string | undefined;
      now: number;
      expiresAt: number;
    }) => {
      const before = getView.get(swap) as string | undefined;
      if (swap.view === undefined) deleteView.run(swap);
      else putView.run(swap);
      return before;
    },
  );

  return {
    getSession: db.prepare('SELECT * FROM sessions WHERE person_id = ?'),
    putSession: db.prepare(`
      INSERT INTO sessions (
        person_id, email, display_name, access_token_sealed,
        refresh_token_sealed, access_token_expires_at,
        refresh_token_expires_at, scopes, needs_reauth, created_at,
        updated_at
      ) VALUES (
        @personId, @email, @displayName, @accessTokenSealed,
        @refreshTokenSealed, @accessTokenExpiresAt,
        @refreshTokenExpiresAt, @scopes, @needsReauth, @createdAt,
        @updatedAt
      )
      ON CONFLICT (person_id) DO UPDATE SET
        email = excluded.email,
        display_name = excluded.display_name,
        access_token_sealed = excluded.access_token_sealed,
        refresh_token_sealed = excluded.refresh_token_sealed,
        access_token_expires_at = excluded.access_token_expires_at,
        refresh_token_expires_at = excluded.refresh_token_expires_at,
        scopes = excluded.scopes,
        needs_reauth = excluded.needs_reauth,
        created_at = excluded.created_at,
        updated_at = excluded.updated_at
    `),
    deleteSession: db.prepare('DELETE FROM sessions WHERE person_id = ?'),
    listSessions: db.prepare('SELECT * FROM sessions ORDER BY person_id'),
    countSessions: db.prepare('SELECT count(*) FROM sessions'),

    putFlow: db.prepare(`
      INSERT OR REPLACE INTO oauth_flows
        (state, person_id, email, code_verifier, expires_at)
      VALUES (@state, @personId, @email, @codeVerifier, @expiresAt)
    `),
    takeFlow: db.prepare(`
      DELETE FROM oauth_flows WHERE state = ?
      RETURNING state, person_id AS personId, email,
        code_verifier AS codeVerifier, expires_at AS expiresAt
    `),

    getMonitor: db.prepare('SELECT * FROM monitors WHERE person_id = ?'),
    getMonitorByPath: db.prepare('SELECT * FROM monitors WHERE hook_path = ?'),
    putMonitor: db.prepare(`
      INSERT INTO monitors
        (person_id, hook_path, secret_sealed, webhook_id, created_at)
      VALUES (@personId, @hookPath, @secretSealed, @webhookId, @createdAt)
      ON CONFLICT (person_id) DO UPDATE SET
        hook_path = excluded.hook_path,
        secret_sealed = excluded.secret_sealed,
        webhook_id = excluded.webhook_id,
        created_at = excluded.created_at
    `),
    deleteMonitor: db.prepare('DELETE FROM monitors WHERE person_id = ?'),
    listMonitors: db.prepare('SELECT * FROM monitors ORDER BY person_id'),

    claim: db.prepare(`
      INSERT INTO claims (key, expires_at) VALUES (@key, @expiresAt)
      ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at
        WHERE claims.expires_at <= @now
      RETURNING key
    `),
    recordCallEvent: db.prepare(`
      INSERT INTO call_events (call_id, last_event_at, ended, expires_at)
      VALUES (@callId, @eventAt, @ended, @expiresAt)
      ON CONFLICT (call_id) DO UPDATE SET
        last_event_at = excluded.last_event_at,
        ended = excluded.ended,
        expires_at = excluded.expires_at
        WHERE call_events.expires_at <= @now
          OR (call_events.ended = 0
            AND call_events.last_event_at <= excluded.last_event_at)
      RETURNING call_id
    `),
    swapCallView: (swap) => swapCallView.immediate(swap),
    lock: db.prepare(`
      INSERT INTO locks (name, owner, expires_at)
      VALUES (@name, @owner, @expiresAt)
      ON CONFLICT (name) DO UPDATE SET
        owner = excluded.owner,
        expires_at = excluded.expires_at
        WHERE locks.expires_at <= @now
      RETURNING owner
    `),
    unlock: db.prepare(
      'DELETE FROM locks WHERE name = @name AND owner = @owner',
    ),

    journalAdd: db.prepare(`
      INSERT OR REPLACE INTO journal_entries
        (id, kind, target, body, accepted_at)
      VALUES (@id, @kind, @target, @body, @acceptedAt)
    `),
    journalDone: db.prepare('DELETE FROM journal_entries WHERE id = ?'),
    journalPending: db.prepare(`
      SELECT id, kind, target, body, accepted_at AS acceptedAt
      FROM journal_entries ORDER BY accepted_at, id
    `),

    ping: db.prepare('SELECT 1'),
    sweep: (times) => sweep.immediate(times),
  };
}
