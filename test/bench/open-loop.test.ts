import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLoop } from '../../bench/lib/open-loop.ts';

describe('the open-loop sender', () => {
  it('never times a request from after it went out', async () => {
    const sends: Array<{ from: number; sentAt: number; settledAt: number }> =
      [];
    const result = await openLoop({
      rate: 2000,
      seconds: 0.1,
      async send(_seq, from) {
        const sentAt = performance.now();
        await sleep(2);
        sends.push({ from, sentAt, settledAt: performance.now() });
        return true;
      },
    });
    assert.equal(result.sent, 200);
    assert.equal(sends.length, 200);
    for (const { from, sentAt } of sends) assert.ok(from <= sentAt);
    // So no latency is shorter than its round trip, in sum either.
    const roundTrips = sends.reduce((n, s) => n + s.settledAt - s.sentAt, 0);
    const latencies = result.latencies.reduce((n, ms) => n + ms, 0);
    assert.ok(latencies >= roundTrips, `${latencies} < ${roundTrips}`);
    assert.ok(Math.min(...result.latencies) >= 0);
  });

  it('counts a late sender in the latency of what it sent late', async () => {
    const result = await openLoop({
      rate: 1000,
      seconds: 0.05,
      async send(seq) {
        // The sender's own thread stalls 20 ms at its first request: the
        // ones that fell due meanwhile go out late, and that shows.
        if (seq === 0) {
          const until = performance.now() + 20;
          while (performance.now() < until) {}
        }
        return true;
      },
    });
    assert.ok(result.senderLagP99 >= 10, String(result.senderLagP99));
    assert.ok(result.p99 >= 10, String(result.p99));
  });

  it('counts a refused request as failed', async () => {
    const result = await openLoop({
      rate: 1000,
      seconds: 0.02,
      send: async (seq) => {
        if (seq === 3) throw new Error('connection refused');
        return seq !== 5;
      },
    });
    assert.equal(result.sent, 20);
    assert.equal(result.failed, 2);
  });
});
