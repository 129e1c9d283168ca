/**
 * Every instance reconciles webhooks when it starts; started together
 * they must leave exactly one webhook per purpose, and an instance that
 * left the work to another must still serve every delivery.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Cluster, startCluster } from '../helpers/cluster.ts';
import { waitFor } from '../helpers/sandbox.ts';
import {
  ALICE,
  authorize,
  BOB,
  listWebhooks,
  people,
  redisSkip,
  type TestRedis,
  testRedis,
} from './scale-kit.ts';

const PURPOSES = ['messages', 'attachmentActions'];

describe('webhook reconciliation on every instance at once', {
  skip: redisSkip(),
}, () => {
  let redis: TestRedis;
  let cluster: Cluster;
  let chat: ReturnType<typeof people>;

  /** The bot's hooks and each person's call hooks, by purpose. */
  async function hooksByPurpose(): Promise<Record<string, string[]>> {
    const result: Record<string, string[]> = {};
    const add = (purpose: string, targetUrl: string) => {
      result[purpose] = [...(result[purpose] ?? []), targetUrl];
    };
    for (const hook of await listWebhooks(cluster, cluster.botToken)) {
      add(hook.resource, hook.targetUrl);
    }
    for (const email of [ALICE, BOB]) {
      const session = await cluster.store.getSession(await chat.idOf(email));
      if (session === undefined) continue;
      for (const hook of await listWebhooks(cluster, session.accessToken)) {
        if (hook.resource !== 'telephony_calls') continue;
        add(`${email} calls`, hook.targetUrl);
      }
    }
    return result;
  }

  before(async () => {
    redis = await testRedis();
    cluster = await startCluster({ redisUrl: redis.url, instances: 3 });
    chat = people(cluster);
  });
  after(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  it('leaves one messages and one cards webhook after a joint start', async () => {
    const hooks = await hooksByPurpose();
    assert.deepEqual(Object.keys(hooks).sort(), [...PURPOSES].sort());
    assert.deepEqual(hooks.messages, [
      `${cluster.balancer.url}/webhooks/messages`,
    ]);
    assert.deepEqual(hooks.attachmentActions, [
      `${cluster.balancer.url}/webhooks/cards`,
    ]);
  });

  it('repairs duplicates and gaps once when all instances restart together', async () => {
    for (const email of [ALICE, BOB]) {
      await authorize(cluster, email);
      await chat.say(email, '/monitor on');
      await chat.waitForChat(email, (texts) =>
        texts.some((t) => t.includes('monitoring is on')),
      );
    }
    const aliceId = await chat.idOf(ALICE);
    const bobId = await chat.idOf(BOB);
    const aliceToken = (await cluster.store.getSession(aliceId))?.accessToken;
    const bobToken = (await cluster.store.getSession(bobId))?.accessToken;
    assert.ok(aliceToken && bobToken);

    // Damage: a second bot messages hook, a second call hook for Alice,
    // Bob's call hook gone.
    const [botHook] = (await listWebhooks(cluster, cluster.botToken)).filter(
      (hook) => hook.resource === 'messages',
    );
    assert.ok(botHook);
    await createHook(cluster.botToken, { ...botHook, event: 'created' });
    const [aliceHook] = await listWebhooks(cluster, aliceToken);
    assert.ok(aliceHook);
    await createHook(aliceToken, { ...aliceHook, event: 'all' });
    for (const hook of await listWebhooks(cluster, bobToken)) {
      await fetch(`${cluster.emulator.apiUrl}/webhooks/${hook.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${bobToken}` },
      });
    }

    await cluster.stopAll();
    await cluster.startAll();

    const hooks = await hooksByPurpose();
    const callsBase = `${cluster.balancer.url}/webhooks/calls/`;
    assert.equal(hooks.messages?.length, 1);
    assert.equal(hooks.attachmentActions?.length, 1);
    assert.equal(hooks[`${ALICE} calls`]?.length, 1);
    assert.equal(hooks[`${BOB} calls`]?.length, 1);
    assert.ok(hooks[`${ALICE} calls`]?.[0]?.startsWith(callsBase));
    assert.ok(hooks[`${BOB} calls`]?.[0]?.startsWith(callsBase));
  });

  it('serves deliveries on an instance that left the set-up to another', async () => {
    // The secrets come from the shared key, not from whoever set up the
    // webhooks: each instance verifies messages and call events.
    for (const [index, instance] of cluster.instances.entries()) {
      cluster.balancer.pin(index);
      const before = (await chat.chat(BOB)).length;
      await chat.say(BOB, '/help');
      await chat.waitForChat(BOB, (texts) => texts.length > before);

      await chat.call({
        from: `+1555555098${index}`,
        to: BOB,
        name: `Caller ${index}`,
      });
      await chat.waitForChat(BOB, (texts) =>
        texts.some((t) => t.startsWith(`Incoming call from Caller ${index}`)),
      );
      await waitFor(
        async () =>
          instance.output().includes('"call event relayed"') ? true : undefined,
        `instance ${index} to relay the call`,
      );
    }
    cluster.balancer.pin(undefined);
  });

  async function createHook(
    token: string,
    hook: { name: string; resource: string; targetUrl: string; event: string },
  ): Promise<void> {
    const response = await fetch(`${cluster.emulator.apiUrl}/webhooks`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: hook.name,
        resource: hook.resource,
        event: hook.event,
        targetUrl: hook.targetUrl,
      }),
    });
    assert.equal(response.status, 200);
  }
});
