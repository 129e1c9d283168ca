/**
 * The one place where a failure becomes a sentence for the person. A
 * mapper recognises the errors it knows and returns the sentence; the
 * first mapper that answers wins. Modules add their own mappers (a
 * telephony error explained in words) ahead of the defaults.
 */
import {
  NotAuthorizedError,
  ReauthRequiredError,
  RefreshBusyError,
} from '../../auth/errors.ts';
import { isStoreUnavailable } from '../../store/errors.ts';
import {
  OAuthError,
  WebexApiError,
  WebexNetworkError,
  WebexRateLimitError,
  WebexTimeoutError,
} from '../../webex/errors.ts';

/** Returns the sentence for `error`, or undefined to let others try. */
export type ErrorMapper = (error: unknown) => string | undefined;

/** An error whose message is written for the person, shown as is. */
export class ReplyError extends Error {
  override name = 'ReplyError';
}

/**
 * Bad arguments: the person gets `message` (when given) and the
 * command's usage line.
 */
export class CommandUsageError extends Error {
  override name = 'CommandUsageError';
}

export const UNKNOWN_FAILURE =
  'Something went wrong; it has been logged. Please try again later.';

export class ErrorReplies {
  readonly #mappers: ErrorMapper[];

  constructor(mappers: readonly ErrorMapper[] = defaultErrorMappers) {
    this.#mappers = [...mappers];
  }

  /** Adds mappers ahead of the ones already known. */
  prepend(...mappers: ErrorMapper[]): void {
    this.#mappers.unshift(...mappers);
  }

  /**
   * The sentence for `error`; `known` is false when no mapper recognised
   * it, which the caller logs as an error.
   */
  sentenceFor(error: unknown): { sentence: string; known: boolean } {
    for (const mapper of this.#mappers) {
      const sentence = mapper(error);
      if (sentence !== undefined) return { sentence, known: true };
    }
    return { sentence: UNKNOWN_FAILURE, known: false };
  }
}

/** "in 3 minutes", "in a minute": Webex's Retry-After, rounded up. */
export function inMinutes(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? 'in a minute' : `in ${minutes} minutes`;
}

function withPeriod(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export const defaultErrorMappers: readonly ErrorMapper[] = [
  (error) => (error instanceof ReplyError ? error.message : undefined),
  (error) =>
    error instanceof NotAuthorizedError
      ? 'I cannot act for you yet: send **/auth** to let me use your ' +
        'Webex account.'
      : undefined,
  (error) =>
    error instanceof ReauthRequiredError
      ? 'Your authorization has expired or was revoked: send **/auth** to ' +
        'authorize me again.'
      : undefined,
  (error) =>
    error instanceof RefreshBusyError || isStoreUnavailable(error)
      ? 'I am temporarily unavailable, try again in a moment.'
      : undefined,
  (error) =>
    error instanceof WebexRateLimitError
      ? `Webex is busy, try again ${inMinutes(error.retryAfterMs)}.`
      : undefined,
  // A failure on Webex's side is no refusal: the person may simply retry.
  (error) =>
    error instanceof WebexApiError && error.status >= 500
      ? 'Webex is having trouble right now; try again in a few minutes.'
      : undefined,
  (error) =>
    error instanceof WebexApiError
      ? `Webex refused that: ${withPeriod(error.webexMessage)}`
      : undefined,
  (error) =>
    error instanceof OAuthError
      ? 'Webex would not renew your authorization right now: ' +
        `${withPeriod(error.description)} Try again later or send **/auth**.`
      : undefined,
  // A DOMException TimeoutError: a caller's own deadline (a token
  // refresh cut off before its lock expires) ran out first.
  (error) =>
    error instanceof WebexNetworkError ||
    error instanceof WebexTimeoutError ||
    (error instanceof DOMException && error.name === 'TimeoutError')
      ? 'I could not reach Webex; try again in a moment.'
      : undefined,
];
