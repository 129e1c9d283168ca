/**
 * The `/calls` list: one numbered line per active call with its state,
 * the remote party and how long it has lasted.
 */
import type { Call } from '../webex/telephony-types.ts';
import { describeParty } from './render/describe-party.ts';
import { formatDuration } from './render/format-duration.ts';
import { orderCalls } from './select-call.ts';

/** "[1] On hold with Bob Caller (1002), 2m 05s", numbered for `[n]`. */
export function formatCallList(calls: readonly Call[], now: number): string {
  const ordered = orderCalls(calls);
  if (ordered.length === 0) return 'You have no active call.';

  const lines = ordered.map(
    (call, i) => `[${i + 1}] ${describeCallLine(call, now)}`,
  );
  const heading =
    ordered.length === 1 ? 'Your active call:' : 'Your active calls:';
  return [heading, ...lines].join('\n');
}

/** One call in a few words, without its number. */
export function describeCallLine(call: Call, now: number): string {
  const party = describeParty(call.remoteParty);
  const since = Date.parse(call.answered ?? call.created);
  const duration = Number.isNaN(since)
    ? ''
    : `, ${formatDuration(now - since)}`;
  const flags = [
    call.muted ? 'muted' : undefined,
    call.recordingState === 'started' ? 'recording' : undefined,
  ].filter((flag) => flag !== undefined);
  const extra = flags.length === 0 ? '' : ` (${flags.join(', ')})`;

  return `${stateWords(call, party)}${duration}${extra}`;
}

function stateWords(call: Call, party: string): string {
  switch (call.state) {
    case 'alerting':
      return call.personality === 'clickToDial'
        ? `Ringing your phone to call ${party}`
        : `Ringing: ${party}`;
    case 'connecting':
      return `Calling ${party}`;
    case 'connected':
      return `Talking with ${party}`;
    case 'held':
      return `On hold with ${party}`;
    case 'remoteHeld':
      return `Held by ${party}`;
    case 'disconnected':
      return `Ended with ${party}`;
    default:
      return `${String(call.state)} with ${party}`;
  }
}
