/** Divert, transfer (attended and mute) and push. */

import type { SandboxPerson } from '../contract.ts';
import type { CallIds } from './basic-actions.ts';
import { startOutbound } from './call-connecting.ts';
import { badRequest } from './call-control-error.ts';
import { newSessionId } from './call-ids.ts';
import { joinFarEnds, redirectLeg } from './call-rerouting.ts';
import { type CallSwitch, isAnswered } from './call-switch.ts';
import type { Leg, RedirectReason, Target } from './call-types.ts';
import { partyOfPerson, resolveDestination } from './party.ts';
import { type Body, optionalBoolean, optionalString } from './request-body.ts';

function sendOn(
  calls: CallSwitch,
  person: SandboxPerson,
  leg: Leg,
  target: Target,
  reason: RedirectReason,
): void {
  if (leg.personality === 'clickToDial' || leg.state === 'connecting') {
    throw badRequest(
      `Call ${leg.id} is ${leg.state}: only an incoming or connected call can be diverted.`,
    );
  }
  const peer = calls.peerOf(leg);
  if (
    target.kind === 'person' &&
    (target.person.id === person.id || target.person.id === peer?.personId)
  ) {
    throw badRequest(
      'The destination is already on this call: choose another.',
    );
  }
  redirectLeg(calls, leg, target, {
    reason,
    redirectingParty: partyOfPerson(person, undefined),
  });
}

/**
 * Divert (blind transfer): to `destination`, or to voicemail — the
 * destination's when given, else the user's own.
 */
export function divert(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): void {
  const { leg } = calls.requestedLeg(person, body);
  const destination = optionalString(body, 'destination');
  const toVoicemail = optionalBoolean(body, 'toVoicemail') ?? false;
  if (!toVoicemail && (destination === undefined || destination === '')) {
    throw badRequest(
      'destination is required unless toVoicemail is true: give one or the other.',
    );
  }

  let target: Target;
  if (!toVoicemail) {
    target = resolveDestination(calls.core, destination ?? '');
  } else if (destination === undefined) {
    target = { kind: 'voicemail', owner: person };
  } else {
    const owner = resolveDestination(calls.core, destination);
    if (owner.kind !== 'person') {
      throw badRequest(
        `${destination} has no voicemail here: it is not a Webex Calling user of the organization.`,
      );
    }
    target = { kind: 'voicemail', owner: owner.person };
  }
  sendOn(calls, person, leg, target, 'divert');
}

/** Push: an assistant sends the call to their executive. */
export function push(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): void {
  const { line, leg } = calls.requestedLeg(person, body);
  if (line.executivePersonId === null) {
    throw badRequest(
      `Call ${leg.id} is not associated with an executive: push needs the user to be an executive's assistant.`,
    );
  }
  const executive = calls.person(line.executivePersonId);
  sendOn(calls, person, leg, { kind: 'person', person: executive }, 'unknown');
}

function answeredLeg(calls: CallSwitch, person: SandboxPerson, id: string) {
  const leg = calls.ownLeg(person, id);
  if (!isAnswered(leg)) {
    throw badRequest(
      `Call ${id} is not answered: unanswered calls cannot be transferred; divert an incoming call instead.`,
    );
  }
  return leg;
}

/**
 * Transfer. No ids: the user's two calls (exactly two). `callId1` and
 * `callId2`: those two (attended, 204). `callId1` and `destination`: a
 * mute transfer, a new call to the destination (201) that hands
 * `callId1` over once answered.
 */
export function transfer(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): CallIds | undefined {
  calls.requireLine(person);
  const callId1 = optionalString(body, 'callId1');
  const callId2 = optionalString(body, 'callId2');
  const destination = optionalString(body, 'destination');

  if (callId1 === undefined) {
    if (callId2 !== undefined || destination !== undefined) {
      throw badRequest(
        'callId1 is required when callId2 or destination is given.',
      );
    }
    const legs = calls.legsOf(person.id);
    if (legs.length !== 2 || legs[0] === undefined || legs[1] === undefined) {
      throw badRequest(
        `The user has ${legs.length} calls: give callId1 and callId2 unless there are exactly two.`,
      );
    }
    const [a, b] = [
      answeredLeg(calls, person, legs[0].id),
      answeredLeg(calls, person, legs[1].id),
    ];
    joinFarEnds(calls, a, b);
    return undefined;
  }

  const first = answeredLeg(calls, person, callId1);
  if (callId2 !== undefined) {
    const second = answeredLeg(calls, person, callId2);
    if (second.id === first.id) {
      throw badRequest(
        'callId1 and callId2 are the same call: give two calls.',
      );
    }
    joinFarEnds(calls, first, second);
    return undefined;
  }
  if (destination === undefined || destination === '') {
    throw badRequest('callId2 or destination is required with callId1.');
  }

  const target = resolveDestination(calls.core, destination);
  if (target.kind === 'person' && target.person.id === person.id) {
    throw badRequest('The destination is the calling user: choose another.');
  }
  const consult = calls.openLeg({
    personId: person.id,
    sessionId: newSessionId(),
    personality: 'originator',
    state: 'connecting',
    remote: first.remote,
  });
  consult.transferOf = first.id;
  consult.endpoint = first.endpoint;
  consult.muteCapable = first.muteCapable;
  startOutbound(calls, consult, target, true);
  return { callId: consult.id, callSessionId: consult.sessionId };
}
