/**
 * What the person did to a call on purpose, from a command or a card:
 * declined it, sent it on, parked it, hung up, or started a mute transfer
 * from it. Kept in the store next to the call's view, so that whichever
 * instance relays the call's end can say it right: a call the person
 * declined was not "missed", and a transfer nobody answered did not
 * happen.
 */
import type { Store } from '../store/store.ts';

export type CallIntent =
  | { did: 'declined' | 'diverted' | 'hungUp' | 'parked' }
  /** On the consult call of a mute transfer; `call` names the original. */
  | { did: 'transferring'; call: string };

/** As long as the relay remembers a call. */
const INTENT_TTL_MS = 6 * 60 * 60 * 1000;

const DID = new Set(['declined', 'diverted', 'hungUp', 'parked']);

// The call-view slot of a name no Webex callId can take.
const slotOf = (callId: string): string => `intent:${callId}`;

/** Remembers `intent` for `callId` (the person's own leg). */
export async function noteIntent(
  store: Store,
  callId: string,
  intent: CallIntent,
): Promise<void> {
  await store.swapCallView(
    slotOf(callId),
    JSON.stringify(intent),
    INTENT_TTL_MS,
  );
}

/**
 * Notes `intent`, then runs `act`. Noted first because Webex may deliver
 * the call's end before the request that ended it returns; forgotten
 * again when `act` fails, since then nothing was done.
 */
export async function withIntent<T>(
  store: Store,
  callId: string,
  intent: CallIntent,
  act: () => Promise<T>,
): Promise<T> {
  await noteIntent(store, callId, intent);
  try {
    return await act();
  } catch (error) {
    await store.swapCallView(slotOf(callId), undefined, INTENT_TTL_MS);
    throw error;
  }
}

/**
 * The intent noted for `callId`, forgotten as it is read: only a call's
 * end asks.
 * TODO: a crash between this read and the chat message makes a replay
 * word the end without it; keeping it would take a second write.
 */
export async function takeIntent(
  store: Store,
  callId: string,
): Promise<CallIntent | undefined> {
  const text = await store.swapCallView(
    slotOf(callId),
    undefined,
    INTENT_TTL_MS,
  );
  if (text === undefined) return undefined;
  try {
    const intent = JSON.parse(text) as Partial<{ did: string; call: string }>;
    if (intent.did === 'transferring' && typeof intent.call === 'string') {
      return { did: 'transferring', call: intent.call };
    }
    return typeof intent.did === 'string' && DID.has(intent.did)
      ? ({ did: intent.did } as CallIntent)
      : undefined;
  } catch {
    return undefined;
  }
}
