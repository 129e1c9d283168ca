/** Questions about a call leg's state shared by every call action. */
import type { Leg } from './call-types.ts';

const ANSWERED_STATES = new Set(['connected', 'held', 'remoteHeld']);

/** Connected, held or held by the far end: the call was answered. */
export function isAnswered(leg: Leg): boolean {
  return ANSWERED_STATES.has(leg.state);
}
