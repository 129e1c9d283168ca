/**
 * The emulator and a bot running the calls module, wired together on
 * loopback ports, with people authorized through the emulator's OAuth
 * (straight through with `login_hint`).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pino from 'pino';
import { type Bot, createBot } from '../../src/app/create-bot.ts';
import { createCallsModule } from '../../src/calls/calls-module.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import {
  createEmulator,
  type Emulator,
} from '../../src/emulator/create-emulator.ts';
import { defaultSeed } from '../../src/emulator/seed.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';

export const BOT_EMAIL = 'callcontrol@webex.bot';
export const TOKENS = {
  alice: 'sandbox-person-token-alice-00000000000000000000',
  bob: 'sandbox-person-token-bob-0000000000000000000000',
} as const;

export interface CallsSandbox {
  emulator: Emulator;
  bot: Bot;
  store: Store;
  /** Runs the OAuth flow for `email` and stores the session. */
  authorize(email: string): Promise<string>;
  /** Sends `text` to the bot as `who`. */
  say(who: keyof typeof TOKENS, text: string): Promise<void>;
  /** The 1:1 messages between `who` and the bot, oldest first. */
  chat(who: keyof typeof TOKENS): Promise<ChatMessage[]>;
  /** Polls `chat` until `predicate` holds (5 s at most). */
  waitForChat(
    who: keyof typeof TOKENS,
    predicate: (messages: ChatMessage[]) => boolean,
  ): Promise<ChatMessage[]>;
  api(
    token: string,
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface ChatMessage {
  id: string;
  personEmail?: string;
  text?: string;
  markdown?: string;
  attachments?: { content: Record<string, unknown> }[];
}

export async function startCallsSandbox(
  options: { reconcileIntervalMs?: number } = {},
): Promise<CallsSandbox> {
  const seed = defaultSeed();
  const integration = seed.integrations?.[0];
  if (integration === undefined) throw new Error('seed has no integration');
  const emulator = await createEmulator({
    seed,
    webhooks: { retryDelaysMs: [50], timeoutMs: 2000 },
  });

  const port = await freePort();
  const config = parseConfig({
    WXC_CC_INTEGRATION_CLIENT_ID: integration.clientId,
    WXC_CC_INTEGRATION_CLIENT_SECRET: integration.clientSecret,
    WXC_CC_BOT_EMAIL: BOT_EMAIL,
    WXC_CC_BOT_ACCESS_TOKEN: 'sandbox-bot-token-callcontrol-0000000000000000',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    WEBEX_API_URL: emulator.apiUrl,
    STORE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'silent',
  });
  const logger = pino({ level: 'silent' });
  const key = randomBytes(32);
  const store = await openStore({
    url: 'sqlite::memory:',
    cipher: createTokenCipher({ current: key }),
    logger,
  });
  const bot = await createBot({
    config,
    logger,
    store,
    secretKey: key,
    modules: [createCallsModule({ reconcileIntervalMs: 0, ...options })],
    webexOptions: { timeoutMs: 3000 },
  });
  await bot.listen(port, '127.0.0.1');
  await bot.start();

  async function api(
    token: string,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<Response> {
    const base = path.startsWith('/_sandbox') ? emulator.url : emulator.apiUrl;
    return fetch(
      `${base}${path.startsWith('/_sandbox') ? path : path.replace(/^\/v1/, '')}`,
      {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body === undefined
            ? {}
            : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      },
    );
  }

  async function chat(who: keyof typeof TOKENS): Promise<ChatMessage[]> {
    const response = await api(
      TOKENS[who],
      `/messages/direct?personEmail=${encodeURIComponent(BOT_EMAIL)}`,
    );
    const body = (await response.json()) as { items: ChatMessage[] };
    return [...body.items].reverse();
  }

  return {
    emulator,
    bot,
    store,
    api,
    chat,
    async authorize(email) {
      const me = (await (
        await api(
          email.startsWith('alice') ? TOKENS.alice : TOKENS.bob,
          '/people/me',
        )
      ).json()) as { id: string };
      const link = await bot.deps.auth.startFlow({ id: me.id, email });
      const url = new URL(link);
      url.searchParams.set('login_hint', email);
      const consent = await fetch(url, { redirect: 'manual' });
      const back = new URL(consent.headers.get('location') ?? '');
      const outcome = await bot.deps.auth.completeFlow({
        state: back.searchParams.get('state') ?? undefined,
        code: back.searchParams.get('code') ?? undefined,
      });
      if (outcome.kind !== 'authorized') {
        throw new Error(`authorization of ${email} ended ${outcome.kind}`);
      }
      return me.id;
    },
    async say(who, text) {
      const response = await api(TOKENS[who], '/messages', {
        body: { toPersonEmail: BOT_EMAIL, text },
      });
      if (!response.ok) throw new Error(`message refused: ${response.status}`);
    },
    async waitForChat(who, predicate) {
      const deadline = Date.now() + 5000;
      for (;;) {
        const messages = await chat(who);
        if (predicate(messages)) return messages;
        if (Date.now() > deadline) {
          throw new Error(
            `chat never matched; it holds:\n${messages.map((m) => m.markdown ?? m.text).join('\n')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await bot.close();
      await emulator.close();
      await store.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
