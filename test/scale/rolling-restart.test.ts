/**
 * A rolling deploy restarts instances one by one while the others keep
 * serving: a restarted instance must not replay deliveries that a live
 * instance is still processing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Cluster, startCluster } from '../helpers/cluster.ts';
import { waitFor } from '../helpers/sandbox.ts';
import {
  BOB,
  people,
  redisSkip,
  type TestRedis,
  testRedis,
} from './scale-kit.ts';

describe('a rolling restart', { skip: redisSkip() }, () => {
  let redis: TestRedis;
  let cluster: Cluster;
  let chat: ReturnType<typeof people>;

  before(async () => {
    redis = await testRedis();
    cluster = await startCluster({ redisUrl: redis.url, instances: 2 });
    chat = people(cluster);
  });
  after(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  it('answers a command in flight on one instance once when another restarts', async () => {
    await fetch(`${cluster.emulator.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'GET',
        path: '/v1/messages/*',
        // Longer than a restart, so that the restart sees it pending.
        stallMs: 6000,
      }),
    });
    cluster.balancer.pin(0);
    await chat.say(BOB, '/help');
    await waitFor(
      async () =>
        ((await chat.state()) as { faults?: unknown[] }).faults?.length === 0
          ? true
          : undefined,
      'the first instance to be processing the command',
    );

    const restarted = cluster.instances[1];
    assert.ok(restarted);
    await restarted.stop();
    await restarted.start();
    await waitFor(
      async () =>
        cluster.instances[0]?.output().includes('"command":"help"')
          ? true
          : undefined,
      'the first instance to finish the command',
      10_000,
    );
    await chat.waitForChat(BOB, (texts) => texts.length >= 1);
    // The restarted instance decided what to replay before it was up.
    assert.doesNotMatch(restarted.output(), /Replaying accepted deliveries/);
    assert.equal((await chat.chat(BOB)).length, 1);
  });
});
