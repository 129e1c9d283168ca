import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  parseRetryAfter,
  type RetryInput,
} from '../../src/webex/retry-policy.ts';

const base: RetryInput = {
  policy: DEFAULT_RETRY_POLICY,
  method: 'GET',
  attempt: 1,
  elapsedMs: 0,
  outcome: { kind: 'status', status: 503, retryAfterMs: null },
  random: () => 0.5,
};

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    assert.equal(parseRetryAfter('30', 0), 30_000);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2025-08-14T18:00:00Z');
    assert.equal(parseRetryAfter('Thu, 14 Aug 2025 18:01:00 GMT', now), 60_000);
  });

  it('treats a past date as now and nonsense as absent', () => {
    assert.equal(
      parseRetryAfter('Thu, 01 Jan 2015 00:00:00 GMT', Date.now()),
      0,
    );
    assert.equal(parseRetryAfter('soon', 0), null);
    assert.equal(parseRetryAfter(null, 0), null);
  });
});

describe('decideRetry', () => {
  it('never retries a client error', () => {
    const outcome = {
      kind: 'status',
      status: 400,
      retryAfterMs: null,
    } as const;
    assert.deepEqual(decideRetry({ ...base, outcome }), {
      retry: false,
      reason: 'not-retryable',
    });
  });

  it('retries a POST only when Webex certainly did not process it', () => {
    const post = { ...base, method: 'POST' };
    const status = (code: number, retryAfterMs: number | null = null) =>
      decideRetry({
        ...post,
        outcome: { kind: 'status', status: code, retryAfterMs },
      }).retry;

    assert.equal(status(429), true);
    assert.equal(status(503, 1_000), true);
    assert.equal(status(503), false);
    assert.equal(status(502), false);
    assert.equal(status(504), false);
    assert.equal(
      decideRetry({ ...post, outcome: { kind: 'network', sent: true } }).retry,
      false,
    );
    assert.equal(
      decideRetry({ ...post, outcome: { kind: 'network', sent: false } }).retry,
      true,
    );
  });

  it('fails fast when Retry-After exceeds the cap', () => {
    const outcome = {
      kind: 'status',
      status: 429,
      retryAfterMs: 61_000,
    } as const;
    assert.deepEqual(decideRetry({ ...base, outcome }), {
      retry: false,
      reason: 'retry-after-too-long',
    });
  });

  it('stops after maxAttempts and outside the time budget', () => {
    assert.equal(
      decideRetry({ ...base, attempt: DEFAULT_RETRY_POLICY.maxAttempts }).retry,
      false,
    );
    assert.deepEqual(
      decideRetry({ ...base, elapsedMs: DEFAULT_RETRY_POLICY.totalBudgetMs }),
      { retry: false, reason: 'budget-exhausted' },
    );
  });
});

describe('backoffDelayMs', () => {
  it('stays below a ceiling that doubles up to maxDelayMs', () => {
    const policy = {
      ...DEFAULT_RETRY_POLICY,
      baseDelayMs: 100,
      maxDelayMs: 700,
    };
    const nearlyOne = () => 0.9999;
    assert.equal(backoffDelayMs(policy, 1, nearlyOne), 99);
    assert.equal(backoffDelayMs(policy, 3, nearlyOne), 399);
    assert.equal(backoffDelayMs(policy, 10, nearlyOne), 699);
    assert.equal(
      backoffDelayMs(policy, 10, () => 0),
      0,
    );
  });
});
