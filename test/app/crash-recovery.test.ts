import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createEmulator,
  type Emulator,
} from '../../src/emulator/create-emulator.ts';
import { defaultSeed } from '../../src/emulator/seed.ts';
import { findFreePort } from '../../src/sandbox/find-free-port.ts';
import { ALICE, BOT, waitFor } from '../helpers/sandbox.ts';
import { exitOf, waitForLine } from '../sandbox/child-process.ts';

const CLI = new URL('../../bin/wxc-callcontrol.js', import.meta.url).pathname;

interface Message {
  id: string;
  personEmail: string;
  roomId: string;
  text: string;
  markdown?: string;
}

describe('a bot process killed or stopped mid-work', () => {
  let emulator: Emulator;
  let dir: string;
  let env: Record<string, string>;
  let child: ChildProcess | undefined;

  before(async () => {
    const seed = defaultSeed();
    const port = await findFreePort();
    const integration = seed.integrations?.[0];
    if (integration === undefined) throw new Error('no integration');
    integration.redirectUris = [`http://127.0.0.1:${port}/redirect`];
    emulator = await createEmulator({
      seed,
      webhooks: { timeoutMs: 2000, retryDelaysMs: [20, 50] },
    });
    dir = await mkdtemp(join(tmpdir(), 'wxc-crash-'));
    const bot = seed.people.find((person) => person.type === 'bot');
    env = {
      PATH: process.env.PATH ?? '',
      WXC_CC_INTEGRATION_CLIENT_ID: integration.clientId,
      WXC_CC_INTEGRATION_CLIENT_SECRET: integration.clientSecret,
      WXC_CC_BOT_EMAIL: bot?.email ?? BOT,
      WXC_CC_BOT_ACCESS_TOKEN: bot?.accessToken ?? '',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      WXC_CC_REDIRECT_URL: `http://127.0.0.1:${port}/redirect`,
      PORT: String(port),
      WEBEX_API_URL: emulator.apiUrl,
      DATA_DIR: dir,
      STORE_URL: `sqlite:${join(dir, 'bot.db')}`,
    };
  });
  after(async () => {
    child?.kill('SIGKILL');
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function startBot(): Promise<ChildProcess> {
    const started = spawn(
      process.execPath,
      [CLI, 'serve', '--dotenv', join(dir, 'none.env')],
      { cwd: dir, env },
    );
    child = started;
    await waitForLine(started, /The bot is up/, 15_000);
    return started;
  }

  async function kill(process: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => process.once('exit', resolve));
    process.kill('SIGKILL');
    await exited;
  }

  const sandbox = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${emulator.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.ok(response.ok, `${path}: ${response.status}`);
    return (response.status === 204 ? undefined : response.json()) as T;
  };
  const say = (text: string) =>
    sandbox<Message>('/_sandbox/messages', {
      fromEmail: ALICE,
      toEmail: BOT,
      text,
    });
  const repliesToAlice = async () => {
    const { messages } = await sandbox<{ messages: Message[] }>(
      '/_sandbox/state',
    );
    const aliceRoom = messages.find((m) => m.personEmail === ALICE)?.roomId;
    return messages.filter(
      (message) =>
        message.personEmail !== ALICE && message.roomId === aliceRoom,
    );
  };
  /** Time for the bot to get from the fetched message to its reply. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

  /** Waits until the bot has fetched `messageId`: it is processing it. */
  const processing = (messageId: string) =>
    waitFor(async () => {
      const { items } = await sandbox<{
        items: Array<{ method: string; path: string }>;
      }>('/_sandbox/requests');
      return items.some((item) => item.path === `/v1/messages/${messageId}`)
        ? true
        : undefined;
    }, 'the bot to fetch the message');

  it('sends an acknowledged command reply once after a SIGKILL', async () => {
    let bot = await startBot();
    const before = (await repliesToAlice()).length;
    // The reply hangs, then fails: only a replay can send it.
    await sandbox('/_sandbox/faults', {
      method: 'POST',
      path: '/v1/messages',
      stallMs: 3000,
      status: 503,
    });
    const message = await say('/help');
    await processing(message.id);
    await settle();
    await kill(bot);

    bot = await startBot();
    const reply = await waitFor(
      async () => (await repliesToAlice())[before],
      'the replayed reply',
      8000,
    );
    assert.match(reply.markdown ?? reply.text, /auth/);
    // Give a second copy every chance to appear.
    await say('/help');
    await waitFor(
      async () => (await repliesToAlice())[before + 1],
      'the next reply',
    );
    assert.equal((await repliesToAlice()).length, before + 2);
    await kill(bot);
  });

  it('finishes an accepted command before exiting on SIGTERM', async () => {
    const bot = await startBot();
    const before = (await repliesToAlice()).length;
    await sandbox('/_sandbox/faults', {
      method: 'POST',
      path: '/v1/messages',
      stallMs: 1500,
    });
    const message = await say('/help');
    await processing(message.id);
    await settle();
    bot.kill('SIGTERM');
    assert.equal(await exitOf(bot, 10_000), 0);
    assert.equal((await repliesToAlice()).length, before + 1);
  });
});
