import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { CALL_COMMAND_ORDER } from '../../src/calls/calls-module.ts';
import { ALICE, type SandboxMessage } from '../helpers/sandbox.ts';
import {
  EMAIL,
  firstReply,
  legOf,
  legsOf,
  placeCall,
  sandboxAct,
  suiteSandbox,
} from './call-test-kit.ts';

describe('call replies as Webex renders them', () => {
  const sandbox = suiteSandbox({
    authorize: ['alice'],
    hangUpAfterEach: true,
  });

  /** The bot's last 1:1 message to Alice, as the emulator stores it. */
  async function lastStored(): Promise<SandboxMessage> {
    const replies = await sandbox.sandbox.repliesTo(ALICE);
    const last = replies.at(-1);
    assert.ok(last, 'the bot said nothing to Alice');
    return last;
  }

  it('lists the call commands in /help as a call goes, starting with /dial', async () => {
    const help = await firstReply(sandbox, 'alice', '/help');
    const names = [...help.matchAll(/^- `\/([a-z]+)/gm)].map((m) => m[1]);
    const calls = names.filter((name) =>
      CALL_COMMAND_ORDER.includes(name ?? ''),
    );
    assert.deepEqual(calls, CALL_COMMAND_ORDER);
  });

  it('documents /transfer and /park in the README with the usage /help shows', async () => {
    const help = await firstReply(sandbox, 'alice', '/help');
    const readme = await readFile(
      new URL('../../README.md', import.meta.url),
      'utf8',
    );
    for (const command of ['transfer', 'park']) {
      const usage = help.match(new RegExp(`^- \`(/${command} [^\`]*)\``, 'm'));
      assert.ok(usage?.[1], command);
      assert.ok(readme.includes(`| \`${usage[1]}\``), usage[1]);
    }
  });

  it('says which kind of call the history has none of', async () => {
    const placed = await placeCall(sandbox, {
      from: EMAIL.alice,
      to: '+15555550180',
    });
    await sandboxAct(sandbox, legOf(placed, EMAIL.alice).callId, 'hangup');
    assert.equal(
      await firstReply(sandbox, 'alice', '/history missed'),
      'No missed calls in your history.',
    );
    assert.match(
      await firstReply(sandbox, 'alice', '/history placed'),
      /^Your placed calls:\n.* · Called \+15555550180$/,
    );
  });

  it('names the argument it did not expect, or the range it allows', async () => {
    const cases: [string, string][] = [
      ['/hangup 1 2', 'I did not expect “2” after /hangup.'],
      [
        '/hangup now',
        'I did not understand “now”: give a call number from /calls.',
      ],
      [
        '/reject 1 busy extra',
        'I did not understand “extra”: say busy, unavailable or ignore, and a call number if you have several.',
      ],
      ['/reject busy 1 2', 'I did not expect “2” after /reject.'],
      ['/calls now', 'I did not expect “now” after /calls.'],
      [
        '/history 999999',
        'Give a count from 1 to 60: “999999” is out of range.',
      ],
      [
        '/history received 0',
        'Give a count from 1 to 60: “0” is out of range.',
      ],
    ];
    for (const [command, reason] of cases) {
      const reply = await firstReply(sandbox, 'alice', command);
      assert.equal(reply.split('\n')[0], reason, command);
      assert.match(reply, /\n\nUsage: `\//, command);
    }
  });

  it('shows the <destination> of a /transfer hint instead of losing it as a tag', async () => {
    await firstReply(sandbox, 'alice', '/transfer');
    const stored = await lastStored();
    assert.match(
      stored.html ?? '',
      /<code>\/transfer &lt;destination&gt;<\/code>/,
    );
    assert.match(stored.text, /\(\/transfer <destination>\), or/);
  });

  it('shows the command to use literally when a call is not transferable', async () => {
    await placeCall(sandbox, {
      from: '+15555550181',
      to: EMAIL.alice,
      name: 'Una Outside',
    });
    assert.equal((await legsOf(sandbox, 'alice'))[0]?.state, 'alerting');
    await firstReply(sandbox, 'alice', '/transfer first_last@example.com');
    const stored = await lastStored();
    assert.match(
      stored.html ?? '',
      /<code>\/divert first_last@example\.com<\/code>/,
    );
    assert.match(stored.text, /use \/divert first_last@example\.com instead/);
  });

  it('asks which call to hang up in plain words, with the command to type', async () => {
    await placeCall(sandbox, {
      from: '+15555550182',
      to: EMAIL.alice,
      name: 'Val Outside',
    });
    await firstReply(sandbox, 'alice', '/answer');
    await placeCall(sandbox, { from: EMAIL.bob, to: EMAIL.alice });
    const question = await firstReply(sandbox, 'alice', '/hangup');
    assert.equal(
      question.split('\n')[0],
      'Which call should I hang up? Add its number, e.g. `/hangup 1`:',
    );
    // It never guesses: both calls are still there.
    assert.equal((await legsOf(sandbox, 'alice')).length, 2);
  });
});
