import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BotModule } from '../../src/app/bot-module.ts';
import { CommandUsageError } from '../../src/bot/commands/error-replies.ts';
import {
  ALICE,
  BOB,
  BOT,
  type SandboxMessage,
  startSandbox,
  type TestSandbox,
  waitFor,
} from '../helpers/sandbox.ts';
import { postSigned } from '../helpers/signed-post.ts';
import { webexCall } from '../helpers/webex-calls.ts';

const cardModule: BotModule = {
  name: 'card-test',
  commands: [
    {
      name: 'card',
      usage: '/card',
      summary: 'Post a card with a button.',
      async run(ctx) {
        await ctx.reply({
          markdown: 'A card.',
          card: {
            type: 'AdaptiveCard',
            version: '1.3',
            body: [{ type: 'TextBlock', text: 'Press it' }],
            actions: [
              {
                type: 'Action.Submit',
                title: 'Ping',
                data: { action: 'ping' },
              },
            ],
          },
        });
      },
    },
    {
      name: 'echo',
      usage: '/echo <words>',
      summary: 'Say it back.',
      async run(ctx, args) {
        if (args.length === 0) throw new CommandUsageError();
        await ctx.reply(args.join(' '));
      },
    },
  ],
  cardActions: [
    {
      action: 'ping',
      async run(ctx, inputs) {
        await ctx.reply(`pong ${String(inputs.value)}`);
      },
    },
  ],
};

describe('chat intake', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startSandbox({ modules: [cardModule] });
  });
  after(() => sandbox.close());

  it('lists every command with its summary on /help', async () => {
    const reply = await sandbox.ask(ALICE, '/help');
    const text = reply.markdown ?? '';
    assert.match(text, /`\/help`: List what I can do\./);
    assert.match(text, /`\/auth \[force\|clear\]`/);
    assert.match(text, /`\/card`: Post a card with a button\./);
  });

  it('accepts a command without the slash, in any case', async () => {
    const reply = await sandbox.ask(ALICE, 'HELP');
    assert.match(reply.text, /Here is what I can do/);
  });

  it('answers an unknown command with a hint', async () => {
    const reply = await sandbox.ask(ALICE, '/frobnicate now');
    assert.match(reply.text, /I do not know \/frobnicate\./);
    assert.match(reply.text, /\/help/);
  });

  it('quotes plain text as written, adding no slash', async () => {
    const reply = await sandbox.ask(ALICE, 'hello');
    assert.equal(
      reply.markdown,
      'I do not know `hello`. Send **/help** to see what I can do.',
    );
    assert.match(reply.html ?? '', /<code>hello<\/code>/);
  });

  it('echoes at most 40 characters of a very long word, in one message', async () => {
    const before = (await sandbox.repliesTo(ALICE)).length;
    const reply = await sandbox.ask(ALICE, `/${'x'.repeat(7400)}`);
    assert.equal(
      reply.markdown,
      `I do not know \`/${'x'.repeat(39)}…\`. Send **/help** to see what I can do.`,
    );
    const help = await sandbox.ask(ALICE, '/help');
    const replies = await sandbox.repliesTo(ALICE);
    assert.equal(replies.at(-1)?.id, help.id);
    assert.equal(replies.length, before + 2, 'one answer, then the /help');
  });

  it('runs a command followed by a zero-width space', async () => {
    for (const invisible of ['\u200b', '\ufeff', '\u2060']) {
      const reply = await sandbox.ask(ALICE, `/help${invisible}`);
      assert.match(reply.text, /Here is what I can do/);
    }
  });

  it('shows usages with <placeholders> in code, in /help and hints', async () => {
    const help = await sandbox.ask(ALICE, '/help');
    assert.match(
      help.html ?? '',
      /<code>\/echo &lt;words&gt;<\/code>: Say it back\./,
    );
    const hint = await sandbox.ask(ALICE, '/echo');
    assert.match(hint.html ?? '', /Usage: <code>\/echo &lt;words&gt;<\/code>/);
  });

  it('answers bad arguments with the usage', async () => {
    const reply = await sandbox.ask(ALICE, '/auth bogus');
    assert.match(reply.markdown ?? '', /Usage: `\/auth \[force\|clear\]`/);
  });

  it('acts in a group only when mentioned, answering 1:1', async () => {
    const alice = await sandbox.person(ALICE);
    const bob = await sandbox.person(BOB);
    const bot = await sandbox.person(BOT);
    const roomId = await sandbox.room('Team', [ALICE, BOB, BOT]);
    const before = (await sandbox.repliesTo(ALICE)).length;

    const plain = await sandbox.say(ALICE, '/help', { roomId });
    const other = await sandbox.say(ALICE, '@Bob /help', {
      roomId,
      html: `<p>${mention(bob.id, 'Bob')} /help</p>`,
    });
    await sandbox.say(ALICE, 'Call Control /help', {
      roomId,
      html: `<p>${mention(bot.id, 'Call Control')} &quot;HELP&quot;</p>`,
    });

    const reply = await sandbox.waitForReply(ALICE, before + 1);
    assert.match(reply.text, /Here is what I can do/);
    assert.equal(reply.toPersonId, alice.id);

    // Webex delivers group messages to a bot only when it is mentioned;
    // deliver the others anyway to see that the bot drops them.
    for (const message of [plain, other]) {
      await deliverAsWebex(sandbox, message);
    }
    await waitFor(async () => {
      const paths = (await sandbox.requests()).map((r) => r.path);
      const fetched = [plain.id, other.id].every((id) =>
        paths.includes(`/v1/messages/${id}`),
      );
      return fetched && sandbox.running.bot.deps.inFlight.size === 0
        ? true
        : undefined;
    }, 'the group messages to be handled');
    const inRoom = (await sandbox.state()).messages.filter(
      (message: SandboxMessage) =>
        message.roomId === roomId && message.personId === bot.id,
    );
    assert.equal(inRoom.length, 1);
    assert.match(inRoom[0]?.text ?? '', /1:1/);
    assert.equal((await sandbox.repliesTo(ALICE)).length, before + 1);
  });

  it('ignores its own messages', async () => {
    const bot = await sandbox.person(BOT);
    const own = (await sandbox.repliesTo(ALICE)).at(-1);
    assert.ok(own);
    const paths = (await sandbox.requests()).map((r) => r.path);
    assert.equal(paths.includes(`/v1/messages/${own.id}`), false);
    assert.equal(own.personId, bot.id);
  });

  it('dispatches a card press to its action', async () => {
    const card = await sandbox.ask(ALICE, '/card');
    assert.equal(card.attachments?.length, 1);
    const alice = await sandbox.person(ALICE);
    const before = (await sandbox.repliesTo(ALICE)).length;

    const pressed = await webexCall(
      sandbox.emulator.apiUrl,
      alice.accessToken ?? '',
      'POST',
      'attachment/actions',
      {
        type: 'submit',
        messageId: card.id,
        inputs: { action: 'ping', value: 7 },
      },
    );
    assert.equal(pressed.status, 202);
    const reply = await sandbox.waitForReply(ALICE, before + 1);
    assert.equal(reply.text, 'pong 7');
  });

  it('tells the person about an unknown card action', async () => {
    const card = await sandbox.ask(ALICE, '/card');
    const alice = await sandbox.person(ALICE);
    const before = (await sandbox.repliesTo(ALICE)).length;
    await webexCall(
      sandbox.emulator.apiUrl,
      alice.accessToken ?? '',
      'POST',
      'attachment/actions',
      { type: 'submit', messageId: card.id, inputs: { action: 'gone' } },
    );
    const reply = await sandbox.waitForReply(ALICE, before + 1);
    assert.match(reply.text, /not something I know how to handle/);
  });
});

async function deliverAsWebex(
  sandbox: TestSandbox,
  message: SandboxMessage,
): Promise<void> {
  const body = JSON.stringify({
    id: 'Y2lzY29zcGFyazovL3VzL1dFQkhPT0svdGVzdA',
    name: 'wxc-callcontrol messages',
    resource: 'messages',
    event: 'created',
    data: {
      id: message.id,
      roomId: message.roomId,
      roomType: message.roomType,
      personId: message.personId,
      personEmail: message.personEmail,
      created: message.created,
    },
  });
  const secret = sandbox.running.bot.deps.deriveSecret('messages');
  const response = await postSigned(
    `${sandbox.running.url}/webhooks/messages`,
    body,
    secret,
  );
  assert.equal(response.status, 204);
}

function mention(personId: string, name: string): string {
  return (
    '<spark-mention data-object-type="person" ' +
    `data-object-id="${personId}">${name}</spark-mention>`
  );
}
