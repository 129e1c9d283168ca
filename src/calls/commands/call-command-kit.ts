/**
 * What the call commands share: reading `[n]` off the arguments, fetching
 * the person's calls and choosing one, and naming a call in a reply.
 */
import type { CommandContext } from '../../bot/commands/command-spec.ts';
import { CommandUsageError } from '../../bot/commands/error-replies.ts';
import type { WebexSession } from '../../webex/index.ts';
import type { Call } from '../../webex/telephony-types.ts';
import { describeParty } from '../render/describe-party.ts';
import { parseCallIndex, selectCall } from '../select-call.ts';

export interface CallArgs {
  /** The `[n]` the person gave, if any. */
  index: number | undefined;
  /** The other arguments, in order. */
  rest: string[];
}

/**
 * Takes a trailing call number off `args`: `[n]` and `#n` always, a bare
 * `n` when another argument comes before it (`/transfer 1002 2`). A lone
 * bare number is the command's own argument (a destination, tones)
 * unless `loneNumber` says it is a call number (`/record 2`).
 */
export function splitCallIndex(
  args: readonly string[],
  loneNumber = true,
): CallArgs {
  const last = args.at(-1);
  const looksLikeIndex =
    last !== undefined &&
    (loneNumber || args.length > 1 || /^\[|^#/.test(last));
  const index = looksLikeIndex ? parseCallIndex(last) : undefined;
  if (index === undefined) return { index: undefined, rest: [...args] };
  return { index, rest: args.slice(0, -1) };
}

/**
 * Rejects the arguments `extra` that `/command` does not take; `example`
 * shows the form it does take.
 */
export function noMoreArgs(
  extra: readonly string[],
  command: string,
  example?: string,
): void {
  if (extra.length > 0) {
    const hint = example === undefined ? '' : `: write it as \`${example}\``;
    throw new CommandUsageError(
      `I did not expect “${extra.join(' ')}” after /${command}${hint}.`,
    );
  }
}

/** Rejects a word that is not a call number. */
export function notACallNumber(word: string): never {
  throw new CommandUsageError(
    `I did not understand “${word}”: give a call number from /calls.`,
  );
}

export interface Choice {
  fits: (call: Call) => boolean;
  /** Words for the question "Which call should I …?": "put on hold". */
  verb: string;
  /** The command as typed before `[n]`, for the example: "hold". */
  command: string;
  noneMessage: string;
}

/** Lists the person's calls and picks the one the command means. */
export async function chooseCall(
  ctx: CommandContext,
  api: WebexSession,
  index: number | undefined,
  choice: Choice,
): Promise<Call> {
  const calls = await api.calls.list();
  return selectCall(calls, { ...choice, index, now: ctx.deps.now() });
}

/** "the call with Bob Caller (1002)" / "the call from …" for replies. */
export function theCall(call: Call): string {
  const party = describeParty(call.remoteParty);
  return call.personality === 'terminator' && call.state === 'alerting'
    ? `the call from ${party}`
    : `the call with ${party}`;
}
