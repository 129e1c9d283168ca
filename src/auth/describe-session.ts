/** How long the bot can act for a person, in words. */
import { formatLocalTime } from '../bot/replies/format-time.ts';
import type { Session } from '../store/store.ts';

/**
 * "until Tue, Mar 2, 2027, 4:20 PM UTC": the refresh token's end, since
 * the access token renews itself until then; the access token's end
 * when Webex gave no refresh lifetime.
 */
export function describeValidity(session: Session, timeZone?: string): string {
  const until = session.refreshTokenExpiresAt ?? session.accessTokenExpiresAt;
  return until === null
    ? 'until you revoke the authorization'
    : `until ${formatLocalTime(until, timeZone)}`;
}
