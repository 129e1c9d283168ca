/**
 * How a takeover (pull, retrieve, pickup, barge-in) reads: each first
 * rings the person's own phone, and the call it takes over only moves
 * once they pick up.
 */
import type { Takeover } from '../call-intents.ts';

/** What picking up the phone a takeover rang does. */
export const TAKEOVER_AIMS: Record<Takeover, (party: string) => string> = {
  pull: (party) => `take over your call with ${party}`,
  retrieve: (party) => `take back the parked call with ${party}`,
  pickup: (party) => `answer the call from ${party}`,
  bargeIn: (party) => `join the call of ${party}`,
};

/**
 * A takeover's ring that ended unanswered. A pull's ring ends unanswered
 * even when it worked (the call moves onto the device), so it says
 * nothing.
 */
export const TAKEOVER_UNANSWERED: Record<
  Takeover,
  (party: string) => string | undefined
> = {
  pull: () => undefined,
  retrieve: (party) =>
    `You did not pick up: the call with ${party} stays parked.`,
  pickup: (party) =>
    `You did not pick up: the call from ${party} was left where it was.`,
  bargeIn: (party) =>
    `You did not pick up, so you did not join the call of ${party}.`,
};
