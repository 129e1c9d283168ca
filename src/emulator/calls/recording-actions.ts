/** Call recording (start, stop, pause, resume) and DTMF. */
import type { SandboxPerson } from '../contract.ts';
import { badRequest } from './call-control-error.ts';
import { type CallSwitch, isAnswered } from './call-switch.ts';
import type { Leg, RecordingState } from './call-types.ts';
import { type Body, optionalString, requiredString } from './request-body.ts';

/** `callId` is optional here: without it, the user's only answered call. */
function answeredCall(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): Leg {
  calls.requireLine(person);
  const callId = optionalString(body, 'callId');
  if (callId === undefined) {
    const answered = calls.legsOf(person.id).filter(isAnswered);
    if (answered.length !== 1 || answered[0] === undefined) {
      throw badRequest(
        `The user has ${answered.length} answered calls: give callId.`,
      );
    }
    return answered[0];
  }
  const leg = calls.ownLeg(person, callId);
  if (!isAnswered(leg)) {
    throw badRequest(
      `Call ${leg.id} is ${leg.state}: it must be answered first.`,
    );
  }
  return leg;
}

type RecordingAction = 'start' | 'stop' | 'pause' | 'resume';

const ALLOWED_FROM: Record<RecordingAction, (RecordingState | null)[]> = {
  start: [null, 'stopped', 'failed'],
  stop: ['started', 'paused', 'pending'],
  pause: ['started'],
  resume: ['paused'],
};

export function recording(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
  action: RecordingAction,
): void {
  const leg = answeredCall(calls, person, body);
  if (!ALLOWED_FROM[action].includes(leg.recordingState)) {
    throw badRequest(
      `Cannot ${action} recording of call ${leg.id}: its recording is ${leg.recordingState ?? 'not started'}.`,
    );
  }
  if (action === 'start') {
    // Recording is requested first, then starts once the recorder joins.
    leg.recordingState = 'pending';
    calls.emit(leg, 'updated', 'recording');
  }
  leg.recordingState =
    action === 'stop' ? 'stopped' : action === 'pause' ? 'paused' : 'started';
  calls.emit(leg, 'updated', 'recording');
}

const DTMF = /^[0-9*#A-D,]+$/;

export function transmitDtmf(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): void {
  const dtmf = requiredString(body, 'dtmf');
  if (!DTMF.test(dtmf)) {
    throw badRequest(
      `Invalid dtmf ${dtmf}: use digits 0-9, *, #, A-D, and "," for a pause.`,
    );
  }
  answeredCall(calls, person, body).dtmf.push(dtmf);
}
