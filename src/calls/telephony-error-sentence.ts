/**
 * Explains call-control refusals in words. Webex documents the statuses
 * of `/telephony/calls/*` but not their messages, so each rule matches
 * the operation, the status and the gist of the message, and the
 * sentence says what to do instead. Never a status code or trackingId.
 */
import { WebexApiError, WebexRateLimitError } from '../webex/errors.ts';
import { CallsError } from './errors.ts';

interface Rule {
  /** Client operations (`calls.answer`); any call operation when absent. */
  operations?: readonly string[];
  statuses?: readonly number[];
  message?: RegExp;
  sentence: string;
}

const START = ['calls.startRecording'];
const STOP = ['calls.stopRecording'];
const PAUSE = ['calls.pauseRecording'];
const RESUME = ['calls.resumeRecording'];
const RECORDING_OPERATIONS = [...START, ...STOP, ...PAUSE, ...RESUME];
const NOT_RECORDING = /recording is (stopped|not started|failed)/i;

/** Recording refusals say what state the recording is in. */
const RECORDING_RULES: readonly Rule[] = [
  {
    operations: RECORDING_OPERATIONS,
    message: /answered first|not (been )?answered|not connected/i,
    sentence: 'That call is not answered yet, so it cannot be recorded.',
  },
  {
    operations: START,
    message: /recording is paused/i,
    sentence:
      'The recording of that call is paused: send `/record resume` to go on.',
  },
  {
    operations: [...START, ...PAUSE],
    message: /recording is (started|pending)/i,
    sentence: 'That call is already being recorded.',
  },
  {
    operations: PAUSE,
    message: /recording is paused/i,
    sentence: 'The recording of that call is already paused.',
  },
  {
    operations: RESUME,
    message: /recording is (started|pending)/i,
    sentence: 'The recording of that call is not paused.',
  },
  {
    operations: [...STOP, ...PAUSE, ...RESUME],
    message: NOT_RECORDING,
    sentence: 'That call is not being recorded.',
  },
  {
    operations: RECORDING_OPERATIONS,
    message: /record/i,
    sentence:
      'Webex could not change the recording of that call. Send /calls to see your calls.',
  },
];

const RULES: readonly Rule[] = [
  {
    statuses: [403],
    message: /scope/i,
    sentence:
      'I am missing a permission for calls: send **/auth** again and accept every permission asked.',
  },
  {
    // Only as a refusal of the caller: a 400 saying the same of a
    // destination is about the destination.
    statuses: [403],
    message:
      /(not|no)\b.{0,40}(webex )?calling|licen[cs]e|not (a )?calling user|roles or licenses/i,
    sentence:
      'Your account has no Webex Calling service, so I cannot control calls for you; ask your administrator for a Webex Calling licence.',
  },
  {
    operations: ['calls.answer'],
    message:
      /(does not|doesn't|cannot|can't|not) support|not capable|unsupported/i,
    sentence:
      'Your phone cannot answer through me; answer on the device itself, or use the Webex app.',
  },
  {
    operations: ['calls.answer'],
    message: /not (alerting|ringing)|no.{0,20}(alerting|ringing)/i,
    sentence:
      'That call is not ringing any more, so there is nothing to answer. Send /calls to see your calls.',
  },
  {
    operations: ['calls.transfer'],
    message: /not (been )?(answered|connected)|alerting|ringing|divert/i,
    sentence:
      'That call was never answered, so it cannot be transferred: use `/divert <destination>` to send a ringing call elsewhere.',
  },
  ...RECORDING_RULES,
  {
    operations: ['calls.push'],
    message: /executive|assistant/i,
    sentence:
      'Push sends a call to the executive you assist; you assist no one.',
  },
  {
    operations: ['calls.hold'],
    message: /already held/i,
    sentence: 'That call is already on hold.',
  },
  {
    operations: ['calls.hold'],
    message: /only a connected call|not connected/i,
    sentence:
      'Only a call in progress can be put on hold, and that one is not.',
  },
  {
    operations: ['calls.resume'],
    message: /not held|only a held call/i,
    sentence: 'That call is not on hold.',
  },
  {
    operations: ['calls.reject'],
    message: /not an unanswered|not (alerting|ringing)|hangup/i,
    sentence:
      'That call is not ringing any more, so there is nothing to decline: end it with /hangup.',
  },
  {
    operations: ['calls.divert'],
    message: /only an incoming or connected call/i,
    sentence:
      'Only a ringing or answered call can be sent elsewhere, and that one is neither yet.',
  },
  {
    operations: ['calls.transmitDtmf'],
    message: /dtmf|digit/i,
    sentence:
      'Webex did not take those tones: use digits 0-9, *, #, A-D, and commas for pauses.',
  },
  {
    operations: ['calls.park'],
    message: /already parked/i,
    sentence:
      'A call is already parked there: retrieve it first or park elsewhere.',
  },
  {
    message: /already on (this|the) call/i,
    sentence: 'That destination is already on this call; choose another.',
  },
  {
    message: /destination is the calling user/i,
    sentence: 'That destination is you; choose someone else.',
  },
  {
    operations: ['calls.mute', 'calls.unmute'],
    message: /mute/i,
    sentence:
      'This call cannot be muted from here; use the mute button of your phone.',
  },
  {
    operations: ['calls.retrieve'],
    statuses: [404],
    sentence: 'No call is parked there; check the number or extension.',
  },
  // Pull, pickup and barge-in name no call of the person's: a 404 means
  // the call they look for is not there, not that one of theirs ended.
  {
    operations: ['calls.pickup', 'calls.bargeIn'],
    statuses: [404],
    message: /not a (webex )?calling user|not.{0,20}organi[sz]ation/i,
    sentence:
      'That colleague is not a Webex Calling user of your organization; check the extension or address.',
  },
  {
    operations: ['calls.pull'],
    statuses: [404],
    sentence: 'You have no call in progress on another device to pull here.',
  },
  {
    operations: ['calls.pickup'],
    statuses: [404],
    message: /pickup group/i,
    sentence: 'No call is ringing in your pickup group to pick up.',
  },
  {
    operations: ['calls.pickup'],
    statuses: [404],
    sentence: 'No call is ringing there for you to pick up.',
  },
  {
    operations: ['calls.bargeIn'],
    statuses: [404],
    sentence:
      'There is no call in progress there to join (a call still ringing cannot be joined).',
  },
  {
    statuses: [404, 410],
    message: /call/i,
    sentence:
      'That call is not there any more: it has ended or was never yours. Send /calls to see your calls.',
  },
  {
    statuses: [400, 404],
    message: /destination|target|number|address/i,
    sentence:
      'Webex could not reach that destination; check the number, extension or address.',
  },
];

/**
 * A mapper for the bot's error replies: the sentence for a telephony
 * refusal or a call-command mistake, undefined for anything else.
 */
export function telephonyErrorSentence(error: unknown): string | undefined {
  if (error instanceof CallsError) return error.message;
  if (!(error instanceof WebexApiError)) return undefined;
  if (error instanceof WebexRateLimitError) return undefined;
  if (!error.operation.startsWith('calls.')) {
    return error.operation.startsWith('webhooks.')
      ? webhookSentence(error)
      : undefined;
  }

  const text = [
    error.webexMessage,
    ...error.errors.map((detail) => detail.description),
  ].join(' ');
  for (const rule of RULES) {
    if (rule.operations && !rule.operations.includes(error.operation)) continue;
    if (rule.statuses && !rule.statuses.includes(error.status)) continue;
    if (rule.message && !rule.message.test(text)) continue;
    return rule.sentence;
  }

  // Anything else about a call's state: Webex's own words say it best,
  // unless they name a call by its id, which means nothing to a person.
  if (error.status === 400 || error.status === 409) {
    return NAMES_AN_ID.test(text)
      ? 'Webex could not do that with this call as it is now. Send /calls to see your calls.'
      : `Webex could not do that with this call: ${withPeriod(error.webexMessage)}`;
  }
  return undefined;
}

/**
 * A Webex id (base64 of `ciscospark://…`, starting `Y2lzY29zcGFyazovL`)
 * or a UUID such as a callSessionId.
 */
const NAMES_AN_ID =
  /[A-Za-z0-9+/_-]{24,}={0,2}|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

function webhookSentence(error: WebexApiError): string | undefined {
  if (error.status === 403) {
    return 'I may not watch your calls: send **/auth** again and accept reading your calls.';
  }
  return undefined;
}

function withPeriod(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
