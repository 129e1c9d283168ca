/**
 * What the sandbox control API does to calls: the world outside the API
 * user (a caller, a far party, a person's physical phone) acting.
 */

import { answerLeg, remoteAnswered, startOutbound } from './call-connecting.ts';
import { badRequest, conflict, notFound } from './call-control-error.ts';
import { holdOtherCalls, setHeld } from './call-holding.ts';
import { newSessionId } from './call-ids.ts';
import { type CallSwitch, isAnswered } from './call-switch.ts';
import type { Leg, Line } from './call-types.ts';
import { externalParty, resolveDestination } from './party.ts';
import {
  type Body,
  optionalBoolean,
  optionalString,
  requiredString,
} from './request-body.ts';

export interface PlacedCall {
  callSessionId: string;
  legs: {
    callId: string;
    personId: string;
    email: string;
    personality: Leg['personality'];
    state: Leg['state'];
  }[];
}

/**
 * Places a call `from` → `to` (each a sandbox person's email, extension
 * or number, or an outside number). A sandbox caller dials from their
 * desk phone, so the call starts `originator`/`connecting` at once.
 */
export function placeCall(calls: CallSwitch, body: Body): PlacedCall {
  const from = resolveDestination(calls.core, requiredString(body, 'from'));
  const to = resolveDestination(calls.core, requiredString(body, 'to'));
  const name = optionalString(body, 'name');
  const isPrivate = optionalBoolean(body, 'private') ?? false;
  if (from.kind !== 'person' && to.kind !== 'person') {
    throw badRequest('from or to must be a sandbox person with a line.');
  }
  if (
    from.kind === 'person' &&
    to.kind === 'person' &&
    from.person.id === to.person.id
  ) {
    throw badRequest('from and to are the same person.');
  }

  const sessionId = newSessionId();
  if (from.kind === 'person') {
    const leg = calls.openLeg({
      personId: from.person.id,
      sessionId,
      personality: 'originator',
      state: 'connecting',
      remote: externalParty(''),
    });
    leg.endpoint = calls.deskPhone(from.person.id);
    leg.muteCapable = calls.requireLine(from.person).muteCapable;
    holdOtherCalls(calls, leg);
    startOutbound(calls, leg, to, true);
  } else if (to.kind === 'person') {
    const number = from.kind === 'external' ? (from.party.number ?? '') : '';
    const leg = calls.openLeg({
      personId: to.person.id,
      sessionId,
      personality: 'terminator',
      state: 'alerting',
      remote: externalParty(number, name, isPrivate),
    });
    calls.alertIncoming(leg);
  }

  const legs = [...calls.legs.values()]
    .filter((leg) => leg.sessionId === sessionId)
    .map((leg) => ({
      callId: leg.id,
      personId: leg.personId,
      email: calls.person(leg.personId).email,
      personality: leg.personality,
      state: leg.state,
    }));
  return { callSessionId: sessionId, legs };
}

function liveLeg(calls: CallSwitch, callId: string): Leg {
  const leg = calls.legs.get(callId);
  if (leg === undefined) throw notFound(`No live call ${callId}.`);
  return leg;
}

/** The device that rings for `leg`: the one it alerts, else the phone. */
function ringingDevice(calls: CallSwitch, leg: Leg) {
  const line = calls.requireLine(calls.person(leg.personId));
  return (
    line.endpoints.find((e) => e.id === leg.alertingEndpointId) ??
    calls.deskPhone(leg.personId)
  );
}

/**
 * An alerting leg: the person's ringing device answers. A connecting
 * leg: the far end answers (a sandbox callee from their device).
 */
export function sandboxAnswer(calls: CallSwitch, callId: string): void {
  const leg = liveLeg(calls, callId);
  if (leg.state === 'alerting') {
    answerLeg(calls, leg, ringingDevice(calls, leg));
    return;
  }
  if (leg.state !== 'connecting') {
    throw conflict(`Call ${callId} is ${leg.state}: nothing is ringing.`);
  }
  if (leg.peerId === null) {
    remoteAnswered(calls, leg);
    return;
  }
  const peer = calls.peerOf(leg);
  if (peer === undefined || peer.state !== 'alerting') {
    throw conflict(`The far end of call ${callId} no longer alerts.`);
  }
  answerLeg(calls, peer, ringingDevice(calls, peer));
}

/** The far party hangs up (or, with no far party, the device declines). */
export function sandboxHangup(calls: CallSwitch, callId: string): void {
  const leg = liveLeg(calls, callId);
  const peer = calls.peerOf(leg);
  calls.endCall(peer ?? leg);
}

/**
 * The far party holds or resumes when it is a sandbox person; an outside
 * party's hold is not signalled, so the person's own phone does it.
 */
export function sandboxHold(
  calls: CallSwitch,
  callId: string,
  held: boolean,
): void {
  const leg = liveLeg(calls, callId);
  const peer = calls.peerOf(leg);
  const actor = peer ?? leg;
  if (!isAnswered(actor) || actor.heldLocal === held) {
    throw conflict(
      `Call ${actor.id} is ${actor.state}: it cannot be ${held ? 'held' : 'resumed'}.`,
    );
  }
  setHeld(calls, actor, held);
}

export interface LineView {
  personId: string;
  email: string;
  endpoints: Line['endpoints'];
  apiAnswer: boolean;
  muteCapable: boolean;
  executive: string | null;
}

export function lineView(calls: CallSwitch, line: Line): LineView {
  const executive =
    line.executivePersonId === null
      ? null
      : calls.person(line.executivePersonId).email;
  return {
    personId: line.personId,
    email: calls.person(line.personId).email,
    endpoints: line.endpoints,
    apiAnswer: line.apiAnswer,
    muteCapable: line.muteCapable,
    executive,
  };
}

export function lineOfEmail(calls: CallSwitch, email: string): Line {
  const person = calls.core.findPersonByEmail(email);
  if (person === undefined) throw notFound(`No sandbox person ${email}.`);
  return calls.requireLine(person);
}

/**
 * Changes a line's settings: `{calling?, apiAnswer?, muteCapable?,
 * executive?}`. `calling: false` takes the person's Webex Calling service
 * away (their call-control requests are then refused as Webex refuses a
 * person without a licence) and answers 204; `calling: true` gives back a
 * fresh line.
 */
export function configureLine(
  calls: CallSwitch,
  email: string,
  body: Body,
): LineView | undefined {
  const person = calls.core.findPersonByEmail(email);
  if (person === undefined) throw notFound(`No sandbox person ${email}.`);
  const calling = optionalBoolean(body, 'calling');
  if (calling !== undefined) calls.setCalling(person.id, calling);
  if (calling === false) return undefined;

  const line = calls.requireLine(person);
  const apiAnswer = optionalBoolean(body, 'apiAnswer');
  const muteCapable = optionalBoolean(body, 'muteCapable');
  if (apiAnswer !== undefined) line.apiAnswer = apiAnswer;
  if (muteCapable !== undefined) line.muteCapable = muteCapable;
  if (body.executive === null) line.executivePersonId = null;
  const executive = optionalString(body, 'executive');
  if (executive !== undefined) {
    line.executivePersonId = lineOfEmail(calls, executive).personId;
  }
  return lineView(calls, line);
}
