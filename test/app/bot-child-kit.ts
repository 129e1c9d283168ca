/**
 * A bot in a child process against an in-process emulator, on one SQLite
 * file that survives the child: to kill it with SIGKILL mid-work and
 * start it again, as a crash and a restart would.
 *
 *   const lab = await startBotChildLab({ journalReplayAfterMs: 500 });
 *   after(() => lab.close());
 *   let bot = await lab.startBot();
 *   await lab.kill(bot);
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { RunBotOptions } from '../../src/app/run-bot.ts';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../../src/emulator/create-emulator.ts';
import { findFreePort } from '../../src/sandbox/find-free-port.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { botProcessSeed } from '../helpers/bot-process-seed.ts';
import {
  authorizeLinkIn,
  BOT,
  type SandboxMessage,
  waitFor,
} from '../helpers/sandbox.ts';
import { waitForLine } from '../sandbox/child-process.ts';

const CHILD = new URL('./bot-child.ts', import.meta.url).pathname;
const TSX = import.meta.resolve('tsx');

export type LabMessage = SandboxMessage;

export interface BotChildLab {
  emulator: Emulator;
  /** Where every bot process of the lab listens. */
  botUrl: string;
  /** Starts a bot process and waits until it is up. */
  startBot(): Promise<ChildProcess>;
  /** SIGKILL, and waits for the exit. */
  kill(child: ChildProcess): Promise<void>;
  /** SIGTERM (accepted work finishes), and waits for the exit. */
  stop(child: ChildProcess): Promise<void>;
  /** The emulator's sandbox API: GET, or POST with `body`. */
  sandbox<T>(path: string, body?: unknown): Promise<T>;
  /** `email` writes `text` to the bot. */
  say(email: string, text: string): Promise<LabMessage>;
  /** The bot's messages in `email`'s 1:1 space, oldest first. */
  repliesTo(email: string): Promise<LabMessage[]>;
  /** Waits for the bot's `count`th message to `email`. */
  waitForReply(
    email: string,
    count: number,
    timeoutMs?: number,
  ): Promise<LabMessage>;
  /** Runs /auth and the consent, as `email` in a browser would. */
  authorize(email: string): Promise<void>;
  /** Waits until the armed faults are used up: the bot is stalled. */
  faultTaken(): Promise<true>;
  /** The bot's store, opened by the test (close it before the end). */
  openStore(): Promise<Store>;
  close(): Promise<void>;
}

export async function startBotChildLab(
  botOptions: RunBotOptions = {},
  emulatorOptions: Omit<EmulatorOptions, 'seed'> = {},
): Promise<BotChildLab> {
  const port = await findFreePort();
  const { seed, env: identity } = botProcessSeed(`http://127.0.0.1:${port}`);
  const emulator = await createEmulator({
    webhooks: { timeoutMs: 2000, retryDelaysMs: [20, 50] },
    ...emulatorOptions,
    seed,
  });
  const dir = await mkdtemp(join(tmpdir(), 'wxc-crash-'));
  const key = randomBytes(32);
  const env = {
    ...identity,
    PORT: String(port),
    WEBEX_API_URL: emulator.apiUrl,
    DATA_DIR: dir,
    STORE_URL: `sqlite:${join(dir, 'bot.db')}`,
    TOKEN_ENCRYPTION_KEY: key.toString('base64'),
    WXC_TEST_BOT_OPTIONS: JSON.stringify(botOptions),
  };
  const children = new Set<ChildProcess>();

  const lab: BotChildLab = {
    emulator,
    botUrl: `http://127.0.0.1:${port}`,

    async startBot() {
      const child = spawn(process.execPath, ['--import', TSX, CHILD], {
        cwd: dir,
        env,
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      await waitForLine(child, /The bot is up/, 15_000);
      return child;
    },

    async kill(child) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },

    async stop(child) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },

    async sandbox<T>(path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${emulator.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return (response.status === 204 ? undefined : response.json()) as T;
    },

    say: (email, text) =>
      lab.sandbox<LabMessage>('/_sandbox/messages', {
        fromEmail: email,
        toEmail: BOT,
        text,
      }),

    async repliesTo(email) {
      const { messages } = await lab.sandbox<{ messages: LabMessage[] }>(
        '/_sandbox/state',
      );
      const room = messages.find((m) => m.personEmail === email)?.roomId;
      return messages.filter(
        (message) => message.personEmail === BOT && message.roomId === room,
      );
    },

    waitForReply: (email, count, timeoutMs = 8000) =>
      waitFor(
        async () => (await lab.repliesTo(email))[count - 1],
        `reply #${count} to ${email}`,
        timeoutMs,
      ),

    async authorize(email) {
      const before = (await lab.repliesTo(email)).length;
      await lab.say(email, '/auth');
      const link = authorizeLinkIn(await lab.waitForReply(email, before + 1));
      const consent = await fetch(
        `${link}&login_hint=${encodeURIComponent(email)}`,
        { redirect: 'manual' },
      );
      const location = consent.headers.get('location');
      if (location === null) throw new Error('The emulator did not redirect');
      const landing = await fetch(location, { redirect: 'manual' });
      if (!landing.ok) throw new Error(`/redirect: ${landing.status}`);
    },

    faultTaken: () =>
      waitFor(
        async () =>
          (await lab.sandbox<{ faults?: unknown[] }>('/_sandbox/state')).faults
            ?.length === 0
            ? true
            : undefined,
        'the bot to run into the fault',
      ),

    openStore: () =>
      openStore({
        url: env.STORE_URL,
        prefix: '',
        cipher: createTokenCipher({ current: key }),
        logger: pino({ level: 'silent' }),
      }),

    async close() {
      await Promise.all([...children].map((child) => lab.kill(child)));
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return lab;
}
