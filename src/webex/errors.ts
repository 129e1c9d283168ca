/**
 * What can go wrong talking to Webex, split by how a caller reacts:
 * - `WebexApiError`: Webex answered and refused (fix the request, or
 *   re-authorize on 401);
 * - `WebexRateLimitError`: Webex is busy, come back after `retryAfterMs`;
 * - `WebexNetworkError` / `WebexTimeoutError`: no usable answer, try later;
 * - `OAuthError`: the token endpoint refused a code or a refresh token.
 * Messages name the operation and the trackingId, never a token.
 */

/** One entry of a Webex error body's `errors` array. */
export interface WebexErrorDetail {
  description: string;
  errorCode?: number;
}

export class WebexError extends Error {
  override name = 'WebexError';

  /** The client operation, e.g. `calls.dial`. */
  readonly operation: string;

  constructor(operation: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.operation = operation;
  }
}

export interface WebexApiErrorInit {
  operation: string;
  status: number;
  webexMessage: string;
  errors?: WebexErrorDetail[];
  trackingId: string;
}

/** Webex answered with an error status. */
export class WebexApiError extends WebexError {
  override name = 'WebexApiError';

  readonly status: number;
  /** The `message` of the Webex error body (or the HTTP status text). */
  readonly webexMessage: string;
  readonly errors: readonly WebexErrorDetail[];
  /** Quote it to Webex support to find the request. */
  readonly trackingId: string;

  constructor(init: WebexApiErrorInit, message?: string) {
    super(
      init.operation,
      message ??
        `Webex refused ${init.operation} with HTTP ${init.status}: ` +
          `${init.webexMessage} (trackingId ${init.trackingId})`,
    );
    this.status = init.status;
    this.webexMessage = init.webexMessage;
    this.errors = init.errors ?? [];
    this.trackingId = init.trackingId;
  }

  /** The token was missing, expired or revoked. */
  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

/**
 * Webex asked us to slow down (429, or 503 with Retry-After) for longer
 * than the retry policy waits, or retries ran out.
 */
export class WebexRateLimitError extends WebexApiError {
  override name = 'WebexRateLimitError';

  /** How long Webex asked to wait before the next request. */
  readonly retryAfterMs: number;

  constructor(init: WebexApiErrorInit & { retryAfterMs: number }) {
    const seconds = Math.ceil(init.retryAfterMs / 1000);
    super(
      init,
      `Webex is rate limiting ${init.operation} (HTTP ${init.status}): ` +
        `retry in ${seconds} s (trackingId ${init.trackingId})`,
    );
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The request failed before Webex answered (DNS, refused, reset...). */
export class WebexNetworkError extends WebexError {
  override name = 'WebexNetworkError';

  readonly trackingId: string;

  constructor(operation: string, trackingId: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      operation,
      `Could not reach Webex for ${operation}: ${reason} ` +
        `(trackingId ${trackingId}); check the network and WEBEX_API_URL`,
      { cause },
    );
    this.trackingId = trackingId;
  }
}

/** Webex did not answer within `timeoutMs`. */
export class WebexTimeoutError extends WebexError {
  override name = 'WebexTimeoutError';

  readonly trackingId: string;
  readonly timeoutMs: number;

  constructor(operation: string, trackingId: string, timeoutMs: number) {
    super(
      operation,
      `Webex did not answer ${operation} within ${timeoutMs} ms ` +
        `(trackingId ${trackingId})`,
    );
    this.trackingId = trackingId;
    this.timeoutMs = timeoutMs;
  }
}

export interface OAuthErrorInit {
  operation: string;
  status: number;
  /** OAuth `error` code when the body has one, e.g. `invalid_grant`. */
  oauthError: string | null;
  description: string;
  trackingId: string;
}

const REJECTED_GRANT = /expired|revoked|malformed|invalid/i;
const CLIENT = /client/i;

/** The token endpoint refused an authorization code or refresh token. */
export class OAuthError extends WebexError {
  override name = 'OAuthError';

  readonly status: number;
  readonly oauthError: string | null;
  readonly description: string;
  readonly trackingId: string;

  constructor(init: OAuthErrorInit) {
    super(
      init.operation,
      `Webex token endpoint refused ${init.operation} with HTTP ` +
        `${init.status}: ${init.description} (trackingId ${init.trackingId})`,
    );
    this.status = init.status;
    this.oauthError = init.oauthError;
    this.description = init.description;
    this.trackingId = init.trackingId;
  }

  /**
   * The code or refresh token itself was rejected (expired, revoked, used):
   * the person has to authorize again. Webex reports this as a 400 with a
   * Webex error body rather than always an OAuth `invalid_grant` code.
   */
  get isInvalidGrant(): boolean {
    if (this.oauthError !== null) return this.oauthError === 'invalid_grant';
    return (
      this.status === 400 &&
      REJECTED_GRANT.test(this.description) &&
      !CLIENT.test(this.description)
    );
  }

  /** The integration's client id or secret is wrong: fix the config. */
  get isInvalidClient(): boolean {
    if (this.oauthError !== null) return this.oauthError === 'invalid_client';
    return this.status === 401 || CLIENT.test(this.description);
  }
}
