/**
 * Dial, answer, reject, hangup, hold, resume, mute and unmute, as
 * `POST /v1/telephony/calls/<action>` performs them for `person`.
 */

import type { SandboxPerson } from '../contract.ts';
import { answerLeg } from './call-connecting.ts';
import { badRequest } from './call-control-error.ts';
import { setHeld } from './call-holding.ts';
import { newSessionId } from './call-ids.ts';
import { type CallSwitch, isAnswered } from './call-switch.ts';
import type { Endpoint, Leg, Line } from './call-types.ts';
import { partyOfTarget, resolveDestination } from './party.ts';
import { type Body, optionalString, requiredString } from './request-body.ts';

export interface CallIds {
  callId: string;
  callSessionId: string;
}

/** The endpoint named by `endpointId`, which must be one of the line's. */
export function chooseEndpoint(line: Line, body: Body): Endpoint | undefined {
  const id = optionalString(body, 'endpointId');
  if (id === undefined) return undefined;
  if (optionalString(body, 'singleNumberReachPhoneNumber') !== undefined) {
    throw badRequest(
      'endpointId and singleNumberReachPhoneNumber are mutually exclusive: give only one.',
    );
  }
  const endpoint = line.endpoints.find((e) => e.id === id);
  if (endpoint === undefined) {
    throw badRequest(
      `endpointId ${id} is not one of the user's answer endpoints.`,
    );
  }
  return endpoint;
}

/**
 * Starts a `clickToDial` leg alerting the person's own devices; the call
 * to the destination is placed when one of them answers.
 */
export function clickToDial(
  calls: CallSwitch,
  person: SandboxPerson,
  intent: Leg['intent'] & object,
  remote: Leg['remote'],
  endpoint: Endpoint | undefined,
  sessionId = newSessionId(),
): Leg {
  const leg = calls.openLeg({
    personId: person.id,
    sessionId,
    personality: 'clickToDial',
    state: 'alerting',
    remote,
    intent,
    alertingEndpointId: endpoint?.id ?? null,
  });
  calls.emit(leg, 'created', 'originated');
  calls.ring(leg);
  return leg;
}

export function dial(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): CallIds {
  const line = calls.requireLine(person);
  const destination = requiredString(body, 'destination');
  const endpoint = chooseEndpoint(line, body);
  const target = resolveDestination(calls.core, destination);
  if (target.kind === 'person' && target.person.id === person.id) {
    throw badRequest(
      'The destination is the calling user: dial another number.',
    );
  }

  const remote = partyOfTarget(target, person);
  const leg = clickToDial(
    calls,
    person,
    { kind: 'dial', target },
    remote,
    endpoint,
  );
  return { callId: leg.id, callSessionId: leg.sessionId };
}

export function answer(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): void {
  const { line, leg } = calls.requestedLeg(person, body);
  const chosen = chooseEndpoint(line, body);
  if (leg.state !== 'alerting') {
    throw badRequest(
      `Call ${leg.id} is ${leg.state}, not alerting: only an alerting call can be answered.`,
    );
  }
  const endpoint =
    chosen ??
    line.endpoints.find((e) => e.id === leg.alertingEndpointId) ??
    line.endpoints[0];
  if (
    endpoint === undefined ||
    (leg.alertingEndpointId !== null && endpoint.id !== leg.alertingEndpointId)
  ) {
    throw badRequest(`The chosen device is not alerting for call ${leg.id}.`);
  }
  if (!line.apiAnswer) {
    throw badRequest(
      `The device does not support answer via API: answer call ${leg.id} on the device itself.`,
    );
  }
  answerLeg(calls, leg, endpoint);
}

const REJECT_ACTIONS = new Set(['busy', 'temporarilyUnavailable', 'ignore']);

export function reject(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): void {
  const { leg } = calls.requestedLeg(person, body);
  const action = optionalString(body, 'action') ?? 'busy';
  if (!REJECT_ACTIONS.has(action)) {
    throw badRequest(
      `Invalid action ${action}: use busy, temporarilyUnavailable or ignore.`,
    );
  }
  if (leg.personality !== 'terminator' || leg.state !== 'alerting') {
    throw badRequest(
      `Call ${leg.id} is not an unanswered incoming call: use hangup to end it.`,
    );
  }
  if (action !== 'ignore') {
    calls.endCall(leg);
    return;
  }

  // Ignore: the user's devices stop alerting, the caller keeps hearing
  // ringback until the ring timeout.
  const caller = calls.peerOf(leg);
  calls.endLeg(leg);
  if (caller !== undefined) calls.ring(caller);
}

export function hangup(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): void {
  const { leg } = calls.requestedLeg(person, body);
  // An unanswered incoming call is rejected to busy: missed by the user.
  calls.endCall(leg);
}

export function hold(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): void {
  const { leg } = calls.requestedLeg(person, body);
  if (!isAnswered(leg)) {
    throw badRequest(
      `Call ${leg.id} is ${leg.state}: only a connected call can be held.`,
    );
  }
  if (leg.heldLocal) {
    throw badRequest(`Call ${leg.id} is already held: resume it instead.`);
  }
  setHeld(calls, leg, true);
}

export function resume(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): void {
  const { leg } = calls.requestedLeg(person, body);
  if (!leg.heldLocal) {
    throw badRequest(
      `Call ${leg.id} is ${leg.state}, not held: only a held call can be resumed.`,
    );
  }
  setHeld(calls, leg, false);
}

export function setMuted(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
  muted: boolean,
): void {
  const { leg } = calls.requestedLeg(person, body);
  if (!leg.muteCapable) {
    throw badRequest(
      `Call ${leg.id} is not mute capable (muteCapable is false): mute it on the device.`,
    );
  }
  if (leg.muted === muted) return;
  leg.muted = muted;
  calls.emit(leg, 'updated', 'updated');
}
