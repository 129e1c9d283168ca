/**
 * Authorization codes and the tokens they turn into: single-use,
 * short-lived codes with optional PKCE, and refresh tokens whose lifetime
 * is not reset by use (as Webex does).
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  type EmulatorState,
  newOpaqueToken,
  SANDBOX_ORG_UUID,
} from '../emulator-state.ts';
import { WebexApiError } from '../webex-error.ts';

export interface OAuthLifetimes {
  accessTokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
  authorizationCodeLifetimeSeconds: number;
}

export interface CodeRequest {
  clientId: string;
  redirectUri: string;
  personId: string;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain';
}

interface CodeRecord extends CodeRequest {
  expiresAt: number;
  used: boolean;
}

/** The body of a successful `POST /v1/access_token`, in Webex's order. */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
  token_type: 'Bearer';
  scope: string;
}

export const REFRESH_TOKEN_REFUSED =
  'The refresh token provided is expired, revoked, malformed, or invalid.';

function invalidGrant(description: string): WebexApiError {
  return new WebexApiError(
    400,
    'The request could not be understood by the server due to malformed syntax.',
    { description },
  );
}

/** RFC 7636: the challenge a verifier must produce. */
export function pkceChallenge(
  verifier: string,
  method: 'S256' | 'plain',
): string {
  return method === 'plain'
    ? verifier
    : createHash('sha256').update(verifier).digest('base64url');
}

export class OAuthGrants {
  private readonly codes = new Map<string, CodeRecord>();

  constructor(
    private readonly state: EmulatorState,
    private readonly now: () => number,
    private readonly lifetimes: OAuthLifetimes,
  ) {}

  issueCode(request: CodeRequest): string {
    const code = `${randomBytes(32).toString('base64url')}_PF84_${SANDBOX_ORG_UUID}`;
    this.codes.set(code, {
      ...request,
      expiresAt:
        this.now() + this.lifetimes.authorizationCodeLifetimeSeconds * 1000,
      used: false,
    });
    return code;
  }

  /** Trades a code for tokens; throws a 400 WebexApiError when refused. */
  redeemCode(input: {
    code: string | undefined;
    clientId: string;
    redirectUri: string | undefined;
    codeVerifier: string | undefined;
  }): TokenResponse {
    const record = input.code ? this.codes.get(input.code) : undefined;
    if (!record || record.clientId !== input.clientId) {
      throw invalidGrant('The authorization code is invalid.');
    }
    if (record.used) {
      throw invalidGrant('The authorization code has already been used.');
    }
    if (record.expiresAt <= this.now()) {
      throw invalidGrant('The authorization code has expired.');
    }
    if (input.redirectUri !== record.redirectUri) {
      throw invalidGrant(
        'redirect_uri must equal the redirect_uri of the authorize request.',
      );
    }
    if (record.codeChallenge !== null) {
      if (!input.codeVerifier) {
        throw invalidGrant('code_verifier is required for this code (PKCE).');
      }
      const challenge = pkceChallenge(
        input.codeVerifier,
        record.codeChallengeMethod,
      );
      if (challenge !== record.codeChallenge) {
        throw invalidGrant('code_verifier does not match the code_challenge.');
      }
    }

    record.used = true;
    const refreshToken = newOpaqueToken();
    const refreshExpiresAt =
      this.now() + this.lifetimes.refreshTokenLifetimeSeconds * 1000;
    this.state.refreshTokens.set(refreshToken, {
      personId: record.personId,
      scopes: record.scopes,
      clientId: record.clientId,
      expiresAt: refreshExpiresAt,
    });
    return this.tokens(record, refreshToken, refreshExpiresAt);
  }

  /** A new access token; the same refresh token, its expiry unchanged. */
  refresh(refreshToken: string | undefined, clientId: string): TokenResponse {
    const record = refreshToken
      ? this.state.refreshTokens.get(refreshToken)
      : undefined;
    if (
      !refreshToken ||
      !record ||
      record.clientId !== clientId ||
      record.expiresAt <= this.now() ||
      !this.state.people.has(record.personId)
    ) {
      throw new WebexApiError(400, REFRESH_TOKEN_REFUSED);
    }
    return this.tokens(record, refreshToken, record.expiresAt);
  }

  reset(): void {
    this.codes.clear();
  }

  private tokens(
    grant: { personId: string; scopes: string[]; clientId: string },
    refreshToken: string,
    refreshExpiresAt: number,
  ): TokenResponse {
    const accessToken = newOpaqueToken();
    const expiresIn = this.lifetimes.accessTokenLifetimeSeconds;
    this.state.accessTokens.set(accessToken, {
      personId: grant.personId,
      scopes: grant.scopes,
      clientId: grant.clientId,
      expiresAt: this.now() + expiresIn * 1000,
    });
    return {
      access_token: accessToken,
      expires_in: expiresIn,
      refresh_token: refreshToken,
      refresh_token_expires_in: Math.max(
        0,
        Math.floor((refreshExpiresAt - this.now()) / 1000),
      ),
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
    };
  }
}
