import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_TRANSFER } from '../../src/calls/card-actions.ts';
import {
  botMessagesAfter,
  EMAIL,
  legsOf,
  placeCall,
  replyMatching,
  sandboxAct,
  suiteSandbox,
  textOf,
  type Who,
} from './call-test-kit.ts';
import type { ChatMessage } from './calls-sandbox.ts';

/** Short, so that a ring nobody answers ends within the test. */
const RING_TIMEOUT_MS = 2500;

interface CardAction {
  data: { action: string; callId: string };
}

const actionsOf = (message: ChatMessage | undefined): CardAction[] =>
  (message?.attachments?.[0]?.content.actions ?? []) as CardAction[];

describe('what monitoring and the cards tell as a call goes', () => {
  const sandbox = suiteSandbox({
    ringTimeoutMs: RING_TIMEOUT_MS,
    authorize: ['alice', 'bob'],
    monitor: ['alice', 'bob'],
    hangUpAfterEach: true,
  });
  let markers = 0;

  /** The last message in `who`'s chat starting with `start`, once shown. */
  async function shown(who: Who, start: string): Promise<ChatMessage> {
    const chat = await sandbox.waitForChat(who, (messages) =>
      messages.some((m) => textOf(m).startsWith(start)),
    );
    const found = chat.findLast((m) => textOf(m).startsWith(start));
    assert.ok(found);
    return found;
  }

  /**
   * Lets every event of `who` before now reach the chat: the bot relays
   * a person's events in order, so once a new call's card shows, the
   * earlier ones are told.
   */
  async function settle(who: Who): Promise<void> {
    markers += 1;
    const name = `Marker${markers} Outside`;
    await placeCall(sandbox, {
      from: `+1555555038${markers}`,
      to: EMAIL[who],
      name,
    });
    await shown(who, `Incoming call from ${name}`);
  }

  async function press(who: Who, messageId: string, inputs: unknown) {
    const response = await sandbox.api(who, '/attachment/actions', {
      body: { type: 'submit', messageId, inputs },
    });
    assert.equal(response.status, 202);
  }

  /** An outside caller rings Alice and she answers from the chat. */
  async function aliceAnswers(number: string, name: string): Promise<void> {
    await placeCall(sandbox, { from: number, to: EMAIL.alice, name });
    await shown('alice', `Incoming call from ${name}`);
    assert.equal(
      await replyMatching(sandbox, 'alice', '/answer', /^Answered/),
      `Answered the call from ${name} (${number}).`,
    );
  }

  it('tells Bob who he talks to after a transfer, on a fresh card', async () => {
    await aliceAnswers('+15555550199', 'Pat External');
    await replyMatching(sandbox, 'alice', '/transfer 1002', /^Transferring/);
    const [ringing] = await legsOf(sandbox, 'bob');
    assert.ok(ringing);
    await shown('bob', 'Incoming call from Alice Example');
    await sandboxAct(sandbox, ringing.id, 'answer');

    const card = await shown('bob', 'You are now talking with');
    assert.equal(
      textOf(card),
      'You are now talking with Pat External (+15555550199), transferred by Alice Example.',
    );
    assert.deepEqual(
      actionsOf(card).map((a) => [a.data.action, a.data.callId]),
      [
        ['hold', ringing.id],
        ['transfer', ringing.id],
        ['hangup', ringing.id],
      ],
    );
    const chat = (await sandbox.chat('bob')).map(textOf);
    assert.ok(!chat.some((t) => t.includes('was transferred')), chat.join());
  });

  /** Alice's own phone, ringing for a dial or a takeover. */
  async function aliceOwnRinging() {
    const own = (await legsOf(sandbox, 'alice')).find(
      (leg) => leg.personality === 'clickToDial',
    );
    assert.equal(own?.state, 'alerting');
    return own?.id ?? '';
  }

  it('rings for a /pull as a takeover, and says nothing when declined', async () => {
    await aliceAnswers('+15555550304', 'Tom Outside');
    const before = (await sandbox.chat('alice')).at(-1)?.id ?? '';
    await replyMatching(sandbox, 'alice', '/pull', /^Pulling/);
    await shown(
      'alice',
      'Your phone is ringing: pick it up to take over your call with Tom Outside (+15555550304).',
    );
    await sandboxAct(sandbox, await aliceOwnRinging(), 'hangup');
    await settle('alice');

    const told = (await botMessagesAfter(sandbox, 'alice', before))
      .map(textOf)
      .filter((t) => t.includes('Tom Outside'));
    assert.equal(told.length, 1, told.join('\n'));
    const [call] = await legsOf(sandbox, 'alice');
    assert.equal(call?.remoteParty.name, 'Tom Outside');
  });

  it('rings for a /retrieve as taking back, and says the call stays parked when declined', async () => {
    await aliceAnswers('+15555550305', 'Uli Outside');
    await replyMatching(sandbox, 'alice', '/park', /^Parked/);
    await replyMatching(sandbox, 'alice', '/retrieve 1001', /^Retrieving/);
    await shown(
      'alice',
      'Your phone is ringing: pick it up to take back the parked call with Uli Outside (+15555550305).',
    );
    await sandboxAct(sandbox, await aliceOwnRinging(), 'hangup');
    await shown(
      'alice',
      'You did not pick up: the call with Uli Outside (+15555550305) stays parked.',
    );
    const chat = (await sandbox.chat('alice')).map(textOf);
    assert.ok(!chat.some((t) => t.includes('ended before it was answered')));
  });

  it('tells a recording started once, without a "pending" first', async () => {
    await aliceAnswers('+15555550301', 'Quin Outside');
    const before = (await sandbox.chat('alice')).at(-1)?.id ?? '';
    await replyMatching(sandbox, 'alice', '/record start', /^Recording/);
    await settle('alice');
    const told = (await botMessagesAfter(sandbox, 'alice', before)).map(textOf);
    assert.ok(told.includes('Recording started.'), told.join('\n'));
    assert.ok(!told.some((t) => /about to start/.test(t)), told.join('\n'));
  });

  it('asks for a destination when Transfer is pressed with none typed', async () => {
    await aliceAnswers('+15555550302', 'Rae Outside');
    const card = await shown('alice', 'Connected with Rae Outside');
    const transfer = actionsOf(card).find((a) => a.data.action === 'transfer');
    assert.ok(transfer);
    await press('alice', card.id, { ...transfer.data, destination: ' ' });
    await shown('alice', EMPTY_TRANSFER);
    assert.equal((await legsOf(sandbox, 'alice'))[0]?.state, 'connected');
  });

  it('says "any more" of a button it does not know', async () => {
    await placeCall(sandbox, {
      from: '+15555550303',
      to: EMAIL.alice,
      name: 'Sid Outside',
    });
    const card = await shown('alice', 'Incoming call from Sid Outside');
    const callId = actionsOf(card)[0]?.data.callId ?? '';
    await press('alice', card.id, { action: 'teleport', callId });
    const reply = await shown('alice', 'That button is not something');
    assert.match(textOf(reply), /handle any more\./);
  });
});
