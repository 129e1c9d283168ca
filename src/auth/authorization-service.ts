/**
 * The OAuth authorization-code flow with PKCE, on a person's behalf:
 * `startFlow` stores a flow (random state bound to the person, used once,
 * 5 minutes) and returns the link; `completeFlow` consumes it when the
 * browser comes back, exchanges the code, checks that whoever signed in
 * is the person who asked, and stores the session. Each way it can end
 * is its own outcome, told to the person in chat when they are known.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Replies } from '../bot/replies/replies.ts';
import type { Config } from '../config/config.ts';
import type { Store } from '../store/store.ts';
import {
  createPkcePair,
  OAuthError,
  type Person,
  type TokenResponse,
  type WebexClient,
  WebexError,
} from '../webex/index.ts';
import { describeValidity } from './describe-session.ts';
import { sessionFromTokens } from './session-from-tokens.ts';

export const FLOW_TTL_MS = 5 * 60_000;

const OAUTH_ERROR_CODE = /^[a-z_]{1,64}$/;

export interface FlowRequester {
  id: string;
  email: string;
}

/** What the browser brought back on the redirect URI. */
export interface RedirectQuery {
  state?: string | undefined;
  code?: string | undefined;
  error?: string | undefined;
}

export type RedirectOutcome =
  | { kind: 'missing-state' }
  | { kind: 'unknown-state' }
  | { kind: 'expired-state'; personId: string }
  | {
      kind: 'declined';
      personId: string;
      /** How long the authorization given before still holds ("until
       * …"); null when there was none (or it had lapsed). */
      keptUntil: string | null;
    }
  | { kind: 'consent-error'; personId: string; error: string }
  | { kind: 'exchange-failed'; personId: string; reason: string }
  | {
      kind: 'wrong-identity';
      personId: string;
      expectedEmail: string;
      signedInAs: string;
    }
  | {
      kind: 'authorized';
      personId: string;
      displayName: string;
      until: string;
    };

export interface AuthorizationServiceOptions {
  config: Pick<Config, 'integration' | 'redirectUrl'>;
  store: Store;
  webex: WebexClient;
  replies: Replies;
  logger: Logger;
  now: () => number;
  flowTtlMs?: number;
}

export class AuthorizationService {
  readonly #options: AuthorizationServiceOptions;
  readonly #logger: Logger;

  constructor(options: AuthorizationServiceOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ component: 'authorization' });
  }

  /** Stores a new flow for `person` and returns the authorize URL. */
  async startFlow(person: FlowRequester): Promise<string> {
    const { config, store, webex, now } = this.#options;
    const state = randomBytes(24).toString('base64url');
    const pkce = createPkcePair();

    await store.putFlow({
      state,
      personId: person.id,
      email: person.email,
      codeVerifier: pkce.verifier,
      expiresAt: now() + (this.#options.flowTtlMs ?? FLOW_TTL_MS),
    });
    this.#logger.info({ personId: person.id }, 'Started an authorization');

    return webex.oauth.buildAuthorizeUrl({
      redirectUri: config.redirectUrl,
      scopes: config.integration.scopes,
      state,
      codeChallenge: pkce.challenge,
    });
  }

  /** Handles the browser's return; the caller renders the outcome. */
  async completeFlow(query: RedirectQuery): Promise<RedirectOutcome> {
    const outcome = await this.#complete(query);
    this.#logger.info(
      { outcome: outcome.kind, personId: personOf(outcome) },
      'Authorization returned',
    );
    await this.#tell(outcome);
    return outcome;
  }

  async #complete(query: RedirectQuery): Promise<RedirectOutcome> {
    const { store, webex, config, now } = this.#options;
    if (!query.state) return { kind: 'missing-state' };

    // Taken before anything else: a state works once, whatever follows.
    const flow = await store.takeFlow(query.state);
    if (flow === undefined) return { kind: 'unknown-state' };
    const { personId } = flow;
    if (flow.expiresAt <= now()) return { kind: 'expired-state', personId };

    if (query.error === 'access_denied') {
      // Declining a new link leaves an earlier authorization in place.
      const held = await store.getSession(personId);
      const keptUntil =
        held === undefined || held.needsReauth ? null : describeValidity(held);
      return { kind: 'declined', personId, keptUntil };
    }
    if (query.error) {
      // Shown on a page and in chat: only a well-formed OAuth error code.
      const error = OAUTH_ERROR_CODE.test(query.error)
        ? query.error
        : 'an unrecognised error';
      return { kind: 'consent-error', personId, error };
    }
    if (!query.code) {
      return { kind: 'consent-error', personId, error: 'no code returned' };
    }

    let tokens: TokenResponse;
    let me: Person;
    try {
      tokens = await webex.oauth.exchangeCode({
        code: query.code,
        redirectUri: config.redirectUrl,
        codeVerifier: flow.codeVerifier,
      });
      me = await webex.withToken(tokens.access_token).people.me();
    } catch (error) {
      this.#logger.warn({ err: error, personId }, 'Code exchange failed');
      return { kind: 'exchange-failed', personId, reason: reasonOf(error) };
    }

    if (me.id !== personId) {
      // The tokens belong to someone else: dropped here, never stored.
      const email = me.emails?.[0];
      const signedInAs = [me.displayName, email && `(${email})`]
        .filter(Boolean)
        .join(' ');
      return {
        kind: 'wrong-identity',
        personId,
        expectedEmail: flow.email,
        signedInAs: signedInAs || 'another account',
      };
    }

    const session = sessionFromTokens(
      {
        personId,
        email: me.emails?.[0] ?? flow.email,
        displayName: me.displayName ?? flow.email,
      },
      tokens,
      now(),
    );
    await store.putSession(session);
    return {
      kind: 'authorized',
      personId,
      displayName: session.displayName,
      until: describeValidity(session, me.timezone),
    };
  }

  async #tell(outcome: RedirectOutcome): Promise<void> {
    const personId = personOf(outcome);
    const message = chatMessageFor(outcome);
    if (personId === undefined || message === undefined) return;
    try {
      await this.#options.replies.toPerson(personId, message);
    } catch (error) {
      this.#logger.error(
        { err: error, personId },
        'Could not tell the person how the authorization ended',
      );
    }
  }
}

function personOf(outcome: RedirectOutcome): string | undefined {
  return 'personId' in outcome ? outcome.personId : undefined;
}

/** Webex's own words when it gave any; never a token or a code. */
function reasonOf(error: unknown): string {
  if (error instanceof OAuthError) return error.description;
  if (error instanceof WebexError) return 'Webex could not be reached';
  return 'an unexpected error';
}

function chatMessageFor(outcome: RedirectOutcome): string | undefined {
  switch (outcome.kind) {
    case 'missing-state':
    case 'unknown-state':
      return undefined;
    case 'expired-state':
      return (
        'That authorization link had expired (links work for 5 minutes). ' +
        'Send **/auth** for a new one.'
      );
    case 'declined':
      if (outcome.keptUntil !== null) {
        return (
          'You declined the new authorization. The one you gave before ' +
          `stays in place: I can still act for you ${outcome.keptUntil}. ` +
          'Send **/auth clear** if you want me to stop.'
        );
      }
      return (
        'You declined the authorization, so I cannot act for you. Send ' +
        '**/auth** if you change your mind.'
      );
    case 'consent-error':
      return (
        `Webex ended the authorization with an error (${outcome.error}). ` +
        'Send **/auth** to try again.'
      );
    case 'exchange-failed':
      return (
        'Webex did not complete the authorization: ' +
        `${outcome.reason}. Send **/auth** to try again.`
      );
    case 'wrong-identity':
      return (
        `Someone signed in as **${outcome.signedInAs}** on the link I sent ` +
        'you, so I discarded those tokens. To authorize, send **/auth** ' +
        `for a new link and sign in there as ${outcome.expectedEmail}.`
      );
    case 'authorized':
      return `You are authorized: I can act for you ${outcome.until}.`;
  }
}
