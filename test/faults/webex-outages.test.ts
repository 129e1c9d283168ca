/**
 * Webex failing (500, 502, 503, 504) or stalling, seen from the chat:
 * a POST is repeated only when Webex certainly did not act on it, a GET
 * is repeated on gateway failures, the person always gets one plain
 * sentence, and the bot stays healthy.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { RetryPolicy } from '../../src/webex/retry-policy.ts';
import {
  CALLS_PATH,
  DIAL_PATH,
  RAW_FAILURE,
  useFaultSandbox,
} from './fault-kit.ts';

const POLICY: RetryPolicy = {
  retryStatuses: [429, 502, 503, 504],
  maxAttempts: 4,
  baseDelayMs: 50,
  maxDelayMs: 200,
  maxRetryAfterMs: 60_000,
  totalBudgetMs: 90_000,
};
/** Per attempt; the emulator answers well within it when not stalled. */
const TIMEOUT_MS = 700;

describe('Webex outages', () => {
  const kit = useFaultSandbox(POLICY, { timeoutMs: TIMEOUT_MS });
  afterEach(async () => {
    assert.ok(await kit.healthy(), 'the bot answers /healthz');
  });

  const plain = (sentence: string) => {
    assert.doesNotMatch(sentence, RAW_FAILURE);
    assert.match(sentence, /^[A-Z].*[.!?]$/s);
  };

  for (const [status, name] of [
    [500, 'does not repeat a dial answered 500, and says so plainly'],
    [503, 'does not repeat a dial answered 503 without Retry-After'],
  ] as const) {
    it(name, async () => {
      const mark = await kit.mark();
      await kit.sandbox.fault({
        method: 'POST',
        path: DIAL_PATH,
        status,
        count: 5,
      });
      const sentence = await kit.ask('/dial 1002');
      assert.equal(
        sentence,
        'Webex is having trouble right now; try again in a few minutes.',
      );
      plain(sentence);
      assert.deepEqual(await kit.requestsSince(mark, 'POST', DIAL_PATH), [
        status,
      ]);
    });
  }

  it('repeats a dial answered 503 with Retry-After, and dials', async () => {
    const mark = await kit.mark();
    await kit.sandbox.fault({
      method: 'POST',
      path: DIAL_PATH,
      status: 503,
      retryAfter: 1,
      count: 2,
    });
    assert.equal(
      await kit.ask('/dial 1002'),
      'Calling 1002: pick up your phone when it rings.',
    );
    assert.deepEqual(
      await kit.requestsSince(mark, 'POST', DIAL_PATH),
      [503, 503, 201],
    );
    assert.deepEqual(kit.sleeps, [1000, 1000]);
  });

  it('repeats a GET through 502, 503 and 504, and lists the calls', async () => {
    const mark = await kit.mark();
    for (const status of [502, 503, 504]) {
      await kit.sandbox.fault({ method: 'GET', path: CALLS_PATH, status });
    }
    assert.equal(await kit.ask('/calls'), 'You have no active call.');
    assert.deepEqual(
      await kit.requestsSince(mark, 'GET', CALLS_PATH),
      [502, 503, 504, 200],
    );
    assert.equal(kit.sleeps.length, 3);
  });

  it('gives up on a GET after the policy’s attempts with a sentence', async () => {
    const mark = await kit.mark();
    await kit.sandbox.fault({
      method: 'GET',
      path: CALLS_PATH,
      status: 502,
      count: 50,
    });
    const sentence = await kit.ask('/calls');
    assert.equal(
      sentence,
      'Webex is having trouble right now; try again in a few minutes.',
    );
    plain(sentence);
    assert.deepEqual(
      await kit.requestsSince(mark, 'GET', CALLS_PATH),
      [502, 502, 502, 502],
    );
  });

  it('does not repeat a 500 to a GET', async () => {
    const mark = await kit.mark();
    await kit.sandbox.fault({
      method: 'GET',
      path: CALLS_PATH,
      status: 500,
      count: 5,
    });
    plain(await kit.ask('/calls'));
    assert.deepEqual(await kit.requestsSince(mark, 'GET', CALLS_PATH), [500]);
  });

  it('tells the person it could not reach Webex when a dial stalls', async () => {
    // The stall ends in a 503, so the abandoned request places no call.
    await kit.sandbox.fault({
      method: 'POST',
      path: DIAL_PATH,
      status: 503,
      stallMs: TIMEOUT_MS * 3,
      count: 1,
    });
    const sentence = await kit.ask('/dial 1002');
    assert.equal(sentence, 'I could not reach Webex; try again in a moment.');
    plain(sentence);
    assert.deepEqual(
      kit.sleeps,
      [],
      'a POST that may have arrived is not repeated',
    );
  });

  it('repeats a stalled GET, then answers once it comes back', async () => {
    await kit.sandbox.fault({
      method: 'GET',
      path: CALLS_PATH,
      status: 503,
      stallMs: TIMEOUT_MS * 3,
      count: 1,
    });
    assert.equal(await kit.ask('/calls'), 'You have no active call.');
    assert.equal(kit.sleeps.length, 1);
  });
});
