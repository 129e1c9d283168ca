/**
 * When and how long to wait before repeating a Webex request, as data.
 * The decision is a pure function so that it can be read and tested
 * without a server.
 */

export interface RetryPolicy {
  /** Statuses worth another attempt. */
  readonly retryStatuses: readonly number[];
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  /** First backoff ceiling; it doubles on each attempt (full jitter). */
  readonly baseDelayMs: number;
  /** Ceiling of one backoff delay. */
  readonly maxDelayMs: number;
  /** A longer Retry-After fails fast with `WebexRateLimitError`. */
  readonly maxRetryAfterMs: number;
  /** No retry starts once this much time has passed since the first try. */
  readonly totalBudgetMs: number;
}

/** 429, 502, 503, 504 and network errors; up to 4 attempts in 90 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retryStatuses: Object.freeze([429, 502, 503, 504]),
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  totalBudgetMs: 90_000,
});

/** One attempt only; errors surface at once. */
export const NO_RETRY_POLICY: RetryPolicy = Object.freeze({
  ...DEFAULT_RETRY_POLICY,
  maxAttempts: 1,
});

/** How an attempt ended, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: 'status'; status: number; retryAfterMs: number | null }
  /** `sent`: the request may have reached Webex before it failed. */
  | { kind: 'network'; sent: boolean };

export interface RetryInput {
  policy: RetryPolicy;
  method: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Time since the first attempt started. */
  elapsedMs: number;
  outcome: AttemptOutcome;
  /** A number in [0, 1); Math.random by default. */
  random: () => number;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: RetryStop };

export type RetryStop =
  | 'not-retryable'
  | 'unsafe-method'
  | 'retry-after-too-long'
  | 'attempts-exhausted'
  | 'budget-exhausted';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Decides whether to repeat a request, and after how long. */
export function decideRetry(input: RetryInput): RetryDecision {
  const { policy, outcome } = input;

  if (!isRetryable(policy, outcome)) {
    return { retry: false, reason: 'not-retryable' };
  }
  if (!SAFE_METHODS.has(input.method) && !certainlyNotProcessed(outcome)) {
    return { retry: false, reason: 'unsafe-method' };
  }

  const retryAfterMs = outcome.kind === 'status' ? outcome.retryAfterMs : null;
  if (retryAfterMs !== null && retryAfterMs > policy.maxRetryAfterMs) {
    return { retry: false, reason: 'retry-after-too-long' };
  }
  if (input.attempt >= policy.maxAttempts) {
    return { retry: false, reason: 'attempts-exhausted' };
  }

  const delayMs =
    retryAfterMs ?? backoffDelayMs(policy, input.attempt, input.random);
  if (input.elapsedMs + delayMs > policy.totalBudgetMs) {
    return { retry: false, reason: 'budget-exhausted' };
  }
  return { retry: true, delayMs };
}

/** Full jitter: a random delay up to min(max, base * 2^(attempt-1)). */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
): number {
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** (attempt - 1),
  );
  return Math.floor(random() * ceiling);
}

/**
 * Reads Retry-After as delta seconds or as an HTTP date; null when absent
 * or unreadable. A date in the past means "now".
 */
export function parseRetryAfter(
  value: string | null,
  nowMs: number,
): number | null {
  if (value === null || value.trim() === '') return null;

  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }

  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - nowMs);
}

function isRetryable(policy: RetryPolicy, outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'network') return true;
  return policy.retryStatuses.includes(outcome.status);
}

/**
 * A POST is repeated only when Webex certainly did not act on it: a 429,
 * a 503 that says when to come back, or a connection never made.
 */
function certainlyNotProcessed(outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'network') return !outcome.sent;
  if (outcome.status === 429) return true;
  return outcome.status === 503 && outcome.retryAfterMs !== null;
}
