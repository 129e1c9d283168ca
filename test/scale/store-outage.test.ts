/**
 * Redis goes away under two running instances and comes back on the
 * same port: work in flight is answered "temporarily unavailable",
 * deliveries are refused with 503 so Webex delivers them again, /readyz
 * says the store is down, and service resumes with no restart and no
 * token lost. Redis saves its data on the way down, as a production
 * Redis with persistence does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { type Cluster, startCluster } from '../helpers/cluster.ts';
import { waitFor } from '../helpers/sandbox.ts';
import {
  ALICE,
  authorize,
  BOB,
  people,
  redisSkip,
  type TestRedis,
  testRedis,
} from './scale-kit.ts';

const UNAVAILABLE = 'I am temporarily unavailable, try again in a moment.';

interface Readiness {
  status: string;
  checks: { store: { ok: boolean } };
}

describe('a Redis outage under running instances', {
  skip: redisSkip(true),
}, () => {
  let redis: TestRedis;
  let cluster: Cluster;
  let chat: ReturnType<typeof people>;

  async function readiness(index: number) {
    const response = await fetch(`${cluster.instances[index]?.url}/readyz`);
    return {
      status: response.status,
      body: (await response.json()) as Readiness,
    };
  }

  async function deliveryStatuses(resource: string): Promise<number[]> {
    const response = await fetch(`${cluster.emulator.url}/_sandbox/deliveries`);
    const { items } = (await response.json()) as {
      items: Array<{ resource: string; status: number | null }>;
    };
    return items
      .filter((item) => item.resource === resource)
      .map((item) => item.status ?? 0);
  }

  async function shutdownRedis(): Promise<void> {
    const raw = new Redis(redis.url, { retryStrategy: () => null });
    // SHUTDOWN SAVE writes the data first; the connection then drops.
    await raw.call('SHUTDOWN', 'SAVE').catch(() => undefined);
    raw.disconnect();
  }

  before(async () => {
    redis = await testRedis();
    cluster = await startCluster({
      redisUrl: redis.url,
      instances: 2,
      emulator: {
        webhooks: {
          retryDelaysMs: [200, 500, 1000, 2000, 3000],
          maxConsecutiveFailures: 100,
        },
      },
    });
    chat = people(cluster);
  });
  after(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  it('answers, refuses and reports while down, then resumes with the tokens kept', async () => {
    await authorize(cluster, ALICE);
    await chat.say(ALICE, '/monitor on');
    await chat.waitForChat(ALICE, (texts) =>
      texts.some((t) => t.includes('monitoring is on')),
    );
    const aliceId = await chat.idOf(ALICE);
    const session = await cluster.store.getSession(aliceId);
    assert.ok(session);
    for (const index of [0, 1]) {
      const ready = await readiness(index);
      assert.equal(ready.status, 200);
      assert.equal(ready.body.checks.store.ok, true);
    }

    // A command accepted just before the outage, from someone the bot
    // looks up at Webex: Redis goes down during that look-up.
    await fetch(`${cluster.emulator.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'GET',
        path: '/v1/people/*',
        stallMs: 600,
      }),
    });
    const before = (await chat.chat(BOB)).length;
    await chat.say(BOB, '/calls');
    await waitFor(
      async () =>
        ((await chat.state()) as { faults?: unknown[] }).faults?.length === 0 ||
        undefined,
      'the stalled message look-up',
    );
    await shutdownRedis();
    const [answer] = (
      await chat.waitForChat(BOB, (texts) => texts.length > before)
    ).slice(before);
    assert.equal(answer?.text, UNAVAILABLE);

    // While down: not ready, and deliveries refused so that Webex retries.
    for (const index of [0, 1]) {
      const ready = await readiness(index);
      assert.equal(ready.status, 503);
      assert.equal(ready.body.checks.store.ok, false);
    }
    const messagesBefore = (await deliveryStatuses('messages')).length;
    const callsBefore = (await deliveryStatuses('telephony_calls')).length;
    await chat.say(ALICE, '/help');
    await chat.call({ from: '+15555550977', to: ALICE, name: 'Dora Outage' });
    await waitFor(
      async () =>
        (await deliveryStatuses('messages')).length > messagesBefore &&
        (await deliveryStatuses('telephony_calls')).length > callsBefore
          ? true
          : undefined,
      'deliveries during the outage',
    );
    assert.deepEqual(
      (await deliveryStatuses('messages')).slice(
        messagesBefore,
        messagesBefore + 1,
      ),
      [503],
    );
    assert.deepEqual(
      (await deliveryStatuses('telephony_calls')).slice(
        callsBefore,
        callsBefore + 1,
      ),
      [503],
    );

    // Back on the same port: no restart of the bots.
    await redis.server?.restart();
    for (const index of [0, 1]) {
      await waitFor(
        async () =>
          (await readiness(index)).status === 200 ? true : undefined,
        `instance ${index} to be ready again`,
        10_000,
      );
    }
    await chat.waitForChat(ALICE, (texts) =>
      texts.some((t) => t.startsWith('Here is what I can do')),
    );
    await chat.waitForChat(ALICE, (texts) =>
      texts.some((t) => t.startsWith('Incoming call from Dora Outage')),
    );
    const kept = await cluster.store.getSession(aliceId);
    assert.equal(kept?.accessToken, session.accessToken);
    assert.equal(kept?.refreshToken, session.refreshToken);
  });
});
