/**
 * Moves that connect a call on the switch: a person's device answers, the
 * far end answers, an originating leg places its call.
 */

import { holdOtherCalls } from './call-holding.ts';
import { completeMuteTransfer } from './call-rerouting.ts';
import type { CallSwitch } from './call-switch.ts';
import type { Endpoint, Leg, Target } from './call-types.ts';
import { partyOfPerson, partyOfTarget } from './party.ts';

/**
 * One of the person's endpoints answers an alerting leg. The person's
 * active call is held first (for a click-to-dial, when it places a new
 * call; its other purposes hold when they connect).
 */
export function answerLeg(
  calls: CallSwitch,
  leg: Leg,
  endpoint: Endpoint,
): void {
  calls.stopRinging(leg);
  leg.endpoint = endpoint;
  const muteCapable = calls.requireLine(calls.person(leg.personId)).muteCapable;
  const intent = leg.intent;
  if (leg.personality === 'clickToDial' && intent !== null) {
    leg.intent = null;
    leg.personality = 'originator';
    leg.muteCapable = muteCapable;
    if (intent.kind === 'dial') {
      holdOtherCalls(calls, leg);
      startOutbound(calls, leg, intent.target);
    } else {
      calls.runIntent(calls, leg, intent);
    }
    return;
  }

  const now = calls.core.now();
  leg.state = 'connected';
  leg.answered = now;
  leg.muteCapable = muteCapable;
  holdOtherCalls(calls, leg);
  calls.emit(leg, 'updated', 'answered');
  calls.history.add(leg.personId, 'received', leg.remote, now);

  const peer = calls.peerOf(leg);
  if (peer !== undefined && peer.state === 'connecting') {
    remoteAnswered(calls, peer);
  }
}

/** The far end of an originating leg answers. */
export function remoteAnswered(calls: CallSwitch, leg: Leg): void {
  calls.stopRinging(leg);
  leg.state = 'connected';
  leg.answered = calls.core.now();
  calls.refreshHold(leg);
  calls.emit(leg, 'updated', 'answered');
  if (leg.transferOf !== null) completeMuteTransfer(calls, leg);
}

/**
 * An originating leg (`created` if new, else updated) places its call:
 * to a sandbox person, whose leg starts alerting, or to an outside
 * number, which rings until answered from the sandbox or timed out.
 */
export function startOutbound(
  calls: CallSwitch,
  leg: Leg,
  target: Target,
  isNew = false,
): void {
  const me = calls.person(leg.personId);
  const now = calls.core.now();
  leg.personality = 'originator';
  leg.state = 'connecting';
  leg.remote = partyOfTarget(target, me);
  calls.history.add(me.id, 'placed', leg.remote, now);
  calls.emit(leg, isNew ? 'created' : 'updated', 'originated');

  if (target.kind === 'person') {
    const callee = calls.openLeg({
      personId: target.person.id,
      sessionId: leg.sessionId,
      personality: 'terminator',
      state: 'alerting',
      remote: partyOfPerson(me, target.person),
      peerId: leg.id,
    });
    leg.peerId = callee.id;
    calls.alertIncoming(callee);
  } else if (target.kind === 'voicemail') {
    remoteAnswered(calls, leg);
  } else {
    calls.ring(leg);
  }
}
