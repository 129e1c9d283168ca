/** Park a connected call against a person, and retrieve it. */
import type { SandboxPerson } from '../contract.ts';
import { type CallIds, chooseEndpoint, clickToDial } from './basic-actions.ts';
import { badRequest, conflict, notFound } from './call-control-error.ts';
import { type CallSwitch, isAnswered } from './call-switch.ts';
import type { Party } from './call-types.ts';
import { partyOfPerson, resolveDestination } from './party.ts';
import { type Body, optionalBoolean, optionalString } from './request-body.ts';

function personAt(calls: CallSwitch, destination: string): SandboxPerson {
  const target = resolveDestination(calls.core, destination);
  if (target.kind !== 'person') {
    throw badRequest(
      `${destination} is not a Webex Calling user of the organization: calls are parked against a user.`,
    );
  }
  return target.person;
}

/**
 * Parks the call against `destination`, a member of the location for a
 * group park, or the user. The parked party is held by the park; the
 * user's leg ends.
 */
export function park(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): { parkedAgainst: Party } {
  const { leg } = calls.requestedLeg(person, body);
  const destination = optionalString(body, 'destination');
  const isGroupPark = optionalBoolean(body, 'isGroupPark') ?? false;
  if (!isAnswered(leg)) {
    throw badRequest(
      `Call ${leg.id} is ${leg.state}: only a connected call can be parked.`,
    );
  }

  const taken = new Set(
    [...calls.parks.values()].map((p) => p.againstPersonId),
  );
  let against: SandboxPerson | undefined;
  if (isGroupPark) {
    against = calls.core
      .listPeople()
      .find(
        (p) =>
          p.type === 'person' &&
          p.locationId === person.locationId &&
          !taken.has(p.id),
      );
    if (against === undefined) {
      throw conflict('Every member of the call park group has a parked call.');
    }
  } else {
    against = destination === undefined ? person : personAt(calls, destination);
    if (taken.has(against.id)) {
      throw conflict(
        `A call is already parked against ${against.displayName}: retrieve it first or park elsewhere.`,
      );
    }
  }

  const parked = calls.peerOf(leg);
  calls.parks.set(leg.id, {
    id: leg.id,
    sessionId: leg.sessionId,
    againstPersonId: against.id,
    parkedByPersonId: person.id,
    parkedLegId: parked?.id ?? null,
    parkedParty: leg.remote,
  });
  leg.peerId = null;
  calls.endLeg(leg);
  if (parked !== undefined) {
    parked.peerId = null;
    parked.heldRemote = true;
    calls.refreshHold(parked);
    calls.emit(parked, 'updated', 'remoteHeld');
  }
  // TODO: park recall (the call returning to the parker after a while)
  // is not simulated; a parked call waits until retrieved or hung up.
  return { parkedAgainst: partyOfPerson(against, person) };
}

/**
 * Retrieves the call parked against `destination` (or the user): like
 * a dial, the user's devices alert first and the parked call connects
 * when one answers.
 */
export function retrieve(
  calls: CallSwitch,
  person: SandboxPerson,
  body: Body,
): CallIds {
  const line = calls.requireLine(person);
  const destination = optionalString(body, 'destination');
  const endpoint = chooseEndpoint(line, body);
  const against =
    destination === undefined ? person : personAt(calls, destination);
  const parked = [...calls.parks.values()].find(
    (p) => p.againstPersonId === against.id,
  );
  if (parked === undefined) {
    throw notFound(`No call is parked against ${against.displayName}.`);
  }

  const leg = clickToDial(
    calls,
    person,
    { kind: 'retrieve', parkId: parked.id },
    parked.parkedParty,
    endpoint,
    parked.sessionId,
  );
  return { callId: leg.id, callSessionId: leg.sessionId };
}
