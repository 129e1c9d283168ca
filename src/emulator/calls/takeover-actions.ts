/**
 * Pickup, barge-in and pull: each first alerts the person's own devices
 * like a dial (a `clickToDial` leg), then takes over a call once one of
 * them answers. Retrieve's answer is also run from here.
 */

import type { SandboxPerson } from '../contract.ts';
import { type CallIds, chooseEndpoint, clickToDial } from './basic-actions.ts';
import { remoteAnswered } from './call-connecting.ts';
import { badRequest, notFound } from './call-control-error.ts';
import { holdOtherCalls } from './call-holding.ts';
import {
  type CallSwitch,
  type IntentRunner,
  isAnswered,
} from './call-switch.ts';
import type { Leg } from './call-types.ts';
import { partyOfPerson, resolveDestination } from './party.ts';
import { type Body, optionalString, requiredString } from './request-body.ts';

/** How `viewer` sees the far end of `leg`. */
function farParty(calls: CallSwitch, leg: Leg, viewer: SandboxPerson) {
  const peer = calls.peerOf(leg);
  return peer === undefined
    ? leg.remote
    : partyOfPerson(calls.person(peer.personId), viewer);
}

function targetPerson(calls: CallSwitch, target: string): SandboxPerson {
  const resolved = resolveDestination(calls.core, target);
  if (resolved.kind !== 'person') {
    throw notFound(
      `Target ${target} is not a Webex Calling user of the organization.`,
    );
  }
  return resolved.person;
}

function connectTo(calls: CallSwitch, leg: Leg, peer: Leg | undefined) {
  const me = calls.person(leg.personId);
  leg.state = 'connected';
  leg.answered = calls.core.now();
  leg.peerId = peer?.id ?? null;
  holdOtherCalls(calls, leg);
  calls.emit(leg, 'updated', 'answered');
  if (peer === undefined) return;
  peer.peerId = leg.id;
  peer.remote = partyOfPerson(me, calls.person(peer.personId));
  peer.heldRemote = false;
  calls.refreshHold(peer);
}

export const runIntent: IntentRunner = (calls, leg, intent) => {
  const me = calls.person(leg.personId);
  if (intent.kind === 'retrieve') {
    const park = calls.parks.get(intent.parkId);
    if (park === undefined) return calls.endLeg(leg);
    calls.parks.delete(park.id);
    leg.remote = park.parkedParty;
    const parked =
      park.parkedLegId === null ? undefined : calls.legs.get(park.parkedLegId);
    connectTo(calls, leg, parked);
    if (parked !== undefined) calls.emit(parked, 'updated', 'retrieved');
    return;
  }

  const target = calls.legs.get(intent.legId);
  if (intent.kind === 'pickup') {
    if (target === undefined || target.state !== 'alerting') {
      return calls.endLeg(leg);
    }
    const caller = calls.peerOf(target);
    leg.remote = farParty(calls, target, me);
    target.peerId = null;
    calls.endLeg(target, { completedElsewhere: true });
    connectTo(calls, leg, caller);
    calls.history.add(me.id, 'received', leg.remote, calls.core.now());
    if (caller !== undefined) remoteAnswered(calls, caller);
    return;
  }

  if (target === undefined || !isAnswered(target)) return calls.endLeg(leg);
  if (intent.kind === 'bargeIn') {
    leg.bargedInto = target.id;
    connectTo(calls, leg, undefined);
    return;
  }

  // Pull: the answering device takes the call over and the temporary
  // call made for the pull is released.
  target.endpoint = leg.endpoint;
  calls.endLeg(leg, { missed: false });
  holdOtherCalls(calls, target);
  calls.emit(target, 'updated', 'updated');
};

export function pickup(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): CallIds {
  const line = calls.requireLine(person);
  const target = optionalString(body, 'target');
  const endpoint = chooseEndpoint(line, body);
  const owners =
    target === undefined
      ? calls.core
          .listPeople()
          .filter(
            (p) => p.id !== person.id && p.locationId === person.locationId,
          )
      : [targetPerson(calls, target)];
  const ringing = owners
    .flatMap((owner) => calls.legsOf(owner.id))
    .find(
      (leg) => leg.personality === 'terminator' && leg.state === 'alerting',
    );
  if (ringing === undefined) {
    throw notFound(
      target === undefined
        ? 'No incoming call is alerting in the call pickup group.'
        : `No incoming call is alerting for ${target}.`,
    );
  }

  const leg = clickToDial(
    calls,
    person,
    { kind: 'pickup', legId: ringing.id },
    farParty(calls, ringing, person),
    endpoint,
    ringing.sessionId,
  );
  return { callId: leg.id, callSessionId: leg.sessionId };
}

export function bargeIn(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): CallIds {
  const line = calls.requireLine(person);
  const target = requiredString(body, 'target');
  const endpoint = chooseEndpoint(line, body);
  const owner = targetPerson(calls, target);
  if (owner.id === person.id) {
    throw badRequest(
      'The target is the calling user: barge in on someone else.',
    );
  }
  const call = calls.legsOf(owner.id).find(isAnswered);
  if (call === undefined) {
    throw notFound(`${target} has no answered call to barge in on.`);
  }

  const leg = clickToDial(
    calls,
    person,
    { kind: 'bargeIn', legId: call.id },
    partyOfPerson(owner, person),
    endpoint,
    call.sessionId,
  );
  return { callId: leg.id, callSessionId: leg.sessionId };
}

export function pull(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): CallIds {
  const line = calls.requireLine(person);
  const endpoint = chooseEndpoint(line, body);
  // The active call is pulled; a held one only when no call is active.
  const answered = calls.legsOf(person.id).filter(isAnswered);
  const call = answered.find((l) => !l.heldLocal) ?? answered[0];
  if (call === undefined) {
    throw notFound('The user has no answered call to pull to another device.');
  }

  const leg = clickToDial(
    calls,
    person,
    { kind: 'pull', legId: call.id },
    call.remote,
    endpoint,
    call.sessionId,
  );
  return { callId: leg.id, callSessionId: leg.sessionId };
}
