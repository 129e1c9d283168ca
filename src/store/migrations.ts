/**
 * The SQLite schema as an ordered list of migrations. `PRAGMA
 * user_version` records how many have run; each runs once, in its own
 * immediate transaction, so processes starting together on one file
 * cannot apply the same step twice.
 */
import type { Database } from 'better-sqlite3';
import { StoreConfigError } from './errors.ts';

/** Append only: never edit a migration once released. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (
    person_id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    access_token_sealed TEXT NOT NULL,
    refresh_token_sealed TEXT NOT NULL,
    access_token_expires_at INTEGER,
    refresh_token_expires_at INTEGER,
    scopes TEXT NOT NULL,
    needs_reauth INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE oauth_flows (
    state TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    email TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX oauth_flows_expires_at ON oauth_flows (expires_at);

  CREATE TABLE monitors (
    person_id TEXT PRIMARY KEY,
    hook_path TEXT NOT NULL UNIQUE,
    secret_sealed TEXT NOT NULL,
    webhook_id TEXT,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE claims (
    key TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX claims_expires_at ON claims (expires_at);

  CREATE TABLE call_events (
    call_id TEXT PRIMARY KEY,
    last_event_at INTEGER NOT NULL,
    ended INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX call_events_expires_at ON call_events (expires_at);

  CREATE TABLE locks (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE journal (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    accepted_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX journal_accepted_at ON journal (accepted_at);
  `,
  `
  CREATE TABLE call_views (
    call_id TEXT PRIMARY KEY,
    view TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX call_views_expires_at ON call_views (expires_at);
  `,
  // The delivered body is kept as it came, next to its target, instead
  // of inside a JSON wrapper (escaping it cost more than the write).
  // Pending entries are small in number: no index on accepted_at.
  `
  CREATE TABLE journal_entries (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    target TEXT,
    body TEXT NOT NULL,
    accepted_at INTEGER NOT NULL
  ) STRICT;

  INSERT INTO journal_entries (id, kind, target, body, accepted_at)
  SELECT
    id,
    kind,
    CASE WHEN json_valid(payload) AND json_type(payload, '$.target') = 'text'
      THEN json_extract(payload, '$.target') END,
    CASE WHEN json_valid(payload) AND json_type(payload, '$.body') = 'text'
      THEN json_extract(payload, '$.body') ELSE payload END,
    accepted_at
  FROM journal;

  DROP TABLE journal;
  `,
];

/** Brings the schema up to date; returns the resulting version. */
export function migrate(db: Database): number {
  for (;;) {
    const step = db.transaction(() => {
      const version = db.pragma('user_version', { simple: true }) as number;
      const migration = MIGRATIONS[version];
      if (migration === undefined) return false;
      db.exec(migration);
      db.pragma(`user_version = ${version + 1}`);
      return true;
    });
    if (!step.immediate()) break;
  }

  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new StoreConfigError(
      `The database schema is version ${version}, newer than this ` +
        `release knows (${MIGRATIONS.length}): upgrade wxc-callcontrol.`,
    );
  }
  return version;
}
