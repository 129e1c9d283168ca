/**
 * Moves that re-route a call on the switch: sending a leg's far end
 * elsewhere (divert, push) and joining the far ends of two calls
 * (transfer, mute transfer).
 */
import type { CallSwitch } from './call-switch.ts';
import type { Leg, Redirection, Target } from './call-types.ts';
import { isAnswered } from './leg-state.ts';
import { partyOfPerson, partyOfTarget } from './party.ts';

/**
 * Takes `leg` out of its call and sends the far end to `target`
 * (divert, push). A sandbox caller's leg follows the call; an outside
 * caller is only seen again if the target is a sandbox person. A leg
 * sent on unanswered is missed by its person.
 */
export function redirectLeg(
  calls: CallSwitch,
  leg: Leg,
  target: Target,
  redirection: Redirection,
): void {
  const peer = calls.peerOf(leg);
  const callerParty = leg.remote;
  leg.peerId = null;
  // An incoming call sent on while it still rang rang the person and was
  // not answered by them: Webex lists it as missed (an answered one is
  // already in the history as received).
  calls.endLeg(leg);

  if (target.kind === 'person') {
    const callee = calls.openLeg({
      personId: target.person.id,
      sessionId: leg.sessionId,
      personality: 'terminator',
      state: 'alerting',
      remote:
        peer === undefined
          ? callerParty
          : partyOfPerson(calls.person(peer.personId), target.person),
      peerId: peer?.id ?? null,
      redirections: [redirection, ...leg.redirections],
    });
    if (peer !== undefined) {
      peer.peerId = callee.id;
      follow(calls, peer, target, 'connecting');
    }
    calls.alertIncoming(callee);
    return;
  }

  if (peer === undefined) return;
  follow(
    calls,
    peer,
    target,
    target.kind === 'voicemail' ? 'connected' : 'connecting',
  );
  if (target.kind === 'external') calls.ring(peer);
}

/** The caller's own leg now faces the new target. */
function follow(
  calls: CallSwitch,
  leg: Leg,
  target: Target,
  state: Leg['state'],
): void {
  leg.remote = partyOfTarget(target, calls.person(leg.personId));
  leg.heldRemote = false;
  leg.state = state;
  if (state === 'connected') {
    leg.answered ??= calls.core.now();
    calls.refreshHold(leg);
  }
  calls.emit(leg, 'updated', 'forwarded');
}

/**
 * Transfer: the far ends of two of one person's calls are connected to
 * each other and the person's two legs end.
 */
export function joinFarEnds(calls: CallSwitch, a: Leg, b: Leg): void {
  const farA = calls.peerOf(a);
  const farB = calls.peerOf(b);
  rejoin(calls, farA, farB, b.remote);
  rejoin(calls, farB, farA, a.remote);
  a.peerId = null;
  b.peerId = null;
  calls.endLeg(a);
  calls.endLeg(b);
}

function rejoin(
  calls: CallSwitch,
  leg: Leg | undefined,
  other: Leg | undefined,
  outside: Leg['remote'],
): void {
  if (leg === undefined) return;
  const me = calls.person(leg.personId);
  leg.peerId = other?.id ?? null;
  leg.remote =
    other === undefined
      ? outside
      : partyOfPerson(calls.person(other.personId), me);
  leg.heldRemote = other?.heldLocal ?? false;
  calls.refreshHold(leg);
  calls.emit(leg, 'updated', 'transferred');
}

/** A mute transfer's consult call was answered: hand the call over. */
export function completeMuteTransfer(calls: CallSwitch, consult: Leg): void {
  const original =
    consult.transferOf === null
      ? undefined
      : calls.legs.get(consult.transferOf);
  consult.transferOf = null;
  if (original !== undefined && isAnswered(original)) {
    joinFarEnds(calls, original, consult);
  }
}
