/**
 * Chat and call-simulator probes the call end-to-end tests share: speak
 * a command and read the bot's answer to it, place calls from the
 * outside world, and read the simulator's calls as Webex and the
 * sandbox see them; and the one calls sandbox a suite runs against.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { BOT } from '../helpers/sandbox.ts';
import {
  type CallsSandbox,
  type CallsSandboxOptions,
  type ChatMessage,
  startCallsSandbox,
} from './calls-sandbox.ts';

export type Who = 'alice' | 'bob';

export const EMAIL: Record<Who, string> = {
  alice: 'alice@example.com',
  bob: 'bob@example.com',
};

export const textOf = (message: ChatMessage): string =>
  message.markdown ?? message.text ?? '';

/** The bot's messages in `who`'s chat after the message `afterId`. */
export async function botMessagesAfter(
  sandbox: CallsSandbox,
  who: Who,
  afterId: string,
): Promise<ChatMessage[]> {
  const chat = await sandbox.chat(who);
  const at = chat.findIndex((message) => message.id === afterId);
  return chat.slice(at + 1).filter((message) => message.personEmail === BOT);
}

/**
 * Says `text` and waits for the bot's first message after it: the answer
 * to the command when nothing else (monitoring) speaks in that chat.
 */
export async function firstReply(
  sandbox: CallsSandbox,
  who: Who,
  text: string,
): Promise<string> {
  const said = await sandbox.say(who, text);
  let first: ChatMessage | undefined;
  await sandbox.waitForChat(who, (chat) => {
    const at = chat.findIndex((message) => message.id === said);
    first = chat.slice(at + 1).find((m) => m.personEmail === BOT);
    return first !== undefined;
  });
  return first === undefined ? '' : textOf(first);
}

/** Says `text` and waits for a bot message after it matching `reply`. */
export async function replyMatching(
  sandbox: CallsSandbox,
  who: Who,
  text: string,
  reply: RegExp,
): Promise<string> {
  const said = await sandbox.say(who, text);
  let found: string | undefined;
  await sandbox.waitForChat(who, (chat) => {
    const at = chat.findIndex((message) => message.id === said);
    found = chat
      .slice(at + 1)
      .filter((m) => m.personEmail === BOT)
      .map(textOf)
      .find((t) => reply.test(t));
    return found !== undefined;
  });
  return found ?? '';
}

export interface PlacedLeg {
  callId: string;
  personId: string;
  email: string;
  personality: string;
  state: string;
}

/** `POST /_sandbox/calls`: a call from the world outside the API user. */
export async function placeCall(
  sandbox: CallsSandbox,
  body: { from: string; to: string; name?: string; private?: boolean },
): Promise<PlacedLeg[]> {
  const response = await sandbox.api('alice', '/_sandbox/calls', { body });
  if (response.status !== 201) {
    throw new Error(`placing a call: ${response.status}`);
  }
  return ((await response.json()) as { legs: PlacedLeg[] }).legs;
}

/**
 * An outside caller (`number`, `name`) rings Alice and she answers from
 * the chat, told whom she answered.
 */
export async function aliceAnswersOutsideCall(
  sandbox: CallsSandbox,
  number: string,
  name: string,
): Promise<void> {
  await placeCall(sandbox, { from: number, to: EMAIL.alice, name });
  assert.equal(
    await firstReply(sandbox, 'alice', '/answer'),
    `Answered the call from ${name} (${number}).`,
  );
}

/** The leg of `email` in a placed call. */
export function legOf(legs: readonly PlacedLeg[], email: string): PlacedLeg {
  const leg = legs.find((candidate) => candidate.email === email);
  if (leg === undefined) throw new Error(`${email} has no leg in that call`);
  return leg;
}

/** `POST /_sandbox/calls/{callId}/{act}`: a phone or far party acts. */
export async function sandboxAct(
  sandbox: CallsSandbox,
  callId: string,
  act: 'answer' | 'hangup' | 'hold' | 'resume',
): Promise<void> {
  const response = await sandbox.api(
    'alice',
    `/_sandbox/calls/${callId}/${act}`,
    {
      body: {},
    },
  );
  if (response.status >= 300) {
    throw new Error(`${act} ${callId}: ${response.status}`);
  }
}

export interface SimCall {
  id: string;
  personId: string;
  personality: string;
  state: string;
  muted: boolean;
  recordingState?: string;
  remoteParty: { name?: string; number?: string; privacyEnabled: boolean };
  redirections?: { reason: string }[];
}

export interface SimSnapshot {
  calls: SimCall[];
  parks: { againstPersonId: string; parkedByPersonId: string }[];
}

/** `GET /_sandbox/calls`: every live leg and park. */
export async function simulator(sandbox: CallsSandbox): Promise<SimSnapshot> {
  const response = await sandbox.api('alice', '/_sandbox/calls');
  return (await response.json()) as SimSnapshot;
}

/** The live legs of `who`, as the simulator holds them. */
export async function legsOf(
  sandbox: CallsSandbox,
  who: Who,
): Promise<SimCall[]> {
  const person = await sandbox.sandbox.person(EMAIL[who]);
  const { calls } = await simulator(sandbox);
  return calls.filter((call) => call.personId === person.id);
}

/** Ends every live leg of `who` (the far party or phone hangs up). */
export async function hangUpAll(sandbox: CallsSandbox, who: Who) {
  for (const leg of await legsOf(sandbox, who)) {
    await sandbox.api('alice', `/_sandbox/calls/${leg.id}/hangup`, {
      body: {},
    });
  }
}

/** Words a refusal must never show: codes, "Error", trackingIds. */
export const RAW_REFUSAL = /\b[45]\d\d\b|error|tracking ?id|HTTP/i;

export interface SuiteSandboxOptions extends CallsSandboxOptions {
  /** Who authorizes the bot before the suite's first test. */
  authorize: readonly Who[];
  /** Who then turns monitoring on, each checked to be told it is on. */
  monitor?: readonly Who[];
  /** Ends Alice's and Bob's live calls after each test. */
  hangUpAfterEach?: boolean;
}

/**
 * One calls sandbox for the enclosing `describe`: started (and its
 * people authorized) before the first test, closed after the last.
 * Hooks the suite adds itself run after these. The returned sandbox
 * forwards to the started one, so the suite's own functions can close
 * over it where they are defined.
 */
export function suiteSandbox(options: SuiteSandboxOptions): CallsSandbox {
  const { authorize, monitor = [], hangUpAfterEach, ...start } = options;
  let started: CallsSandbox | undefined;
  const current = (): CallsSandbox => {
    if (started === undefined) {
      throw new Error('the calls sandbox starts in the suite before hook');
    }
    return started;
  };

  before(async () => {
    started = await startCallsSandbox(start);
    for (const who of authorize) await started.authorize(who);
    for (const who of monitor) {
      assert.match(
        await firstReply(started, who, '/monitor on'),
        /monitoring is on/,
      );
    }
  });
  if (hangUpAfterEach === true) {
    afterEach(async () => {
      await hangUpAll(current(), 'alice');
      await hangUpAll(current(), 'bob');
    });
  }
  after(async () => {
    await started?.close();
  });

  return {
    get sandbox() {
      return current().sandbox;
    },
    get store() {
      return current().store;
    },
    get botUrl() {
      return current().botUrl;
    },
    authorize: (who) => current().authorize(who),
    say: (who, text) => current().say(who, text),
    chat: (who) => current().chat(who),
    waitForChat: (who, predicate) => current().waitForChat(who, predicate),
    api: (who, path, init) => current().api(who, path, init),
    close: () => current().close(),
  };
}
