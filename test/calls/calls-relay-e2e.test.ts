import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { NOT_YOUR_CALL } from '../../src/calls/card-actions.ts';
import type { Monitor } from '../../src/store/store.ts';
import { postSigned } from '../helpers/signed-post.ts';
import { EMAIL, suiteSandbox } from './call-test-kit.ts';
import type { ChatMessage } from './calls-sandbox.ts';

const texts = (messages: ChatMessage[]) =>
  messages.map((m) => m.markdown ?? m.text ?? '');

function fixture(name: string): Record<string, unknown> & {
  data: Record<string, unknown>;
} {
  const url = new URL(`../fixtures/webex/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

describe('call events and cards', () => {
  const sandbox = suiteSandbox({ authorize: ['alice', 'bob'] });
  let alice: Monitor;

  async function deliver(
    monitor: Monitor,
    body: unknown,
    secret = monitor.secret,
  ): Promise<number> {
    const response = await postSigned(
      `${sandbox.botUrl}/webhooks/calls/${monitor.hookPath}`,
      JSON.stringify(body),
      secret,
    );
    return response.status;
  }

  async function cardFor(who: 'alice' | 'bob', headline: string) {
    const chat = await sandbox.waitForChat(who, (m) =>
      m.some((x) => (x.markdown ?? '').startsWith(headline) && x.attachments),
    );
    const message = chat.findLast((x) =>
      (x.markdown ?? '').startsWith(headline),
    );
    const actions = message?.attachments?.[0]?.content.actions as {
      data: { action: string; callId: string };
    }[];
    return { messageId: message?.id ?? '', actions };
  }

  async function press(
    who: 'alice' | 'bob',
    messageId: string,
    inputs: Record<string, unknown>,
  ): Promise<void> {
    const response = await sandbox.api(who, '/attachment/actions', {
      body: { type: 'submit', messageId, inputs },
    });
    assert.equal(response.status, 202);
  }

  before(async () => {
    const aliceId = (await sandbox.sandbox.person(EMAIL.alice)).id;
    await sandbox.say('alice', '/monitor on');
    await sandbox.say('bob', '/monitor on');
    await sandbox.waitForChat('bob', (m) =>
      texts(m).some((t) => t.includes('monitoring is on')),
    );
    const found = await sandbox.store.getMonitor(aliceId);
    assert.ok(found);
    alice = found;
  });

  it('answers an outside call from the card', async () => {
    await sandbox.api('alice', '/_sandbox/calls', {
      body: {
        from: '+15555550199',
        to: 'alice@example.com',
        name: 'Carol Outside',
      },
    });
    const card = await cardFor('alice', 'Incoming call from Carol Outside');
    assert.deepEqual(
      card.actions.map((a) => a.data.action),
      ['answer', 'decline', 'voicemail'],
    );
    await press('alice', card.messageId, card.actions[0]?.data ?? {});
    await sandbox.waitForChat('alice', (m) =>
      texts(m).some((t) =>
        t.startsWith('Answered the call from Carol Outside'),
      ),
    );
  });

  it('refuses a card pressed by someone else, and logs nothing done', async () => {
    const aliceCard = await cardFor('alice', 'Connected with Carol Outside');
    const aliceCallId = aliceCard.actions[0]?.data.callId ?? '';
    await sandbox.api('bob', '/_sandbox/calls', {
      body: {
        from: '+15555550177',
        to: 'bob@example.com',
        name: 'Dan Outside',
      },
    });
    const bobCard = await cardFor('bob', 'Incoming call from Dan Outside');
    // Bob submits his own card, but with Alice's call in it.
    await press('bob', bobCard.messageId, {
      action: 'hangup',
      callId: aliceCallId,
    });
    await sandbox.waitForChat('bob', (m) => texts(m).includes(NOT_YOUR_CALL));

    const calls = (await (
      await sandbox.api('alice', '/telephony/calls')
    ).json()) as { items: { id: string }[] };
    assert.ok(calls.items.some((c) => c.id === aliceCallId));
  });

  it('says a call has ended when its card is pressed after hang-up', async () => {
    const card = await cardFor('alice', 'Connected with Carol Outside');
    const hangup = card.actions.find((a) => a.data.action === 'hangup');
    assert.ok(hangup);
    await sandbox.api('alice', `/_sandbox/calls/${hangup.data.callId}/hangup`, {
      body: {},
    });
    await sandbox.waitForChat('alice', (m) =>
      texts(m).some((t) => /ended after/.test(t)),
    );
    await press('alice', card.messageId, hangup.data);
    await sandbox.waitForChat('alice', (m) =>
      texts(m).includes('That call has already ended.'),
    );
  });

  it('relays the captured deliveries once each, in call order', async () => {
    const received = fixture(
      'webhook_delivery_telephony_calls_created_received',
    );
    const ended = fixture(
      'webhook_delivery_telephony_calls_deleted_disconnected',
    );
    const answered = fixture(
      'webhook_delivery_telephony_calls_updated_answered',
    );

    assert.equal(await deliver(alice, received), 200);
    assert.equal(await deliver(alice, received), 200); // a redelivery
    assert.equal(await deliver(alice, ended), 200);
    // Older than the end of the call: must not bring it back.
    assert.equal(await deliver(alice, answered), 200);

    const chat = await sandbox.waitForChat('alice', (m) =>
      texts(m).some((t) => t.includes('was answered elsewhere')),
    );
    const relayed = texts(chat).filter((t) => t.includes('Bob Caller'));
    assert.deepEqual(relayed, [
      'Incoming call from Sales Queue - Bob Caller (+15555550199), through the call queue Sales Queue.',
      'The call from Bob Caller (+15555550199) was answered elsewhere.',
    ]);
  });

  it('shows an unknown state and a party without number generically', async () => {
    const base = fixture('webhook_delivery_telephony_calls_created_received');
    const data = {
      ...base.data,
      callId: 'Y2FsbC1vZGQ',
      eventType: 'received',
      eventTimestamp: '2025-09-01T10:00:00.000Z',
      remoteParty: { privacyEnabled: false, callType: 'external' },
      redirections: [],
    };
    assert.equal(await deliver(alice, { ...base, data }), 200);
    assert.equal(
      await deliver(alice, {
        ...base,
        event: 'updated',
        data: {
          ...data,
          eventType: 'levitated',
          state: 'floating',
          eventTimestamp: '2025-09-01T10:00:01.000Z',
        },
      }),
      200,
    );
    await sandbox.waitForChat(
      'alice',
      (m) =>
        texts(m).includes('Incoming call from an unknown party.') &&
        texts(m).includes('The call from an unknown party is now floating.'),
    );
  });

  it('refuses a bad signature and an unknown path', async () => {
    const body = fixture('webhook_delivery_telephony_calls_created_received');
    assert.equal(await deliver(alice, body, 'not-the-secret'), 401);
    assert.equal(
      await deliver({ ...alice, hookPath: 'AAAAAAAAAAAAAAAAAAAAAAAA' }, body),
      404,
    );
  });

  it('re-points a stale webhook target, and a second check changes nothing', async () => {
    const hooks = (await (await sandbox.api('alice', '/webhooks')).json()) as {
      items: {
        id: string;
        name: string;
        targetUrl: string;
        resource: string;
      }[];
    };
    const ours = hooks.items.find((h) => h.resource === 'telephony_calls');
    assert.ok(ours);
    const moved = await sandbox.api('alice', `/webhooks/${ours.id}`, {
      method: 'PUT',
      body: { name: ours.name, targetUrl: 'https://old.example.invalid/x' },
    });
    assert.equal(moved.status, 200);

    await sandbox.say('alice', '/monitor status');
    await sandbox.waitForChat('alice', (m) =>
      texts(m).some((t) => t.includes('needed repair')),
    );
    const after = (await (
      await sandbox.api('alice', `/webhooks/${ours.id}`)
    ).json()) as {
      targetUrl: string;
    };
    assert.equal(
      after.targetUrl,
      `${sandbox.botUrl}/webhooks/calls/${alice.hookPath}`,
    );

    await sandbox.say('alice', '/monitor status');
    await sandbox.waitForChat('alice', (m) =>
      texts(m).includes('Call monitoring is on and working.'),
    );
  });
});
