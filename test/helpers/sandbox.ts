/**
 * A Webex emulator and the bot wired to it, both on free ports, the bot
 * on a real SQLite file in a temporary folder. Both share one clock a
 * test can move forward. Helpers speak as a sandbox person and wait for
 * the bot's answers by polling the emulator's state (no fixed sleeps).
 *
 *   const sandbox = await startSandbox();
 *   after(() => sandbox.close());
 *   const reply = await sandbox.ask('alice@example.com', '/help');
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import pino from 'pino';
import type { BotModule } from '../../src/app/bot-module.ts';
import type { CreateBotOptions } from '../../src/app/create-bot.ts';
import { type RunningBot, runBot } from '../../src/app/run-bot.ts';
import type { Config } from '../../src/config/config.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../../src/emulator/create-emulator.ts';
import { defaultSeed } from '../../src/emulator/seed.ts';
import { findFreePort } from '../../src/sandbox/find-free-port.ts';

export const ALICE = 'alice@example.com';
export const BOB = 'bob@example.com';
export const BOT = 'callcontrol@webex.bot';

/** A message as the emulator keeps it. */
export interface SandboxMessage {
  id: string;
  roomId: string;
  roomType: 'direct' | 'group';
  toPersonId?: string;
  toPersonEmail?: string;
  text: string;
  markdown?: string;
  html?: string;
  personId: string;
  personEmail: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
  created: string;
}

export interface SandboxPersonView {
  id: string;
  email: string;
  displayName: string;
  type: 'person' | 'bot';
  accessToken: string | null;
}

export interface StartSandboxOptions {
  /** Bot modules (none by default: the core only). */
  modules?: readonly BotModule[];
  /** The bot's logger (silent by default); see capture-logs.ts. */
  logger?: Logger;
  /** Emulator settings; short webhook retries are the default. */
  emulator?: Omit<EmulatorOptions, 'now' | 'seed'>;
  /** Extra bot options (short Webex retries are the default). */
  bot?: Partial<Omit<CreateBotOptions, 'config' | 'logger' | 'store'>>;
  /** Extra environment for parseConfig. */
  env?: Record<string, string>;
}

export interface TestSandbox {
  emulator: Emulator;
  running: RunningBot;
  config: Config;
  dataDir: string;
  /** Milliseconds the shared clock is ahead of the real one. */
  advanceClock(ms: number): void;
  now(): number;
  person(email: string): Promise<SandboxPersonView>;
  /** Posts as `fromEmail`: 1:1 to the bot, or into `roomId`. */
  say(
    fromEmail: string,
    text: string,
    options?: { roomId?: string; html?: string },
  ): Promise<SandboxMessage>;
  /** Says `text` 1:1 and waits for the bot's next 1:1 answer. */
  ask(fromEmail: string, text: string): Promise<SandboxMessage>;
  /** The bot's messages to `email` in their 1:1 space, oldest first. */
  repliesTo(email: string): Promise<SandboxMessage[]>;
  /** Waits for the bot's `count`-th 1:1 message to `email` (1-based). */
  waitForReply(email: string, count: number): Promise<SandboxMessage>;
  /** GET /_sandbox/state. */
  state(): Promise<Record<string, unknown> & { messages: SandboxMessage[] }>;
  /** GET /_sandbox/requests. */
  requests(): Promise<Array<{ method: string; path: string; status: number }>>;
  /** POST /_sandbox/faults. */
  fault(spec: Record<string, unknown>): Promise<void>;
  /** Creates a group space with these members. */
  room(title: string, memberEmails: string[]): Promise<string>;
  /** Runs the whole /auth flow for a person; returns the redirect page. */
  authorize(email: string): Promise<Response>;
  /**
   * Stops the bot and starts a new one on the same store file, with
   * `changedEnv` over the first configuration when given.
   */
  restartBot(changedEnv?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** Polls `probe` until it returns a value other than undefined. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 4000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

export async function startSandbox(
  options: StartSandboxOptions = {},
): Promise<TestSandbox> {
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const logger = options.logger ?? pino({ level: 'silent' });

  const botPort = await findFreePort();
  const botUrl = `http://127.0.0.1:${botPort}`;
  const seed = defaultSeed();
  const integration = seed.integrations?.[0];
  if (integration === undefined) throw new Error('The seed has no integration');
  integration.redirectUris = [`${botUrl}/redirect`];

  const emulator = await createEmulator({
    ...options.emulator,
    webhooks: {
      timeoutMs: 2000,
      retryDelaysMs: [20, 50],
      ...options.emulator?.webhooks,
    },
    seed,
    now,
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'wxc-bot-'));
  const botSeed = seed.people.find((person) => person.type === 'bot');

  const env = {
    WXC_CC_INTEGRATION_CLIENT_ID: integration.clientId,
    WXC_CC_INTEGRATION_CLIENT_SECRET: integration.clientSecret,
    WXC_CC_BOT_EMAIL: botSeed?.email ?? BOT,
    WXC_CC_BOT_ACCESS_TOKEN: botSeed?.accessToken ?? '',
    PUBLIC_URL: botUrl,
    PORT: String(botPort),
    WXC_CC_REDIRECT_URL: `${botUrl}/redirect`,
    WEBEX_API_URL: emulator.apiUrl,
    STORE_URL: `sqlite:${join(dataDir, 'bot.db')}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  const config = parseConfig(env);

  const start = (botConfig = config) =>
    runBot(botConfig, logger, {
      host: '127.0.0.1',
      now,
      webexOptions: {
        timeoutMs: 2000,
        retryPolicy: {
          maxAttempts: 2,
          retryStatuses: [429, 502, 503, 504],
          baseDelayMs: 10,
          maxDelayMs: 50,
          maxRetryAfterMs: 50,
          totalBudgetMs: 2000,
        },
      },
      ...options.bot,
      ...(options.modules === undefined ? {} : { modules: options.modules }),
    });
  let running = await start();

  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${emulator.url}${path}`, init);
    if (!response.ok) {
      throw new Error(
        `${path}: HTTP ${response.status} ${await response.text()}`,
      );
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const post = <T>(path: string, body: unknown) =>
    api<T>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const sandbox: TestSandbox = {
    emulator,
    get running() {
      return running;
    },
    config,
    dataDir,
    advanceClock(ms) {
      offsetMs += ms;
    },
    now,

    async person(email) {
      const { people } = await api<{ people: SandboxPersonView[] }>(
        '/_sandbox/state',
      );
      const person = people.find((candidate) => candidate.email === email);
      if (person === undefined) throw new Error(`No sandbox person ${email}`);
      return person;
    },

    say(fromEmail, text, { roomId, html } = {}) {
      return post<SandboxMessage>('/_sandbox/messages', {
        fromEmail,
        text,
        ...(roomId === undefined ? { toEmail: BOT } : { roomId }),
        ...(html === undefined ? {} : { html }),
      });
    },

    async ask(fromEmail, text) {
      const before = (await sandbox.repliesTo(fromEmail)).length;
      await sandbox.say(fromEmail, text);
      return sandbox.waitForReply(fromEmail, before + 1);
    },

    async repliesTo(email) {
      const [person, bot, state] = await Promise.all([
        sandbox.person(email),
        sandbox.person(BOT),
        sandbox.state(),
      ]);
      return state.messages.filter(
        (message) =>
          message.personId === bot.id &&
          message.roomType === 'direct' &&
          (message.toPersonId === person.id ||
            message.toPersonEmail === person.email),
      );
    },

    waitForReply(email, count) {
      return waitFor(
        async () => (await sandbox.repliesTo(email))[count - 1],
        `reply #${count} to ${email}`,
      );
    },

    state: () => api('/_sandbox/state'),

    async requests() {
      const { items } = await api<{
        items: Array<{ method: string; path: string; status: number }>;
      }>('/_sandbox/requests');
      return items;
    },

    async fault(spec) {
      await post('/_sandbox/faults', spec);
    },

    async room(title, memberEmails) {
      const room = await post<{ id: string }>('/_sandbox/rooms', {
        title,
        memberEmails,
      });
      return room.id;
    },

    async authorize(email) {
      const reply = await sandbox.ask(email, '/auth');
      const link = authorizeLinkIn(reply);
      const consent = await fetch(
        `${link}&login_hint=${encodeURIComponent(email)}`,
        {
          redirect: 'manual',
        },
      );
      const location = consent.headers.get('location');
      if (location === null) throw new Error('The emulator did not redirect');
      return fetch(location, { redirect: 'manual' });
    },

    async restartBot(changedEnv) {
      await running.close();
      running = await start(
        changedEnv === undefined
          ? config
          : parseConfig({ ...env, ...changedEnv }),
      );
    },

    async close() {
      await running.close();
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return sandbox;
}

/** The authorize URL in a bot message's markdown link. */
export function authorizeLinkIn(message: SandboxMessage): string {
  const match = /\((https?:\/\/[^)\s]+\/authorize\?[^)\s]+)\)/.exec(
    message.markdown ?? message.text,
  );
  if (match?.[1] === undefined) {
    throw new Error(
      `No authorization link in: ${message.markdown ?? message.text}`,
    );
  }
  return match[1];
}
