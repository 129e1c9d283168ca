/**
 * Odd chat messages through the real flow (the emulator posts them as
 * Alice and delivers them to the bot): unicode, control characters,
 * empty text, attachment-only, and group-space html with, without and
 * with broken mention markup. The bot answers each addressed message
 * with one sensible sentence, ignores group messages not meant for it,
 * and never fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UNKNOWN_FAILURE } from '../../src/bot/commands/error-replies.ts';
import { commandAfterMention } from '../../src/bot/intake/command-text.ts';
import { captureLogs } from '../helpers/capture-logs.ts';
import fc from '../helpers/fast-check.ts';
import {
  ALICE,
  BOB,
  BOT,
  type SandboxMessage,
  startSandbox,
  type TestSandbox,
  waitFor,
} from '../helpers/sandbox.ts';

const HELLO =
  /^Hello Alice Example! Send \*\*\/help\*\* to see what I can do\.$/;
const ROOM_NOTE = /^I answer in our 1:1 space/;

describe('odd chat messages through the real flow', () => {
  const logs = captureLogs('info');
  let sandbox: TestSandbox;
  let botId: string;
  let roomId: string;
  before(async () => {
    sandbox = await startSandbox({ logger: logs.logger });
    botId = (await sandbox.person(BOT)).id;
    roomId = await sandbox.room('Fuzz', [ALICE, BOB, BOT]);
  });
  after(() => sandbox.close());

  const textOf = (message: SandboxMessage) => message.markdown ?? message.text;
  const roomNotes = async () =>
    (await sandbox.state()).messages.filter(
      (message) =>
        message.roomId === roomId &&
        message.personId === botId &&
        ROOM_NOTE.test(message.text),
    ).length;

  /**
   * Sends a direct /help after whatever was said and waits until it is
   * answered and nothing is left in the journal: by then every earlier
   * delivery (same webhook, delivered in order) has been fully handled.
   */
  async function settle(): Promise<SandboxMessage[]> {
    const before = (await sandbox.repliesTo(ALICE)).length;
    await sandbox.say(ALICE, '/help');
    return waitFor(async () => {
      const replies = await sandbox.repliesTo(ALICE);
      const last = replies.at(-1);
      if (replies.length <= before || !/\/auth/.test(last?.text ?? '')) {
        return undefined;
      }
      const pending = await sandbox.running.store.journalPending();
      return pending.length === 0 ? replies : undefined;
    }, 'the bot to settle');
  }

  const runs = { numRuns: 10 };
  const oddText = fc.oneof(
    fc.constant(''),
    fc.string({ unit: 'binary', maxLength: 120 }),
    fc.string({
      unit: fc.constantFrom(' ', '\u0007', '\u200b', '/', '"', 'é', '😀', 'x'),
      maxLength: 60,
    }),
    fc.string({ unit: 'grapheme', minLength: 300, maxLength: 800 }),
  );

  it('answers any direct text with one sensible sentence', async () => {
    await fc.assert(
      fc.asyncProperty(oddText, async (text) => {
        const before = (await sandbox.repliesTo(ALICE)).length;
        if (text.trim() === '') {
          // Webex refuses a message with nothing in it: the bot never
          // hears of it.
          await assert.rejects(sandbox.say(ALICE, text), /HTTP 400/);
          return;
        }
        await sandbox.say(ALICE, text);
        const replies = await settle();
        assert.equal(replies.length, before + 2, 'one answer and the /help');
        const answer = textOf(replies[before] as SandboxMessage);
        assert.notEqual(answer, UNKNOWN_FAILURE);
        assert.ok(
          HELLO.test(answer) ||
            /^I do not know `+.*`+\. Send \*\*\/help\*\*/s.test(answer) ||
            /\/auth/.test(answer),
          `a sensible answer: ${answer}`,
        );
      }),
      runs,
    );
  });

  it('answers group messages that mention it, and only those', async () => {
    const mention = (id: string) =>
      `<spark-mention data-object-type="person" data-object-id="${id}">` +
      'Call Control</spark-mention>';
    const html = fc.oneof(
      fc.tuple(oddText, fc.boolean()).map(([tail, wrapped]) => {
        const body = `${mention(botId)} ${escapeHtml(tail)}`;
        return wrapped ? `<p>${body}</p>` : body;
      }),
      oddText.map((tail) => `<p>${escapeHtml(tail)}</p>`),
      fc.constantFrom(
        `<spark-mention data-object-id="${botId}">Call Control`,
        `<spark-mention data-object-id="${botId}"/> /help`,
        `<spark-mention data-object-id="${botId}>/help</spark-mention>`,
        `<spark-mention data-object-id='${botId}'>Bot</spark-mention> /help`,
        '<spark-mention data-object-id="">x</spark-mention> /help',
        `</spark-mention><spark-mention data-object-id="${botId}"></spark-mention>`,
        `<spark-mention data-object-id="${botId}">&#x110000;&#0;</spark-mention>`,
        '<<<<>>>>&&&;;',
      ),
    );
    await fc.assert(
      fc.asyncProperty(html, async (markup) => {
        const replies = (await sandbox.repliesTo(ALICE)).length;
        const notes = await roomNotes();
        const message = await sandbox.say(ALICE, 'text', {
          roomId,
          html: markup,
        });
        const after = await settle();
        const addressed =
          (message as { mentionedPeople?: string[] }).mentionedPeople?.includes(
            botId,
          ) === true && commandAfterMention(markup, botId) !== undefined;
        const answered = after.length - replies - 1;
        assert.equal(answered, addressed ? 1 : 0, `answers to ${markup}`);
        assert.equal(await roomNotes(), notes + answered);
        if (addressed) {
          assert.notEqual(
            textOf(after[replies] as SandboxMessage),
            UNKNOWN_FAILURE,
          );
        }
      }),
      runs,
    );
  });

  it('answers a message with only an attachment', async () => {
    const alice = await sandbox.person(ALICE);
    assert.ok(alice.accessToken, 'Alice has a personal token');
    const before = (await sandbox.repliesTo(ALICE)).length;
    const response = await fetch(`${sandbox.emulator.apiUrl}/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        toPersonEmail: BOT,
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: {
              type: 'AdaptiveCard',
              version: '1.3',
              body: [{ type: 'TextBlock', text: 'hi' }],
            },
          },
        ],
      }),
    });
    assert.equal(response.status, 200);
    const replies = await settle();
    assert.equal(replies.length, before + 2);
    assert.match(textOf(replies[before] as SandboxMessage), HELLO);
  });

  it('logged no failed command and no failed request', () => {
    const failures = logs
      .entries()
      .filter((entry) => Number(entry.level) >= 50);
    assert.deepEqual(failures, []);
  });
});

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}
