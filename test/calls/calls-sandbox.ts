/**
 * The shared test sandbox (emulator + bot) running the calls module,
 * with the few extra probes call tests need: a person's 1:1 chat with
 * the bot, the store, and raw emulator requests with a person's token.
 */
import { createCallsModule } from '../../src/calls/calls-module.ts';
import type { Store } from '../../src/store/store.ts';
import {
  ALICE,
  BOB,
  BOT,
  startSandbox,
  type TestSandbox,
  waitFor,
} from '../helpers/sandbox.ts';

const EMAILS = { alice: ALICE, bob: BOB } as const;
type Who = keyof typeof EMAILS;

export interface ChatMessage {
  id: string;
  personEmail?: string;
  text?: string;
  markdown?: string;
  attachments?: { content: Record<string, unknown> }[];
}

export interface CallsSandbox {
  sandbox: TestSandbox;
  readonly store: Store;
  /** Where the bot listens. */
  readonly botUrl: string;
  /** Authorizes `who` through the emulator's OAuth; returns their id. */
  authorize(who: Who): Promise<string>;
  /** Posts `text` 1:1 to the bot as `who`; returns the message id. */
  say(who: Who, text: string): Promise<string>;
  /** The 1:1 messages between `who` and the bot, oldest first. */
  chat(who: Who): Promise<ChatMessage[]>;
  waitForChat(
    who: Who,
    predicate: (messages: ChatMessage[]) => boolean,
  ): Promise<ChatMessage[]>;
  /** A request to the emulator (`/_sandbox/…` or a `/v1` path) as `who`. */
  api(
    who: Who,
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface CallsSandboxOptions {
  /** How long a call rings before it is missed (the simulator's 30 s). */
  ringTimeoutMs?: number;
}

export async function startCallsSandbox(
  options: CallsSandboxOptions = {},
): Promise<CallsSandbox> {
  const sandbox = await startSandbox({
    modules: [createCallsModule({ reconcileIntervalMs: 0 })],
    ...(options.ringTimeoutMs === undefined
      ? {}
      : { emulator: { calls: { ringTimeoutMs: options.ringTimeoutMs } } }),
  });

  async function api(
    who: Who,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<Response> {
    const person = await sandbox.person(EMAILS[who]);
    const url = path.startsWith('/_sandbox')
      ? `${sandbox.emulator.url}${path}`
      : `${sandbox.emulator.apiUrl}${path}`;
    return fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${person.accessToken}`,
        ...(init.body === undefined
          ? {}
          : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  }

  async function chat(who: Who): Promise<ChatMessage[]> {
    const response = await api(
      who,
      `/messages/direct?personEmail=${encodeURIComponent(BOT)}`,
    );
    const body = (await response.json()) as { items: ChatMessage[] };
    return [...body.items].reverse();
  }

  return {
    sandbox,
    get store() {
      return sandbox.running.store;
    },
    get botUrl() {
      return sandbox.running.url;
    },
    api,
    chat,
    async authorize(who) {
      const response = await sandbox.authorize(EMAILS[who]);
      if (response.status >= 400) {
        throw new Error(`authorizing ${who} failed: ${response.status}`);
      }
      return (await sandbox.person(EMAILS[who])).id;
    },
    async say(who, text) {
      return (await sandbox.say(EMAILS[who], text)).id;
    },
    async waitForChat(who, predicate) {
      try {
        return await waitFor(
          async () => {
            const messages = await chat(who);
            return predicate(messages) ? messages : undefined;
          },
          `the expected message in the chat of ${who}`,
          10_000,
        );
      } catch (error) {
        const seen = (await chat(who)).slice(-6);
        const lines = seen.map((m) => `  ${m.markdown ?? m.text}`);
        throw new Error(
          `${String(error)}; the chat ends with:\n${lines.join('\n')}`,
        );
      }
    },
    close: () => sandbox.close(),
  };
}
