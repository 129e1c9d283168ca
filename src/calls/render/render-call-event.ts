/**
 * Turns one `telephony_calls` event into what the person reads: a short
 * sentence, with a card when there is something to press. Only changes
 * worth a message render; the rest (an endpoint update while ringing, a
 * repeat of the same state) give undefined. Unknown states and event
 * types render generically: Webex adds values without notice.
 */
import type { CardAttachment } from '../../webex/messaging-types.ts';
import type {
  CallFields,
  TelephonyEventData,
} from '../../webex/telephony-types.ts';
import type { CallIntent } from '../call-intents.ts';
import { connectedCallCard, incomingCallCard } from './call-cards.ts';
import {
  describeParty,
  describeRedirection,
  partyName,
} from './describe-party.ts';
import { formatDuration, spanMs } from './format-duration.ts';
import { TAKEOVER_AIMS, TAKEOVER_UNANSWERED } from './takeover-wording.ts';

/** A chat message about a call; `text` doubles as the card's fallback. */
export interface CallMessage {
  text: string;
  card?: CardAttachment;
}

/** What the relay knows of the call before this event, if anything. */
export type PreviousCallView = Pick<
  Partial<CallFields>,
  'state' | 'recordingState' | 'muted' | 'remoteParty'
>;

type EventData = Partial<TelephonyEventData>;

const RECORDING_SENTENCES: Readonly<Record<string, string>> = {
  started: 'Recording started',
  paused: 'Recording paused',
  stopped: 'Recording stopped',
  failed: 'Recording failed',
};

const DIVERTED = new Set(['forwarded', 'diverted', 'redirected']);
const TRANSFERRED = new Set(['transferred', 'transfer']);

/**
 * `event` is the delivery's created/updated/deleted; `intent` what the
 * person did to the call, read when it ends.
 */
export function renderCallEvent(
  event: string,
  data: EventData,
  previous?: PreviousCallView,
  intent?: CallIntent,
): CallMessage | undefined {
  const party = describeParty(data.remoteParty);
  const eventType = String(data.eventType ?? '');

  if (
    event === 'deleted' ||
    data.state === 'disconnected' ||
    eventType === 'disconnected'
  ) {
    const text = endedSentence(data, party, intent);
    return text === undefined ? undefined : { text };
  }
  const handedOver = handOverMessage(eventType, data, party, previous);
  if (handedOver !== undefined) return handedOver;
  if (DIVERTED.has(eventType)) {
    return { text: `The call ${withParty(data, party)} was diverted.` };
  }
  if (TRANSFERRED.has(eventType)) {
    return { text: `The call ${withParty(data, party)} was transferred.` };
  }

  const sentences: string[] = [];
  const stateMessage = renderState(
    event,
    eventType,
    data,
    party,
    previous,
    intent,
  );
  if (stateMessage !== undefined) sentences.push(stateMessage.text);

  const recording = recordingSentence(data, previous);
  if (recording !== undefined) sentences.push(recording);

  if (sentences.length === 0) {
    if (isKnownEventType(eventType)) return undefined;
    const state = data.state === undefined ? '' : ` (${data.state})`;
    const what = eventType === '' ? 'an update' : `“${eventType}”`;
    return {
      text: `The call ${withParty(data, party)} reported ${what}${state}.`,
    };
  }

  const text = sentences.join(' ');
  const card = stateMessage?.card;
  return card === undefined ? { text } : { text, card };
}

/**
 * A call in progress that now faces someone else: transferred to the
 * person, or the far end sent on. The person hears a new voice, so they
 * read who it is, with a card for that call.
 */
function handOverMessage(
  eventType: string,
  data: EventData,
  party: string,
  previous: PreviousCallView | undefined,
): CallMessage | undefined {
  const state = data.state;
  if (state !== 'connected' && state !== 'held' && state !== 'remoteHeld') {
    return undefined;
  }
  const before = previous?.remoteParty;
  const wasInProgress =
    previous?.state === 'connected' ||
    previous?.state === 'held' ||
    previous?.state === 'remoteHeld';
  const changed =
    before !== undefined &&
    wasInProgress &&
    describeParty(before) !== describeParty(data.remoteParty);
  const transferred = TRANSFERRED.has(eventType);
  if (!transferred && !changed) return undefined;

  const by = before === undefined || !changed ? undefined : partyName(before);
  let how = '';
  if (transferred) {
    how =
      by === undefined
        ? ': the call was transferred to you'
        : `, transferred by ${by}`;
  } else if (DIVERTED.has(eventType) && by !== undefined) {
    how = `: ${by} sent the call on`;
  }
  const text = `You are now talking with ${party}${how}.`;
  return {
    text,
    card: connectedCallCard(data.callId ?? '', text, state === 'held'),
  };
}

function renderState(
  event: string,
  eventType: string,
  data: EventData,
  party: string,
  previous: PreviousCallView | undefined,
  intent: CallIntent | undefined,
): CallMessage | undefined {
  const state = data.state;
  const changed = previous === undefined || previous.state !== state;
  const callId = data.callId ?? '';

  if (state === 'alerting') {
    const fresh = eventType === 'received' || event === 'created';
    if (!fresh || !changed) return undefined;
    if (data.personality === 'clickToDial') {
      const aim =
        intent?.did === 'takingOver'
          ? TAKEOVER_AIMS[intent.how](party)
          : `call ${party}`;
      return { text: `Your phone is ringing: pick it up to ${aim}.` };
    }
    const how = describeRedirection(data.redirections);
    const text = `Incoming call from ${party}`;
    const full = how === undefined ? `${text}.` : `${text}, ${how}.`;
    return { text: full, card: incomingCallCard(callId, text, how) };
  }

  if (!changed && eventType !== 'answered') return undefined;
  // Without history a generic update may be a mute or recording change:
  // only an explicit event type speaks for the state then.
  if (previous === undefined && eventType === 'updated') {
    if (state !== 'held' && state !== 'remoteHeld') return undefined;
  }

  switch (state) {
    case 'connecting':
      return { text: `Calling ${party}…` };
    case 'connected':
      return connectedMessage(callId, party, previous?.state, eventType);
    case 'held': {
      const text = `The call with ${party} is on hold.`;
      return { text, card: connectedCallCard(callId, text, true) };
    }
    case 'remoteHeld':
      return { text: `${capitalize(party)} put you on hold.` };
    case undefined:
      return undefined;
    default:
      return {
        text: `The call ${withParty(data, party)} is now ${String(state)}.`,
      };
  }
}

function connectedMessage(
  callId: string,
  party: string,
  before: string | undefined,
  eventType: string,
): CallMessage {
  if (before === 'remoteHeld' || eventType === 'remoteResumed') {
    return { text: `${capitalize(party)} took you off hold.` };
  }
  const resumed =
    before === 'held' || eventType === 'resumed' || eventType === 'retrieved';
  const text = resumed
    ? `The call with ${party} is resumed.`
    : `Connected with ${party}.`;
  return { text, card: connectedCallCard(callId, text, false) };
}

function recordingSentence(
  data: EventData,
  previous: PreviousCallView | undefined,
): string | undefined {
  const now = data.recordingState;
  if (now === undefined || now === previous?.recordingState) return undefined;
  // Pending only means "started" is on its way: saying both, after the
  // reply to /record start, reads as if the recording had not started.
  if (now === 'pending') return undefined;
  // A first sight of "stopped" usually means recording was never used.
  if (previous === undefined && now === 'stopped') return undefined;

  if (now === 'started' && previous?.recordingState === 'paused') {
    return 'Recording resumed.';
  }
  const sentence = RECORDING_SENTENCES[now];
  return sentence === undefined
    ? `Recording is now ${String(now)}.`
    : `${sentence}.`;
}

function endedSentence(
  data: EventData,
  party: string,
  intent: CallIntent | undefined,
): string | undefined {
  const incoming = data.personality === 'terminator';
  if (intent?.did === 'transferring') {
    return data.answered === undefined
      ? `${capitalize(party)} did not answer, so ${intent.call} was not transferred: it is still yours.`
      : `Transferred ${intent.call} to ${party}.`;
  }
  if (intent?.did === 'takingOver' && data.answered === undefined) {
    return TAKEOVER_UNANSWERED[intent.how](party);
  }
  // The reply to the command or card already said what became of it.
  if (intent?.did === 'parked' || intent?.did === 'diverted') return undefined;
  if (intent !== undefined && data.answered === undefined) return undefined;
  if (data.completedElsewhere === true) {
    return `The call ${withParty(data, party)} was answered elsewhere.`;
  }

  const talked = spanMs(
    data.answered,
    data.disconnected ?? data.eventTimestamp,
  );
  if (data.answered !== undefined) {
    const after =
      talked === undefined ? '' : ` after ${formatDuration(talked)}`;
    return `The call ${withParty(data, party)} ended${after}.`;
  }
  if (incoming) return `Missed call from ${party}.`;
  return `The call to ${party} ended before it was answered.`;
}

function withParty(data: EventData, party: string): string {
  return data.personality === 'terminator' ? `from ${party}` : `with ${party}`;
}

function isKnownEventType(eventType: string): boolean {
  return [
    'received',
    'originated',
    'updated',
    'answered',
    'held',
    'resumed',
    'retrieved',
    'remoteHeld',
    'remoteResumed',
    'recording',
  ].includes(eventType);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
