/**
 * The bot's persistent state behind one small async interface. Every
 * backend (SQLite by default, Redis when several instances share state)
 * passes the same contract suite in test/store/store-contract.ts.
 *
 * Backends receive plain objects and encrypt the token fields themselves
 * (see token-cipher.ts): nothing readable ever reaches the database.
 * Times are epoch milliseconds from the clock handed to the backend.
 */

/** What the bot holds for one person who authorized it. */
export interface Session {
  personId: string;
  email: string;
  displayName: string;
  accessToken: string;
  refreshToken: string;
  /** null when Webex sent no `expires_in`: treat as valid, refresh on 401. */
  accessTokenExpiresAt: number | null;
  refreshTokenExpiresAt: number | null;
  scopes: string;
  /** Set when a refresh was refused: the person must run /auth again. */
  needsReauth: boolean;
  createdAt: number;
  updatedAt: number;
}

/** An authorization started by /auth, waiting for the browser's return. */
export interface OAuthFlow {
  /** Random, at least 128 bits, base64url: the OAuth `state`. */
  state: string;
  personId: string;
  email: string;
  /** PKCE verifier; its S256 challenge went into the authorize URL. */
  codeVerifier: string;
  expiresAt: number;
}

/** A person's `telephony_calls` monitoring: where and how Webex calls us. */
export interface Monitor {
  personId: string;
  /** Opaque, random path segment of the webhook target (never the id). */
  hookPath: string;
  /** Per-person webhook secret for X-Spark-Signature. */
  secret: string;
  /** The Webex webhook id once created. */
  webhookId: string | null;
  createdAt: number;
}

/** An accepted delivery not yet fully processed (survives a crash). */
export interface JournalEntry {
  id: string;
  /** What was delivered (the Webex resource, e.g. `telephony_calls`). */
  kind: string;
  /** What the delivery's path named (a monitor's hook path), if anything. */
  target: string | null;
  /** The delivered bytes, as UTF-8 text. */
  body: string;
  acceptedAt: number;
}

export type CallEventVerdict = 'apply' | 'stale';

export interface Store {
  readonly kind: 'sqlite' | 'redis';

  getSession(personId: string): Promise<Session | undefined>;
  putSession(session: Session): Promise<void>;
  deleteSession(personId: string): Promise<void>;
  /** Every readable session; corrupt or foreign rows are skipped. */
  listSessions(): Promise<Session[]>;
  countSessions(): Promise<number>;

  putFlow(flow: OAuthFlow): Promise<void>;
  /**
   * Atomically removes and returns the flow. Returns undefined when the
   * state is unknown or already used; an expired flow is returned so the
   * caller can tell "expired" from "unknown" (check `expiresAt`).
   */
  takeFlow(state: string): Promise<OAuthFlow | undefined>;

  getMonitor(personId: string): Promise<Monitor | undefined>;
  getMonitorByPath(hookPath: string): Promise<Monitor | undefined>;
  putMonitor(monitor: Monitor): Promise<void>;
  deleteMonitor(personId: string): Promise<void>;
  listMonitors(): Promise<Monitor[]>;

  /** True the first time `key` is claimed within `ttlMs`, false after. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;

  /**
   * Orders events per call: 'apply' when `eventAt` is not older than
   * any earlier event of the call (Webex stamps milliseconds, and two
   * events may share one) and the call has not ended; 'stale'
   * otherwise. `ended` marks the call as over (its later events are
   * stale). State expires after `ttlMs`.
   */
  recordCallEvent(
    callId: string,
    eventAt: number,
    ended: boolean,
    ttlMs: number,
  ): Promise<CallEventVerdict>;

  /**
   * Keeps what the chat was last told about a call (opaque text) and
   * returns what was kept before, so that whichever instance receives
   * the next event can tell what changed. `view` undefined forgets the
   * call. Kept for `ttlMs`; an expired view reads as undefined.
   */
  swapCallView(
    callId: string,
    view: string | undefined,
    ttlMs: number,
  ): Promise<string | undefined>;

  /**
   * A lock shared by every instance on this store. Returns a release
   * function, or undefined when someone else holds it.
   */
  tryLock(
    name: string,
    ttlMs: number,
  ): Promise<(() => Promise<void>) | undefined>;

  journalAdd(entry: JournalEntry): Promise<void>;
  journalDone(id: string): Promise<void>;
  journalPending(): Promise<JournalEntry[]>;

  /** Throws when the backend is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
