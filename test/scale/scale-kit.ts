/**
 * What every scale-out test needs: a Redis to share (a throwaway
 * redis-server, or REDIS_URL), a skip notice where neither exists (never
 * in CI), and a person's view of the chat with the bot.
 */

import type { Cluster } from '../helpers/cluster.ts';
import {
  hasRedisServer,
  type RedisServer,
  startRedisServer,
} from '../helpers/redis-server.ts';
import { waitFor } from '../helpers/sandbox.ts';

export const ALICE = 'alice@example.com';
export const BOB = 'bob@example.com';
export const BOT = 'callcontrol@webex.bot';

const externalUrl = process.env.REDIS_URL;

/**
 * The skip reason for a `describe`, or false. In CI a missing Redis is a
 * failure, not a skip: the tests then fail where Redis is needed.
 */
export function redisSkip(needsRestart = false): string | false {
  if (process.env.CI) return false;
  if (hasRedisServer()) return false;
  if (externalUrl !== undefined && !needsRestart) return false;
  const reason =
    'SKIPPED: no redis-server on the PATH' +
    (needsRestart ? '' : ' and no REDIS_URL') +
    ': install redis-server to run the scale-out tests';
  process.stderr.write(`${reason}\n`);
  return reason;
}

export interface TestRedis {
  url: string;
  /** Present when the test runs its own redis-server (faults need it). */
  server: RedisServer | undefined;
  stop(): Promise<void>;
}

export async function testRedis(): Promise<TestRedis> {
  if (!hasRedisServer() && externalUrl !== undefined) {
    return { url: externalUrl, server: undefined, stop: async () => {} };
  }
  const server = await startRedisServer();
  return { url: server.url, server, stop: () => server.stop() };
}

export interface ChatMessage {
  id: string;
  text: string;
  markdown?: string;
  personId: string;
  roomType: string;
  toPersonId?: string;
  toPersonEmail?: string;
  attachments?: Array<{ content: Record<string, unknown> }>;
}

interface SandboxState {
  people: Array<{ id: string; email: string; accessToken: string | null }>;
  messages: ChatMessage[];
  webhooks: Array<{
    id: string;
    name: string;
    resource: string;
    event: string;
    targetUrl: string;
    status: string;
    ownerId?: string;
    createdBy?: string;
  }>;
}

/** A person's side of the chat, through the emulator. */
export function people(cluster: Cluster) {
  const base = cluster.emulator.url;

  async function state(): Promise<SandboxState> {
    return (
      await fetch(`${base}/_sandbox/state`)
    ).json() as Promise<SandboxState>;
  }

  async function post(path: string, body: unknown): Promise<Response> {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`${path}: ${response.status} ${await response.text()}`);
    }
    return response;
  }

  /** The bot's 1:1 messages to `email`, oldest first. */
  async function chat(email: string): Promise<ChatMessage[]> {
    const now = await state();
    const bot = now.people.find((p) => p.email === BOT);
    const person = now.people.find((p) => p.email === email);
    return now.messages.filter(
      (m) =>
        m.personId === bot?.id &&
        m.roomType === 'direct' &&
        (m.toPersonId === person?.id || m.toPersonEmail === email),
    );
  }

  return {
    state,

    async idOf(email: string): Promise<string> {
      const person = (await state()).people.find((p) => p.email === email);
      if (person === undefined) throw new Error(`no sandbox person ${email}`);
      return person.id;
    },

    async say(email: string, text: string): Promise<void> {
      await post('/_sandbox/messages', {
        fromEmail: email,
        text,
        toEmail: BOT,
      });
    },

    chat,

    /** Waits until the chat satisfies `predicate`; shows its end if not. */
    async waitForChat(
      email: string,
      predicate: (texts: string[]) => boolean,
      timeoutMs = 10_000,
    ): Promise<ChatMessage[]> {
      try {
        return await waitFor(
          async () => {
            const messages = await chat(email);
            return predicate(messages.map(textOf)) ? messages : undefined;
          },
          `the expected message in the chat of ${email}`,
          timeoutMs,
        );
      } catch (error) {
        const tail = (await chat(email)).slice(-6).map(textOf);
        throw new Error(`${String(error)}; the chat ends with:\n${tail}`);
      }
    },

    /** Starts a simulated call (`/_sandbox/calls`). */
    async call(body: Record<string, unknown>): Promise<{ id: string }> {
      return (await post('/_sandbox/calls', body)).json() as Promise<{
        id: string;
      }>;
    },

    /** A request to the emulator's `/v1` API as `email`. */
    async api(
      email: string,
      path: string,
      init: { method?: string; body?: unknown } = {},
    ): Promise<Response> {
      const person = (await state()).people.find((p) => p.email === email);
      return fetch(`${cluster.emulator.apiUrl}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${person?.accessToken ?? ''}`,
          ...(init.body === undefined
            ? {}
            : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    },
  };
}

export function textOf(message: ChatMessage): string {
  return message.markdown ?? message.text;
}

/** Runs the consent for the authorize link in `message`; returns where the browser is sent. */
export async function consent(link: string, email: string): Promise<string> {
  const page = await fetch(`${link}&login_hint=${encodeURIComponent(email)}`, {
    redirect: 'manual',
  });
  const location = page.headers.get('location');
  if (location === null) throw new Error('The emulator did not redirect');
  return location;
}

const AUTH_LINK = /\((https?:\/\/[^)\s]+\/authorize\?[^)\s]+)\)/;

/** The authorize link in the newest message of `messages` that has one. */
export function authorizeLink(messages: ChatMessage[]): string | undefined {
  for (const message of [...messages].reverse()) {
    const link = AUTH_LINK.exec(textOf(message))?.[1];
    if (link !== undefined) return link;
  }
  return undefined;
}

/** Runs /auth for `email` through the balancer, wherever it lands. */
export async function authorize(
  cluster: Cluster,
  email: string,
): Promise<void> {
  const chat = people(cluster);
  const before = (await chat.chat(email)).length;
  await chat.say(email, '/auth');
  const messages = await chat.waitForChat(email, (texts) =>
    texts.slice(before).some((t) => AUTH_LINK.test(t)),
  );
  const link = authorizeLink(messages.slice(before));
  if (link === undefined) throw new Error('no authorize link');
  const page = await fetch(await consent(link, email));
  if (page.status !== 200) throw new Error(`redirect: ${page.status}`);
  await chat.waitForChat(email, (texts) =>
    texts.slice(before).some((t) => t.startsWith('You are authorized')),
  );
}

/** Webhooks as `token` lists them. */
export async function listWebhooks(
  cluster: Cluster,
  token: string,
): Promise<
  Array<{ id: string; name: string; resource: string; targetUrl: string }>
> {
  const response = await fetch(`${cluster.emulator.apiUrl}/webhooks`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as {
    items: Array<{
      id: string;
      name: string;
      resource: string;
      targetUrl: string;
    }>;
  };
  return body.items;
}
