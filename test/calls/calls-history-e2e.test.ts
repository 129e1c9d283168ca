import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_MESSAGE_BYTES } from '../../src/bot/replies/split-message.ts';
import { waitFor } from '../helpers/sandbox.ts';
import {
  botMessagesAfter,
  EMAIL,
  firstReply,
  legOf,
  legsOf,
  placeCall,
  sandboxAct,
  suiteSandbox,
  textOf,
} from './call-test-kit.ts';

/** "Thu, Dec 3, 2026, 5:22 PM UTC · " as the history lines start. */
const WHEN = String.raw`[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M \S+ · `;
const line = (rest: string) => new RegExp(`^${WHEN}${rest}$`);

/**
 * A long caller name: CJK, emoji with skin tones and joiners, a flag,
 * and characters the bot escapes for markdown: 40 of them make a
 * reply of about 17 kB, three messages.
 */
function longName(n: number): string {
  return `Caller ${n}: ${'山田太郎👩🏽‍💻🇯🇵_ハナコ*'.repeat(7)}`;
}
/** The name as the bot writes it: markdown characters escaped. */
const escaped = (name: string) => name.replace(/[_*]/g, '\\$&');

describe('call history in the chat', () => {
  const sandbox = suiteSandbox({
    ringTimeoutMs: 800,
    authorize: ['alice', 'bob'],
  });

  it('lists a call that rang out under /history missed', async () => {
    await placeCall(sandbox, {
      from: '+15555550160',
      to: EMAIL.alice,
      name: 'Gina Missed',
    });
    // Nobody answers: the ring timeout ends the call.
    await waitFor(
      async () =>
        (await legsOf(sandbox, 'alice')).length === 0 ? true : undefined,
      'the call to ring out',
    );

    const reply = await firstReply(sandbox, 'alice', '/history missed');
    const [title, ...lines] = reply.split('\n');
    assert.equal(title, 'Your missed calls:');
    assert.equal(lines.length, 1);
    assert.match(
      lines[0] ?? '',
      line(String.raw`Missed Gina Missed \(\+15555550160\)`),
    );
  });

  it('shows placed, received and private calls newest first', async () => {
    const placed = await placeCall(sandbox, {
      from: EMAIL.alice,
      to: '+15555550161',
    });
    await sandboxAct(sandbox, legOf(placed, EMAIL.alice).callId, 'hangup');

    const received = await placeCall(sandbox, {
      from: '+15555550162',
      to: EMAIL.alice,
      name: 'Hank Received',
    });
    const receivedId = legOf(received, EMAIL.alice).callId;
    await sandboxAct(sandbox, receivedId, 'answer');
    await sandboxAct(sandbox, receivedId, 'hangup');

    const hidden = await placeCall(sandbox, {
      from: '+15555550163',
      to: EMAIL.alice,
      name: 'Not Shown',
      private: true,
    });
    await sandboxAct(sandbox, legOf(hidden, EMAIL.alice).callId, 'hangup');

    const reply = await firstReply(sandbox, 'alice', '/history');
    const [title, ...lines] = reply.split('\n');
    assert.equal(title, 'Your recent calls:');
    assert.equal(lines.length, 4);
    // Same-minute records keep the simulator's newest-first order.
    assert.match(lines[0] ?? '', line('Missed a private caller'));
    assert.match(
      lines[1] ?? '',
      line(String.raw`Answered Hank Received \(\+15555550162\)`),
    );
    assert.match(lines[2] ?? '', line(String.raw`Called \+15555550161`));
    assert.match(lines[3] ?? '', line('Missed Gina Missed .*'));
    assert.doesNotMatch(reply, /Not Shown|15555550163/);
  });

  it('splits a long history into whole lines of whole characters', async () => {
    const names: string[] = [];
    for (let n = 1; n <= 20; n += 1) {
      const answeredName = longName(n);
      const answered = await placeCall(sandbox, {
        from: `+1555555${String(1000 + n)}`,
        to: EMAIL.bob,
        name: answeredName,
      });
      const id = legOf(answered, EMAIL.bob).callId;
      await sandboxAct(sandbox, id, 'answer');
      await sandboxAct(sandbox, id, 'hangup');

      const missedName = longName(100 + n);
      const missed = await placeCall(sandbox, {
        from: `+1555555${String(2000 + n)}`,
        to: EMAIL.bob,
        name: missedName,
      });
      await sandboxAct(sandbox, legOf(missed, EMAIL.bob).callId, 'hangup');

      const dialled = await placeCall(sandbox, {
        from: EMAIL.bob,
        to: `+1555555${String(3000 + n)}`,
      });
      await sandboxAct(sandbox, legOf(dialled, EMAIL.bob).callId, 'hangup');
      names.push(answeredName, missedName);
    }

    const said = await sandbox.say('bob', '/history 60');
    // The reply's parts arrive one after another: wait for all 61 lines.
    const parts = await waitFor(async () => {
      const replies = (await botMessagesAfter(sandbox, 'bob', said)).map(
        textOf,
      );
      const count = replies.join('\n').split('\n').length;
      return count >= 61 ? replies : undefined;
    }, 'the whole history');

    assert.equal(parts.length, 3);
    for (const part of parts) {
      assert.ok(Buffer.byteLength(part, 'utf8') <= MAX_MESSAGE_BYTES);
      // A half of a surrogate pair would come back as U+FFFD.
      const bytes = Buffer.from(part, 'utf8');
      assert.equal(
        new TextDecoder('utf-8', { fatal: true }).decode(bytes),
        part,
      );
      assert.doesNotMatch(part, /\\$/, 'no escape cut from its character');
    }

    // Each part holds whole lines: the title, then one call per line.
    const lines = parts.flatMap((part) => part.split('\n'));
    assert.equal(lines[0], 'Your recent calls:');
    const calls = lines.slice(1);
    assert.equal(calls.length, 60);
    for (const text of calls) {
      assert.match(text, line('(Called|Answered|Missed) .+'));
    }
    for (const name of names) {
      const shown = calls.filter((text) => text.includes(escaped(name)));
      assert.equal(shown.length, 1, `${name.slice(0, 4)} shown once, whole`);
    }
    assert.equal(
      calls.filter((text) => /· Called \+1555555\d{4}$/.test(text)).length,
      20,
    );
  });
});
