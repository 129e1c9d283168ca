/**
 * Webex rate limiting (429) seen from the chat: short Retry-After waits
 * are honoured and the command goes through within the policy's
 * attempts; without Retry-After the client backs off with jitter; a
 * Retry-After over the cap fails at once with a sentence that says when
 * to come back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RetryPolicy } from '../../src/webex/retry-policy.ts';
import { ALICE } from '../helpers/sandbox.ts';
import { DIAL_PATH, useFaultSandbox } from './fault-kit.ts';

const POLICY: RetryPolicy = {
  retryStatuses: [429, 502, 503, 504],
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 1000,
  maxRetryAfterMs: 60_000,
  totalBudgetMs: 90_000,
};
const CALLING = 'Calling 1002: pick up your phone when it rings.';

describe('a 429 storm', () => {
  const kit = useFaultSandbox(POLICY);

  it('with a short Retry-After: waits as told and dials within the attempts', async () => {
    const mark = await kit.mark();
    await kit.sandbox.fault({
      method: 'POST',
      path: DIAL_PATH,
      status: 429,
      retryAfter: 2,
      count: 3,
    });
    assert.equal(await kit.ask('/dial 1002'), CALLING);
    assert.deepEqual(
      await kit.requestsSince(mark, 'POST', DIAL_PATH),
      [429, 429, 429, 201],
    );
    assert.deepEqual(kit.sleeps, [2000, 2000, 2000]);
  });

  it('without Retry-After: backs off with jitter under a doubling ceiling', async () => {
    const mark = await kit.mark();
    await kit.sandbox.fault({
      method: 'POST',
      path: DIAL_PATH,
      status: 429,
      count: 3,
    });
    assert.equal(await kit.ask('/dial 1002'), CALLING);
    assert.deepEqual(
      await kit.requestsSince(mark, 'POST', DIAL_PATH),
      [429, 429, 429, 201],
    );
    assert.equal(kit.sleeps.length, 3);
    kit.sleeps.forEach((ms, i) => {
      const ceiling = Math.min(POLICY.maxDelayMs, POLICY.baseDelayMs * 2 ** i);
      assert.ok(ms >= 0 && ms < ceiling, `wait ${i + 1} was ${ms} ms`);
    });
  });

  it('outlasting the attempts: stops at the policy and says Webex is busy', async () => {
    const mark = await kit.mark();
    await kit.sandbox.fault({
      method: 'POST',
      path: DIAL_PATH,
      status: 429,
      count: 50,
    });
    assert.equal(
      await kit.ask('/dial 1002'),
      'Webex is busy, try again in a minute.',
    );
    const statuses = await kit.requestsSince(mark, 'POST', DIAL_PATH);
    assert.deepEqual(statuses, [429, 429, 429, 429]);
    assert.equal(kit.sleeps.length, POLICY.maxAttempts - 1);
  });

  it('with a Retry-After over the cap: fails fast after exactly one request', async () => {
    const mark = await kit.mark();
    await kit.sandbox.fault({
      method: 'POST',
      path: DIAL_PATH,
      status: 429,
      retryAfter: 600,
      count: 5,
    });
    assert.equal(
      await kit.ask('/dial 1002'),
      'Webex is busy, try again in 10 minutes.',
    );
    assert.deepEqual(await kit.requestsSince(mark, 'POST', DIAL_PATH), [429]);
    assert.deepEqual(kit.sleeps, []);
  });

  it('on the bot’s own replies: the answer still arrives, once', async () => {
    const before = (await kit.sandbox.repliesTo(ALICE)).length;
    const mark = await kit.mark();
    await kit.sandbox.fault({
      method: 'POST',
      path: '/v1/messages',
      status: 429,
      retryAfter: 1,
      count: 2,
    });
    assert.match(await kit.ask('/help'), /\/dial/);
    assert.deepEqual(
      await kit.requestsSince(mark, 'POST', '/v1/messages'),
      [429, 429, 200],
    );
    assert.equal((await kit.sandbox.repliesTo(ALICE)).length, before + 1);
    assert.ok(await kit.healthy());
  });
});
