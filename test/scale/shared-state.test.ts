/**
 * Three bot processes on one Redis behave as one bot: whichever instance
 * a request lands on, flows, tokens, deliveries and cards are shared.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Monitor } from '../../src/store/store.ts';
import { type Cluster, startCluster } from '../helpers/cluster.ts';
import { waitFor } from '../helpers/sandbox.ts';
import { postSigned } from '../helpers/signed-post.ts';
import {
  ALICE,
  consent,
  people,
  redisSkip,
  type TestRedis,
  testRedis,
  textOf,
} from './scale-kit.ts';

const AUTH_LINK = /\((https?:\/\/[^)\s]+\/authorize\?[^)\s]+)\)/;

function fixture(name: string): { data: Record<string, unknown> } {
  const url = new URL(`../fixtures/webex/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

describe('several instances sharing Redis', { skip: redisSkip() }, () => {
  let redis: TestRedis;
  let cluster: Cluster;
  let chat: ReturnType<typeof people>;
  let aliceId: string;

  /** Routes of `path` (a prefix) that went to each instance. */
  const servedBy = (path: string, from = 0) =>
    cluster.balancer.routed
      .slice(from)
      .filter((route) => route.path.startsWith(path))
      .map((route) => route.instance);

  before(async () => {
    redis = await testRedis();
    cluster = await startCluster({ redisUrl: redis.url, instances: 3 });
    chat = people(cluster);
    aliceId = await chat.idOf(ALICE);
  });
  after(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  it('completes an OAuth flow started on one instance on another', async () => {
    cluster.balancer.pin(0);
    const mark = cluster.balancer.routed.length;
    await chat.say(ALICE, '/auth');
    const [linkMessage] = await chat.waitForChat(ALICE, (texts) =>
      texts.some((t) => AUTH_LINK.test(t)),
    );
    const link = AUTH_LINK.exec(linkMessage ? textOf(linkMessage) : '')?.[1];
    assert.ok(link);

    cluster.balancer.pin(1);
    const redirect = await consent(link, ALICE);
    assert.ok(redirect.startsWith(`${cluster.balancer.url}/redirect?`));
    const page = await fetch(redirect);
    assert.equal(page.status, 200);
    await chat.waitForChat(ALICE, (texts) =>
      texts.some((t) => t.startsWith('You are authorized')),
    );

    assert.deepEqual(servedBy('/webhooks/messages', mark).slice(0, 1), [0]);
    assert.deepEqual(servedBy('/redirect', mark), [1]);
    assert.ok(await cluster.store.getSession(aliceId));
  });

  it('relays a call event delivered to two instances once', async () => {
    cluster.balancer.pin(undefined);
    await chat.say(ALICE, '/monitor on');
    await chat.waitForChat(ALICE, (texts) =>
      texts.some((t) => t.includes('monitoring is on')),
    );
    const monitor = await cluster.store.getMonitor(aliceId);
    assert.ok(monitor);

    const received = fixture(
      'webhook_delivery_telephony_calls_created_received',
    );
    const statuses = await Promise.all(
      [0, 1].map((i) => deliver(cluster.instances[i]?.url, monitor, received)),
    );
    assert.deepEqual(statuses, [200, 200]);

    // Both have decided once one logs the duplicate and one the relay.
    await waitFor(
      async () => {
        const logs = [0, 1].map((i) => cluster.instances[i]?.output() ?? '');
        return logs.some((log) => log.includes('"duplicate call event"')) &&
          logs.some((log) => log.includes('"call event relayed"'))
          ? true
          : undefined;
      },
      'both instances to handle the delivery',
      10_000,
    );
    const relayed = (await chat.chat(ALICE))
      .map(textOf)
      .filter((t) => t.startsWith('Incoming call from Sales Queue'));
    assert.equal(relayed.length, 1);
  });

  it('tells what changed when the previous event went to another instance', async () => {
    const monitor = await cluster.store.getMonitor(aliceId);
    assert.ok(monitor);
    const base = fixture('webhook_delivery_telephony_calls_created_received');
    const event = (at: string, eventType: string, state: string) => ({
      ...base,
      id: `scale-${eventType}`,
      event: 'updated',
      data: {
        ...base.data,
        callId: 'c2NhbGUtY2FsbA',
        eventType,
        state,
        eventTimestamp: at,
      },
    });

    const held = event('2025-09-01T10:00:01.000Z', 'held', 'held');
    assert.equal(await deliver(cluster.instances[0]?.url, monitor, held), 200);
    await chat.waitForChat(ALICE, (texts) =>
      texts.some((t) => / is on hold\.$/.test(t)),
    );
    // A plain update says nothing by itself: only the held state kept by
    // the first instance makes the second one say "resumed".
    const back = event('2025-09-01T10:00:02.000Z', 'updated', 'connected');
    assert.equal(await deliver(cluster.instances[1]?.url, monitor, back), 200);
    await chat.waitForChat(ALICE, (texts) =>
      texts.some((t) => / is resumed\.$/.test(t)),
    );
  });

  it('refreshes a nearly expired token once for commands on every instance', async () => {
    cluster.balancer.pin(undefined);
    const session = await cluster.store.getSession(aliceId);
    assert.ok(session);
    await cluster.store.putSession({
      ...session,
      accessTokenExpiresAt: Date.now() + 60_000,
    });
    const refreshesBefore = await refreshCount();
    const repliesBefore = (await chat.chat(ALICE)).length;
    const mark = cluster.balancer.routed.length;

    await Promise.all(
      Array.from({ length: 6 }, () => chat.say(ALICE, '/calls')),
    );
    const replies = await chat.waitForChat(
      ALICE,
      (texts) => texts.length >= repliesBefore + 6,
    );

    assert.equal((await refreshCount()) - refreshesBefore, 1);
    const served = new Set(servedBy('/webhooks/messages', mark));
    assert.ok(served.size > 1, 'the commands reached several instances');
    for (const reply of replies.slice(repliesBefore)) {
      assert.doesNotMatch(textOf(reply), /unavailable|authoriz/i);
    }
    const fresh = await cluster.store.getSession(aliceId);
    assert.ok((fresh?.accessTokenExpiresAt ?? 0) > Date.now() + 3_600_000);
  });

  it('handles on one instance a card that another instance sent', async () => {
    cluster.balancer.pin(0);
    const mark = cluster.balancer.routed.length;
    await chat.call({
      from: '+15555550199',
      to: ALICE,
      name: 'Carol Outside',
    });
    const messages = await chat.waitForChat(ALICE, (texts) =>
      texts.some((t) => t.startsWith('Incoming call from Carol Outside')),
    );
    const card = messages.findLast((m) =>
      textOf(m).startsWith('Incoming call from Carol Outside'),
    );
    const answer = (
      card?.attachments?.[0]?.content.actions as
        | Array<{ data: { action: string; callId: string } }>
        | undefined
    )?.find((action) => action.data.action === 'answer');
    assert.ok(card && answer);
    assert.deepEqual([...new Set(servedBy('/webhooks/calls/', mark))], [0]);

    cluster.balancer.pin(2);
    const pressed = await chat.api(ALICE, '/attachment/actions', {
      body: { type: 'submit', messageId: card.id, inputs: answer.data },
    });
    assert.equal(pressed.status, 202);
    await chat.waitForChat(ALICE, (texts) =>
      texts.some((t) => t.startsWith('Answered the call from Carol Outside')),
    );
    assert.deepEqual(servedBy('/webhooks/cards', mark), [2]);
  });

  async function refreshCount(): Promise<number> {
    const response = await fetch(`${cluster.emulator.url}/_sandbox/requests`);
    const { items } = (await response.json()) as {
      items: Array<{ method: string; path: string }>;
    };
    return items.filter((item) => item.path === '/v1/access_token').length;
  }
});

async function deliver(
  base: string | undefined,
  monitor: Monitor,
  body: unknown,
): Promise<number> {
  const response = await postSigned(
    `${base}/webhooks/calls/${monitor.hookPath}`,
    JSON.stringify(body),
    monitor.secret,
  );
  return response.status;
}
