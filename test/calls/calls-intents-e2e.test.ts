import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  botMessagesAfter,
  EMAIL,
  firstReply,
  legsOf,
  placeCall,
  replyMatching,
  suiteSandbox,
  textOf,
} from './call-test-kit.ts';

/** Short, so that a transfer nobody answers ends within the test. */
const RING_TIMEOUT_MS = 2500;

describe('the end of a call the person ended on purpose', () => {
  const sandbox = suiteSandbox({
    ringTimeoutMs: RING_TIMEOUT_MS,
    authorize: ['alice', 'bob'],
    monitor: ['alice'],
    hangUpAfterEach: true,
  });
  let markers = 0;

  /** An outside call rings Alice; resolves with its card's message. */
  async function ringAlice(name: string, number: string) {
    await placeCall(sandbox, { from: number, to: EMAIL.alice, name });
    const chat = await sandbox.waitForChat('alice', (messages) =>
      messages.some((m) => textOf(m).startsWith(`Incoming call from ${name}`)),
    );
    const card = chat.findLast((m) =>
      textOf(m).startsWith(`Incoming call from ${name}`),
    );
    assert.ok(card);
    return card;
  }

  /**
   * Lets every event before now reach the chat: Webex delivers one
   * webhook's events in order, and the bot relays a person's in order,
   * so once a new call's card shows, the earlier events are told.
   */
  async function settle(): Promise<void> {
    markers += 1;
    await ringAlice(`Marker${markers} Outside`, `+1555555029${markers}`);
  }

  /** What the bot said to Alice after her message `saidId`. */
  async function toldAfter(saidId: string): Promise<string[]> {
    return (await botMessagesAfter(sandbox, 'alice', saidId)).map(textOf);
  }

  for (const [command, name] of [
    ['/reject unavailable', 'Quinn Outside'],
    ['/divert voicemail', 'Sam Outside'],
    ['/hangup', 'Tia Outside'],
  ] as const) {
    it(`reports no missed call after ${command} on a ringing call`, async () => {
      await ringAlice(name, '+15555550201');
      const before = (await sandbox.chat('alice')).at(-1)?.id ?? '';
      const reply = await replyMatching(sandbox, 'alice', command, /call/);
      assert.ok(reply.includes(`the call from ${name}`), reply);
      await settle();
      const told = await toldAfter(before);
      assert.deepEqual(
        told.filter((t) => t.includes(name)),
        [reply],
      );
    });
  }

  it('reports no missed call after Decline on the card', async () => {
    const card = await ringAlice('Rosa Outside', '+15555550202');
    const actions = (card.attachments?.[0]?.content.actions ?? []) as {
      data: { action: string };
    }[];
    const decline = actions.find((action) => action.data.action === 'decline');
    const before = (await sandbox.chat('alice')).at(-1)?.id ?? '';
    const pressed = await sandbox.api('alice', '/attachment/actions', {
      body: { type: 'submit', messageId: card.id, inputs: decline?.data },
    });
    assert.equal(pressed.status, 202);
    await sandbox.waitForChat('alice', (messages) =>
      messages.some((m) => textOf(m).startsWith('Declined the call from Rosa')),
    );
    await settle();
    assert.deepEqual(
      (await toldAfter(before)).filter((t) => t.includes('Rosa Outside')),
      ['Declined the call from Rosa Outside (+15555550202).'],
    );
  });

  it('says nothing more about a parked call than the /park reply', async () => {
    await ringAlice('Uma Outside', '+15555550203');
    await firstReply(sandbox, 'alice', '/answer');
    const before = (await sandbox.chat('alice')).at(-1)?.id ?? '';
    await replyMatching(sandbox, 'alice', '/park', /^Parked/);
    await settle();
    const told = (await toldAfter(before)).filter((t) => t.includes('Uma'));
    assert.equal(told.length, 1, told.join('\n'));
    assert.match(told[0] ?? '', /^Parked the call with Uma Outside/);
  });

  it('says a mute transfer nobody answered did not happen', async () => {
    await ringAlice('Wes Outside', '+15555550204');
    await firstReply(sandbox, 'alice', '/answer');
    assert.equal(
      await replyMatching(sandbox, 'alice', '/transfer 1002', /^Transferring/),
      'Transferring the call with Wes Outside (+15555550204) to 1002: it moves over once they answer, and stays with you until then.',
    );
    const [ringing] = await legsOf(sandbox, 'bob');
    assert.equal(ringing?.state, 'alerting');

    await sandbox.waitForChat('alice', (messages) =>
      messages.some(
        (m) =>
          textOf(m) ===
          'Bob Example (1002) did not answer, so the call with Wes Outside (+15555550204) was not transferred: it is still yours.',
      ),
    );
    const [kept] = await legsOf(sandbox, 'alice');
    assert.equal(kept?.remoteParty.name, 'Wes Outside');
    assert.equal(kept?.state, 'connected');
  });
});
