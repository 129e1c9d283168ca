/**
 * Hands out a person's access token, refreshed in time, and refreshes
 * it exactly once however many commands ask at the same moment: one
 * refresh in flight per person in this process, and a store lock so
 * instances sharing the store do not refresh side by side (Webex may
 * invalidate a refresh token once it has been used).
 *
 * The lock lives no longer than a refresh can take (the bounded token
 * request plus a margin to persist), so that a process killed while
 * holding it strands nobody for long: the others wait for it to expire
 * and refresh themselves.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Session, Store } from '../store/store.ts';
import {
  OAuthError,
  WebexApiError,
  type WebexClient,
  type WebexSession,
} from '../webex/index.ts';
import {
  NotAuthorizedError,
  ReauthRequiredError,
  RefreshBusyError,
} from './errors.ts';
import { refreshedSession } from './session-from-tokens.ts';

export interface TokenManagerOptions {
  store: Store;
  webex: WebexClient;
  logger: Logger;
  now: () => number;
  /** Refresh when less than this remains (5 minutes). */
  refreshMarginMs?: number;
  /** The token request's bound, retries included (20 s). */
  refreshTimeoutMs?: number;
  /**
   * Added to `refreshTimeoutMs` for the store lock's lifetime: time to
   * persist the new tokens before the lock can expire (5 s).
   */
  lockMarginMs?: number;
  /** Between two looks at the session while waiting (100 ms). */
  lockPollMs?: number;
  /**
   * Webex refused the refresh token: the session is now marked
   * `needsReauth`. Called once per refusal, to tell the person.
   */
  onReauthRequired?: (session: Session) => Promise<void>;
}

export class TokenManager {
  readonly #options: Required<Omit<TokenManagerOptions, 'onReauthRequired'>>;
  readonly #onReauthRequired: TokenManagerOptions['onReauthRequired'];
  readonly #logger: Logger;
  readonly #flights = new Map<string, Promise<Session>>();

  constructor(options: TokenManagerOptions) {
    this.#options = {
      refreshMarginMs: 5 * 60_000,
      refreshTimeoutMs: 20_000,
      lockMarginMs: 5_000,
      lockPollMs: 100,
      ...options,
    };
    this.#onReauthRequired = options.onReauthRequired;
    this.#logger = options.logger.child({ component: 'tokens' });
  }

  /** A usable session, refreshed first when it is about to expire. */
  async session(personId: string): Promise<Session> {
    const session = usable(
      personId,
      await this.#options.store.getSession(personId),
    );
    if (!this.#expiring(session)) return session;
    return this.#refresh(personId, undefined);
  }

  /**
   * Runs `fn` with the person's Webex session. A 401 from Webex means the
   * token died early (revoked, or no expiry was given): refresh once and
   * run `fn` once more.
   */
  async withToken<T>(
    personId: string,
    fn: (api: WebexSession) => Promise<T>,
  ): Promise<T> {
    const session = await this.session(personId);
    try {
      return await fn(this.#options.webex.withToken(session.accessToken));
    } catch (error) {
      if (!(error instanceof WebexApiError) || error.status !== 401) {
        throw error;
      }
      this.#logger.info({ personId }, 'Webex answered 401: refreshing');
      const fresh = await this.#refresh(personId, session.accessToken);
      return fn(this.#options.webex.withToken(fresh.accessToken));
    }
  }

  #expiring(session: Session): boolean {
    const expiresAt = session.accessTokenExpiresAt;
    return (
      expiresAt !== null &&
      expiresAt - this.#options.now() < this.#options.refreshMarginMs
    );
  }

  /** Still to refresh: expiring, or still the token Webex refused. */
  #stale(session: Session, refusedToken: string | undefined): boolean {
    return refusedToken === undefined
      ? this.#expiring(session)
      : session.accessToken === refusedToken;
  }

  #refresh(personId: string, refusedToken: string | undefined) {
    const running = this.#flights.get(personId);
    if (running !== undefined) return running;

    const flight = this.#refreshShared(personId, refusedToken).finally(() => {
      this.#flights.delete(personId);
    });
    this.#flights.set(personId, flight);
    return flight;
  }

  async #refreshShared(
    personId: string,
    refusedToken: string | undefined,
  ): Promise<Session> {
    const { store, refreshTimeoutMs, lockMarginMs, lockPollMs } = this.#options;
    const lockTtlMs = refreshTimeoutMs + lockMarginMs;
    // Long enough for a dead holder's lock to expire, then for the
    // refresh of whoever takes it next.
    const waitMs = 2 * lockTtlMs;
    const started = performance.now();

    for (;;) {
      const release = await store.tryLock(`refresh:${personId}`, lockTtlMs);
      if (release !== undefined) {
        try {
          // Whoever held the lock before may have refreshed already.
          const session = usable(personId, await store.getSession(personId));
          if (!this.#stale(session, refusedToken)) return session;
          return await this.#refreshNow(session);
        } finally {
          await release();
        }
      }

      await sleep(lockPollMs);
      const session = usable(personId, await store.getSession(personId));
      if (!this.#stale(session, refusedToken)) return session;

      const waited = Math.round(performance.now() - started);
      if (waited >= waitMs) throw new RefreshBusyError(personId, waited);
    }
  }

  /**
   * Under the lock: ask Webex, persist, then hand out. The request is
   * cut off before the lock can expire, so no other instance refreshes
   * while this one may still receive tokens.
   */
  async #refreshNow(session: Session): Promise<Session> {
    const { store, webex, now, refreshTimeoutMs } = this.#options;
    const { personId } = session;

    let next: Session;
    try {
      const tokens = await webex.oauth.refreshAccessToken(
        session.refreshToken,
        { signal: AbortSignal.timeout(refreshTimeoutMs) },
      );
      next = refreshedSession(session, tokens, now());
    } catch (error) {
      if (error instanceof OAuthError && error.isInvalidGrant) {
        await this.#markNeedsReauth(session, error);
        throw new ReauthRequiredError(personId, { cause: error });
      }
      throw error;
    }

    await store.putSession(next);
    this.#logger.info(
      { personId, expiresAt: next.accessTokenExpiresAt },
      'Refreshed the access token',
    );
    return next;
  }

  async #markNeedsReauth(session: Session, error: OAuthError): Promise<void> {
    const marked = {
      ...session,
      needsReauth: true,
      updatedAt: this.#options.now(),
    };
    await this.#options.store.putSession(marked);
    this.#logger.warn(
      { personId: session.personId, trackingId: error.trackingId },
      'Webex refused the refresh token: the person must run /auth again',
    );
    try {
      await this.#onReauthRequired?.(marked);
    } catch (notifyError) {
      this.#logger.error(
        { err: notifyError, personId: session.personId },
        'Could not tell the person to authorize again',
      );
    }
  }
}

function usable(personId: string, session: Session | undefined): Session {
  if (session === undefined) throw new NotAuthorizedError(personId);
  if (session.needsReauth) throw new ReauthRequiredError(personId);
  return session;
}
