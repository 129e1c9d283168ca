import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createEmulator,
  type Emulator,
} from '../../../src/emulator/create-emulator.ts';
import { ALICE_TOKEN, BOT_TOKEN, call } from '../emulator-fixture.ts';
import { startReceiver, type WebhookReceiver } from '../webhook-receiver.ts';

const sample = JSON.parse(
  readFileSync(
    'test/fixtures/webex/webhook_delivery_messages_created.json',
    'utf8',
  ),
);

describe('webhook deliveries', () => {
  let emulator: Emulator;
  let receiver: WebhookReceiver;

  before(async () => {
    emulator = await createEmulator({
      webhooks: {
        timeoutMs: 500,
        retryDelaysMs: [10, 10],
        maxConsecutiveFailures: 3,
      },
    });
  });
  after(() => emulator.close());

  beforeEach(async () => {
    await receiver?.close();
    await call(`${emulator.url}/_sandbox/reset`, { method: 'POST' });
    receiver = await startReceiver();
  });
  after(() => receiver.close());

  async function hook(token: string, body: Record<string, unknown> = {}) {
    const response = await call(`${emulator.apiUrl}/webhooks`, {
      method: 'POST',
      token,
      body: {
        name: 'test',
        targetUrl: receiver.url,
        resource: 'messages',
        event: 'created',
        ...body,
      },
    });
    assert.equal(response.status, 200);
    return response.body;
  }

  async function say(fromEmail: string, to: Record<string, unknown>) {
    const response = await call(`${emulator.url}/_sandbox/messages`, {
      method: 'POST',
      body: { fromEmail, text: 'hello', ...to },
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body;
  }

  it('signs the exact body bytes with the webhook secret', async () => {
    const webhook = await hook(ALICE_TOKEN, { secret: 's3cret-value' });
    const message = await say('bob@example.com', {
      toEmail: 'alice@example.com',
    });

    const [delivery] = await receiver.waitFor(1);
    assert.ok(delivery);
    const expected = createHmac('sha1', 's3cret-value')
      .update(delivery.raw)
      .digest('hex');
    assert.equal(delivery.headers['x-spark-signature'], expected);
    assert.equal(delivery.body.id, webhook.id);
    assert.equal(delivery?.body.data.id, message.id);
    assert.ok(!delivery.raw.toString().includes('s3cret-value'));
  });

  it('sends the envelope and data keys of the Webex sample, in order', async () => {
    await hook(ALICE_TOKEN);
    await say('bob@example.com', { toEmail: 'alice@example.com' });

    const [delivery] = await receiver.waitFor(1);
    assert.ok(delivery);
    assert.deepEqual(Object.keys(delivery.body), Object.keys(sample));
    assert.deepEqual(Object.keys(delivery.body.data), Object.keys(sample.data));
    assert.equal(delivery.headers['x-spark-signature'], undefined);
  });

  it('retries a failing target, then marks the webhook inactive', async () => {
    receiver.respondWith(() => 500);
    const webhook = await hook(ALICE_TOKEN);
    await say('bob@example.com', { toEmail: 'alice@example.com' });

    await receiver.waitFor(3);
    const attempts = await call(`${emulator.url}/_sandbox/deliveries`);
    assert.deepEqual(
      attempts.body.items.map((a: { attempt: number }) => a.attempt),
      [1, 2, 3],
    );
    const listed = await call(`${emulator.apiUrl}/webhooks/${webhook.id}`, {
      token: ALICE_TOKEN,
    });
    assert.equal(listed.body.status, 'inactive');
  });

  it('resumes deliveries once a PUT re-activates the webhook', async () => {
    receiver.respondWith((index) => (index < 3 ? 500 : 200));
    const webhook = await hook(ALICE_TOKEN);
    await say('bob@example.com', { toEmail: 'alice@example.com' });
    await receiver.waitFor(3);

    // Sent while inactive: never delivered, not even after re-activation.
    await say('bob@example.com', { toEmail: 'alice@example.com' });
    const updated = await call(`${emulator.apiUrl}/webhooks/${webhook.id}`, {
      method: 'PUT',
      token: ALICE_TOKEN,
      body: { name: 'test', targetUrl: receiver.url, status: 'active' },
    });
    assert.equal(updated.body.status, 'active');
    const third = await say('bob@example.com', {
      toEmail: 'alice@example.com',
    });

    const deliveries = await receiver.waitFor(4);
    assert.equal(deliveries[3]?.body.data.id, third.id);
    assert.equal(receiver.received.length, 4);
  });

  it('keeps each webhook in order, even across a retry', async () => {
    receiver.respondWith((index) => (index === 0 ? 503 : 200));
    await hook(ALICE_TOKEN);
    const sent = [];
    for (let n = 0; n < 5; n += 1) {
      sent.push(await say('bob@example.com', { toEmail: 'alice@example.com' }));
    }

    const deliveries = await receiver.waitFor(6);
    const delivered = deliveries
      .slice(1)
      .map((delivery) => delivery?.body.data.id);
    assert.deepEqual(
      delivered,
      sent.map((message) => message.id),
    );
  });

  it('gives a bot its direct messages, its own, and group mentions only', async () => {
    await hook(BOT_TOKEN);
    const room = await call(`${emulator.url}/_sandbox/rooms`, {
      method: 'POST',
      body: {
        title: 'Team',
        memberEmails: [
          'alice@example.com',
          'bob@example.com',
          'callcontrol@webex.bot',
        ],
      },
    });
    const bot = (
      await call(`${emulator.apiUrl}/people/me`, { token: BOT_TOKEN })
    ).body;

    const direct = await say('alice@example.com', {
      toEmail: 'callcontrol@webex.bot',
    });
    const own = await say('callcontrol@webex.bot', {
      toEmail: 'alice@example.com',
    });
    await say('alice@example.com', { roomId: room.body.id });
    const mention = await say('alice@example.com', {
      roomId: room.body.id,
      html: `<p><spark-mention data-object-type="person" data-object-id="${bot.id}">Call Control</spark-mention> help</p>`,
    });

    const deliveries = await receiver.waitFor(3);
    assert.deepEqual(
      deliveries.map((d) => d?.body.data.id),
      [direct.id, own.id, mention.id],
    );
    assert.deepEqual(deliveries[2]?.body.data.mentionedPeople, [bot.id]);
  });

  it('applies a roomId filter', async () => {
    const first = await say('bob@example.com', {
      toEmail: 'alice@example.com',
    });
    await hook(ALICE_TOKEN, { filter: `roomId=${first.roomId}` });
    await say('callcontrol@webex.bot', { toEmail: 'alice@example.com' });
    const wanted = await say('bob@example.com', {
      toEmail: 'alice@example.com',
    });

    const [delivery] = await receiver.waitFor(1);
    assert.equal(delivery?.body.data.id, wanted.id);
    assert.equal(delivery?.body.filter, `roomId=${first.roomId}`);
  });
});
