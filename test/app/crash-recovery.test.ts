import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Monitor } from '../../src/store/store.ts';
import { ALICE, waitFor } from '../helpers/sandbox.ts';
import { postSigned } from '../helpers/signed-post.ts';
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

  /**
   * The bot's next chat message stalls `stallMs`, then fails with
   * `status` when one is given.
   */
  const stallNextMessage = (stallMs: number, status?: number) =>
    lab.sandbox('/_sandbox/faults', {
      method: 'POST',
      path: '/v1/messages',
      stallMs,
      ...(status === undefined ? {} : { status }),
    });

  /** Alice says /help and the bot gets as far as posting its reply. */
  async function aliceAsksHelp(): Promise<void> {
    const message = await lab.say(ALICE, '/help');
    await requested('GET', `/v1/messages/${message.id}`);
    await settle();
  }

  it('sends an acknowledged command reply once after a SIGKILL', async () => {
    let bot = await lab.startBot();
    const before = (await lab.repliesTo(ALICE)).length;
    // The reply hangs, then fails: only a replay can send it.
    await stallNextMessage(3000, 503);
    await aliceAsksHelp();
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
    await stallNextMessage(1500);
    await aliceAsksHelp();
    bot.kill('SIGTERM');
    assert.equal(await exitOf(bot, 10_000), 0);
    assert.equal((await lab.repliesTo(ALICE)).length, before + 1);
  });

  /** A signed delivery to `monitor`'s webhook; returns the status. */
  async function deliver(monitor: Monitor, raw: string): Promise<number> {
    const response = await postSigned(
      `${lab.botUrl}/webhooks/calls/${monitor.hookPath}`,
      raw,
      monitor.secret,
    );
    return response.status;
  }

  it('relays an acknowledged call event once after a SIGKILL', async () => {
    let bot = await lab.startBot();
    await lab.authorize(ALICE);
    const said = (await lab.repliesTo(ALICE)).length;
    await lab.say(ALICE, '/monitor on');
    await lab.waitForReply(ALICE, said + 1);
    const store = await lab.openStore();
    const monitor = (await store.listMonitors())[0];
    await store.close();
    assert.ok(monitor, 'monitoring is on');

    // The chat message hangs, then fails: only a replay can send it.
    const before = (await lab.repliesTo(ALICE)).length;
    await stallNextMessage(3000, 503);
    const raw = JSON.stringify(incomingCall());
    assert.equal(await deliver(monitor, raw), 200);
    await lab.faultTaken();
    await lab.kill(bot);

    bot = await lab.startBot();
    const relayed = await lab.waitForReply(ALICE, before + 1);
    assert.match(relayed.markdown ?? relayed.text, /Incoming call/);
    // Webex delivering the same event again now is still a duplicate.
    assert.equal(await deliver(monitor, raw), 200);
    await lab.say(ALICE, '/help');
    await lab.waitForReply(ALICE, before + 2);
    assert.equal((await lab.repliesTo(ALICE)).length, before + 2);
    await lab.stop(bot);
  });
});

/** A captured `received` delivery, as a fresh call. */
function incomingCall(): Record<string, unknown> {
  const url = new URL(
    '../fixtures/webex/webhook_delivery_telephony_calls_created_received.json',
    import.meta.url,
  );
  const body = JSON.parse(readFileSync(url, 'utf8'));
  return {
    ...body,
    data: { ...body.data, callId: `crash-call-${Date.now()}` },
  };
}
