/**
 * Hold and resume on a line. A Webex Calling line has one active call at
 * a time: answering, placing or resuming a call holds the one that was
 * active, as a desk phone or the Webex App does.
 */
import type { CallSwitch } from './call-switch.ts';
import type { Leg } from './call-types.ts';
import { isAnswered } from './leg-state.ts';

/**
 * Holds or resumes the leg; its sandbox peer sees the remote hold.
 * Resuming first holds the person's other active calls.
 */
export function setHeld(calls: CallSwitch, leg: Leg, held: boolean): void {
  if (!held) holdOtherCalls(calls, leg);
  leg.heldLocal = held;
  calls.refreshHold(leg);
  calls.emit(leg, 'updated', held ? 'held' : 'resumed');

  const peer = calls.peerOf(leg);
  if (peer === undefined || !isAnswered(peer)) return;
  peer.heldRemote = held;
  calls.refreshHold(peer);
  calls.emit(peer, 'updated', held ? 'remoteHeld' : 'remoteResumed');
}

/**
 * Holds every answered, not yet held call of the leg's person other than
 * `leg`: called just before `leg` becomes the active call, so that the
 * `held`/`remoteHeld` events come before the new call's `answered`.
 */
export function holdOtherCalls(calls: CallSwitch, leg: Leg): void {
  for (const other of calls.legsOf(leg.personId)) {
    if (other.id !== leg.id && isAnswered(other) && !other.heldLocal) {
      setHeld(calls, other, true);
    }
  }
}
