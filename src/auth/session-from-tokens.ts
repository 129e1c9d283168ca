/** Turns a token endpoint answer into the session the store keeps. */
import type { Session } from '../store/store.ts';
import type { TokenResponse } from '../webex/index.ts';

export interface SessionOwner {
  personId: string;
  email: string;
  displayName: string;
}

/** A new session, as after a completed authorization. */
export function sessionFromTokens(
  owner: SessionOwner,
  tokens: TokenResponse,
  now: number,
): Session {
  return {
    ...owner,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    accessTokenExpiresAt: expiresAt(tokens.expires_in, now),
    refreshTokenExpiresAt: expiresAt(tokens.refresh_token_expires_in, now),
    scopes: tokens.scope ?? '',
    needsReauth: false,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The session after a refresh. Fields Webex leaves out keep their old
 * value: the refresh token's expiry is not reset by a refresh.
 */
export function refreshedSession(
  session: Session,
  tokens: TokenResponse,
  now: number,
): Session {
  return {
    ...session,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token || session.refreshToken,
    accessTokenExpiresAt: expiresAt(tokens.expires_in, now),
    refreshTokenExpiresAt:
      expiresAt(tokens.refresh_token_expires_in, now) ??
      session.refreshTokenExpiresAt,
    scopes: tokens.scope ?? session.scopes,
    needsReauth: false,
    updatedAt: now,
  };
}

/** null when Webex gave no lifetime: valid until a 401 says otherwise. */
function expiresAt(seconds: number | undefined, now: number): number | null {
  return typeof seconds === 'number' && Number.isFinite(seconds)
    ? now + seconds * 1000
    : null;
}
