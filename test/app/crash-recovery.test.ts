import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALICE, waitFor } from '../helpers/sandbox.ts';
import { exitOf } from '../sandbox/child-process.ts';
import { type BotChildLab, startBotChildLab } from './bot-child-kit.ts';

/** Pending entries older than this are replayed (short for the test). */
const REPLAY_AFTER_MS = 800;

describe('a bot process killed or stopped mid-work', () => {
  let lab: BotChildLab;

  before(async () => {
    lab = await startBotChildLab({ journalReplayAfterMs: REPLAY_AFTER_MS });
  });
  after(async () => {
    await lab?.close();
  });

  /** Time for the bot to get from the fetched message to its reply. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

  /** Waits until the bot asked the emulator for `path`. */
  const requested = (method: string, path: string) =>
    waitFor(async () => {
      const { items } = await lab.sandbox<{
        items: Array<{ method: string; path: string }>;
      }>('/_sandbox/requests');
      return items.some((item) => item.method === method && item.path === path)
        ? true
        : undefined;
    }, `the bot to send ${method} ${path}`);

  it('sends an acknowledged command reply once after a SIGKILL', async () => {
    let bot = await lab.startBot();
    const before = (await lab.repliesTo(ALICE)).length;
    // The reply hangs, then fails: only a replay can send it.
    await lab.sandbox('/_sandbox/faults', {
      method: 'POST',
      path: '/v1/messages',
      stallMs: 3000,
      status: 503,
    });
    const message = await lab.say(ALICE, '/help');
    await requested('GET', `/v1/messages/${message.id}`);
    await settle();
    await lab.kill(bot);

    bot = await lab.startBot();
    const reply = await lab.waitForReply(ALICE, before + 1);
    assert.match(reply.markdown ?? reply.text, /auth/);
    // Give a second copy every chance to appear.
    await lab.say(ALICE, '/help');
    await lab.waitForReply(ALICE, before + 2);
    assert.equal((await lab.repliesTo(ALICE)).length, before + 2);
    await lab.stop(bot);
  });

  it('finishes an accepted command before exiting on SIGTERM', async () => {
    const bot = await lab.startBot();
    const before = (await lab.repliesTo(ALICE)).length;
    await lab.sandbox('/_sandbox/faults', {
      method: 'POST',
      path: '/v1/messages',
      stallMs: 1500,
    });
    const message = await lab.say(ALICE, '/help');
    await requested('GET', `/v1/messages/${message.id}`);
    await settle();
    bot.kill('SIGTERM');
    assert.equal(await exitOf(bot, 10_000), 0);
    assert.equal((await lab.repliesTo(ALICE)).length, before + 1);
  });
});
