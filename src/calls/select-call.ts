/**
 * Which call a command means. `/calls` numbers the active calls by
 * creation time; `[n]` picks from that list. Without n the command takes
 * the one call it could apply to, and when several fit (two ringing
 * calls, a call waiting beside an active one) it lists them and asks:
 * acting on the wrong call cannot be undone.
 */
import type { Call } from '../webex/telephony-types.ts';
import { CallSelectionError } from './errors.ts';
import { describeCallLine } from './format-calls.ts';

/** Calls ordered as `/calls` shows them: oldest first. */
export function orderCalls(calls: readonly Call[]): Call[] {
  return [...calls].sort(
    (a, b) => time(a.created) - time(b.created) || a.id.localeCompare(b.id),
  );
}

/**
 * Reads "[n]", "n" or "#n" as a 1-based position; undefined otherwise.
 */
export function parseCallIndex(word: string | undefined): number | undefined {
  const match = word?.trim().match(/^\[?#?(\d{1,3})\]?$/);
  if (match?.[1] === undefined) return undefined;
  const n = Number(match[1]);
  return n >= 1 ? n : undefined;
}

export interface SelectCallOptions {
  /** 1-based position in the `/calls` list, when the person gave one. */
  index?: number | undefined;
  /** The calls this command can act on, e.g. ringing ones for /answer. */
  fits: (call: Call) => boolean;
  /** What the command does, for the question: "hang up", "put on hold". */
  verb: string;
  /** The command and its other arguments, for the example: "hangup". */
  command: string;
  /** What no fitting call means: "No call is ringing." */
  noneMessage: string;
  now: number;
}

/** Returns the call or throws a CallSelectionError the person can act on. */
export function selectCall(
  calls: readonly Call[],
  options: SelectCallOptions,
): Call {
  const ordered = orderCalls(calls);

  if (options.index !== undefined) {
    const picked = ordered[options.index - 1];
    if (picked === undefined) {
      throw new CallSelectionError(
        ordered.length === 0
          ? 'You have no active call.'
          : `There is no call ${options.index}: you have ${ordered.length} (see /calls).`,
      );
    }
    return picked;
  }

  const fitting = ordered.filter(options.fits);
  const only = fitting[0];
  if (fitting.length === 1 && only !== undefined) return only;
  if (fitting.length === 0) throw new CallSelectionError(options.noneMessage);

  const list = fitting
    .map((call) => {
      const n = ordered.indexOf(call) + 1;
      return `[${n}] ${describeCallLine(call, options.now)}`;
    })
    .join('\n');
  throw new CallSelectionError(
    `Which call should I ${options.verb}? Add its number, e.g. \`/${options.command} ${ordered.indexOf(only as Call) + 1}\`:\n${list}`,
  );
}

/** Ringing at the person's devices (incoming or a click-to-dial). */
export const isRinging = (call: Call): boolean => call.state === 'alerting';

/** Talking or waiting on either side's hold: a call in progress. */
export const isInProgress = (call: Call): boolean =>
  call.state === 'connected' ||
  call.state === 'held' ||
  call.state === 'remoteHeld';

export const isConnected = (call: Call): boolean =>
  call.state === 'connected' || call.state === 'remoteHeld';

export const isHeld = (call: Call): boolean => call.state === 'held';

export const isAnyCall = (call: Call): boolean => call.state !== 'disconnected';

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}
