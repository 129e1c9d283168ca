/**
 * What the person did to a call on purpose, from a command or a card:
 * declined it, sent it on, parked it, hung up, started a mute transfer
 * from it, or had their phone ring to take a call over (pull, retrieve,
 * pickup, barge-in). Kept in the store next to the call's view, so that whichever
 * instance relays the call's end can say it right: a call the person
 * declined was not "missed", and a transfer nobody answered did not
 * happen.
 */
import type { Store } from '../store/store.ts';
import type { TelephonyEventData } from '../webex/telephony-types.ts';

/** The commands that ring the person's own phone to take a call over. */
export type Takeover = 'pull' | 'retrieve' | 'pickup' | 'bargeIn';

export type CallIntent =
  | { did: 'declined' | 'diverted' | 'hungUp' | 'parked' }
  /** On the consult call of a mute transfer; `call` names the original. */
  | { did: 'transferring'; call: string }
  /** On the call ringing the person's phone for a takeover. */
  | { did: 'takingOver'; how: Takeover };

const TAKEOVERS = new Set<string>(['pull', 'retrieve', 'pickup', 'bargeIn']);

/** A takeover asked for whose ringing call has not shown up yet. */
const TAKEOVER_TTL_MS = 2 * 60 * 1000;

/** As long as the relay remembers a call. */
const INTENT_TTL_MS = 6 * 60 * 60 * 1000;

const DID = new Set(['declined', 'diverted', 'hungUp', 'parked']);

// The call-view slot of a name no Webex callId can take.
const slotOf = (callId: string): string => `intent:${callId}`;
const takeoverSlotOf = (personId: string): string =>
  `intent:takeover:${personId}`;

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
 * Notes that the person's phone is about to ring for `how`, then runs
 * `act` (the request). Kept per person, not per call: the ringing call's
 * first event may arrive before the request returns its id.
 */
export async function withTakeover<T>(
  store: Store,
  personId: string,
  how: Takeover,
  act: () => Promise<T>,
): Promise<T> {
  const slot = takeoverSlotOf(personId);
  await store.swapCallView(slot, how, TAKEOVER_TTL_MS);
  try {
    return await act();
  } catch (error) {
    await store.swapCallView(slot, undefined, TAKEOVER_TTL_MS);
    throw error;
  }
}

/**
 * The intent an event of the person's call is rendered with: at the
 * call's end, what was noted for it; when the person's own phone starts
 * ringing (a `clickToDial` call), the takeover that rang it, which is
 * then kept for that call's end. Undefined for any other event, without
 * reading the store.
 */
export async function intentForEvent(
  store: Store,
  personId: string,
  data: Partial<TelephonyEventData>,
  ended: boolean,
): Promise<CallIntent | undefined> {
  const callId = data.callId;
  if (callId === undefined) return undefined;
  if (ended) return takeIntent(store, callId);
  if (data.personality !== 'clickToDial' || data.state !== 'alerting') {
    return undefined;
  }
  const how = await store.swapCallView(
    takeoverSlotOf(personId),
    undefined,
    TAKEOVER_TTL_MS,
  );
  if (how === undefined || !TAKEOVERS.has(how)) return undefined;
  const intent: CallIntent = { did: 'takingOver', how: how as Takeover };
  await noteIntent(store, callId, intent);
  return intent;
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
    const intent = JSON.parse(text) as Partial<{
      did: string;
      call: string;
      how: string;
    }>;
    if (intent.did === 'transferring' && typeof intent.call === 'string') {
      return { did: 'transferring', call: intent.call };
    }
    if (intent.did === 'takingOver' && TAKEOVERS.has(String(intent.how))) {
      return { did: 'takingOver', how: intent.how as Takeover };
    }
    return typeof intent.did === 'string' && DID.has(intent.did)
      ? ({ did: intent.did } as CallIntent)
      : undefined;
  } catch {
    return undefined;
  }
}
