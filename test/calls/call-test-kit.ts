/**
 * Chat and call-simulator probes the call end-to-end tests share: speak
 * a command and read the bot's answer to it, place calls from the
 * outside world, and read the simulator's calls as Webex and the
 * sandbox see them.
 */
import { BOT } from '../helpers/sandbox.ts';
import type { CallsSandbox, ChatMessage } from './calls-sandbox.ts';

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
