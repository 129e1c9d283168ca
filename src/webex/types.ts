/**
 * Every Webex type the client speaks, in one import. OAuth's token
 * response lives here too since both the client and its callers store it.
 */
export type * from './messaging-types.ts';
export type * from './telephony-types.ts';

/** `POST /access_token` success (authorization_code or refresh_token). */
export interface TokenResponse {
  access_token: string;
  /** Seconds; 14 days in practice. */
  expires_in?: number;
  refresh_token: string;
  /** Seconds; 90 days in practice, not reset by each refresh. */
  refresh_token_expires_in?: number;
  token_type: string;
  /** Space-separated granted scopes, in newer responses. */
  scope?: string;
  id_token?: string;
}
