/**
 * The simulated Webex Calling switch: every live call leg, the people's
 * lines, parked calls and history, and the moves every call-control
 * action is built from (ring, answer, connect, redirect, join, end).
 * Each change of a leg is emitted to its person's `telephony_calls`
 * webhooks.
 */
import type { EmulatorCore, SandboxPerson } from '../contract.ts';
import { forbidden, notFound } from './call-control-error.ts';
import { CallHistory } from './call-history.ts';
import { createCallIdSource, endpointId } from './call-ids.ts';
import type {
  Endpoint,
  Intent,
  Leg,
  Line,
  Park,
  Redirection,
  Target,
} from './call-types.ts';
import { toEventData } from './call-view.ts';
import { partyOfPerson, partyOfTarget } from './party.ts';

/** Runs what an answered `clickToDial` leg was for, other than a dial. */
export type IntentRunner = (
  calls: CallSwitch,
  leg: Leg,
  intent: Exclude<Intent, { kind: 'dial' }>,
) => void;

export interface LegInit {
  personId: string;
  sessionId: string;
  personality: Leg['personality'];
  state: Leg['state'];
  remote: Leg['remote'];
  peerId?: string | null;
  intent?: Intent | null;
  redirections?: Redirection[];
  alertingEndpointId?: string | null;
}

export interface EndHow {
  completedElsewhere?: boolean;
  missed?: boolean;
}

const ANSWERED_STATES = new Set(['connected', 'held', 'remoteHeld']);

export function isAnswered(leg: Leg): boolean {
  return ANSWERED_STATES.has(leg.state);
}

export class CallSwitch {
  readonly core: EmulatorCore;
  readonly ringTimeoutMs: number;
  readonly history = new CallHistory();
  readonly legs = new Map<string, Leg>();
  readonly parks = new Map<string, Park>();
  readonly #lines = new Map<string, Line>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #nextCallId = createCallIdSource();
  readonly #runIntent: IntentRunner;

  constructor(
    core: EmulatorCore,
    ringTimeoutMs: number,
    runIntent: IntentRunner,
  ) {
    this.core = core;
    this.ringTimeoutMs = ringTimeoutMs;
    this.#runIntent = runIntent;
  }

  // --- people and lines ---

  person(personId: string): SandboxPerson {
    const person = this.core.findPersonById(personId);
    if (person === undefined) throw new Error(`no person ${personId}`);
    return person;
  }

  /** The person's line; bots have none. */
  lineOf(person: SandboxPerson): Line | undefined {
    if (person.type !== 'person') return undefined;
    let line = this.#lines.get(person.id);
    if (line === undefined) {
      line = {
        personId: person.id,
        endpoints: [
          {
            id: endpointId(person.id, 'APPLICATION'),
            type: 'APPLICATION',
            name: 'Webex App',
          },
          {
            id: endpointId(person.id, 'DEVICE'),
            type: 'DEVICE',
            name: 'Desk Phone',
          },
        ],
        apiAnswer: true,
        muteCapable: true,
        executivePersonId: null,
      };
      this.#lines.set(person.id, line);
    }
    return line;
  }

  requireLine(person: SandboxPerson): Line {
    const line = this.lineOf(person);
    if (line === undefined) {
      throw forbidden(
        `${person.email} is not a Webex Calling user: call control needs a person with a Webex Calling licence and line.`,
      );
    }
    return line;
  }

  lines(): Line[] {
    return [...this.#lines.values()];
  }

  /** The endpoint the person's desk phone (a physical device) is. */
  deskPhone(personId: string): Endpoint {
    const line = this.requireLine(this.person(personId));
    const phone = line.endpoints.find((e) => e.type === 'DEVICE');
    if (phone === undefined) throw new Error('a line without a desk phone');
    return phone;
  }

  // --- legs ---

  openLeg(init: LegInit): Leg {
    const taken = new Set(this.legsOf(init.personId).map((l) => l.appearance));
    let appearance = 1;
    while (taken.has(appearance)) appearance += 1;
    const leg: Leg = {
      id: this.#nextCallId(),
      sessionId: init.sessionId,
      personId: init.personId,
      personality: init.personality,
      state: init.state,
      remote: init.remote,
      peerId: init.peerId ?? null,
      appearance,
      created: this.core.now(),
      answered: null,
      disconnected: null,
      redirections: init.redirections ?? [],
      recordingState: null,
      muteCapable: false,
      muted: false,
      endpoint: null,
      alertingEndpointId: init.alertingEndpointId ?? null,
      heldLocal: false,
      heldRemote: false,
      intent: init.intent ?? null,
      transferOf: null,
      bargedInto: null,
      completedElsewhere: false,
      dtmf: [],
    };
    this.legs.set(leg.id, leg);
    return leg;
  }

  legsOf(personId: string): Leg[] {
    return [...this.legs.values()]
      .filter((leg) => leg.personId === personId)
      .sort((a, b) => a.appearance - b.appearance);
  }

  /**
   * The person's own live leg. Another person's call id is refused
   * exactly like an unknown one: Webex scopes call ids to their owner.
   */
  ownLeg(person: SandboxPerson, callId: string): Leg {
    const leg = this.legs.get(callId);
    if (leg === undefined || leg.personId !== person.id) {
      throw notFound(
        `Call ${callId} was not found for this user: it has ended or belongs to someone else. List the active calls with GET /v1/telephony/calls.`,
      );
    }
    return leg;
  }

  peerOf(leg: Leg): Leg | undefined {
    return leg.peerId === null ? undefined : this.legs.get(leg.peerId);
  }

  emit(leg: Leg, event: 'created' | 'updated' | 'deleted', type: string) {
    this.core.emitTelephonyEvent({
      personId: leg.personId,
      event,
      data: toEventData(leg, type, this.core.now()),
    });
  }

  /** A new leg alerting the person for an incoming call. */
  alertIncoming(leg: Leg): void {
    this.emit(leg, 'created', 'received');
    // Real captures follow `received` with an update naming the endpoint
    // that alerts (the Webex App, the primary endpoint).
    const line = this.requireLine(this.person(leg.personId));
    const primary = line.endpoints[0];
    if (primary !== undefined) {
      leg.endpoint = primary;
      this.emit(leg, 'updated', 'updated');
    }
    this.ring(leg);
  }

  // --- ringing ---

  ring(leg: Leg): void {
    this.stopRinging(leg);
    const timer = setTimeout(() => {
      this.#timers.delete(leg.id);
      if (this.legs.has(leg.id)) this.endCall(leg);
    }, this.ringTimeoutMs);
    timer.unref();
    this.#timers.set(leg.id, timer);
  }

  stopRinging(leg: Leg): void {
    const timer = this.#timers.get(leg.id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(leg.id);
  }

  // --- answering and connecting ---

  /** One of the person's endpoints answers an alerting leg. */
  answerLeg(leg: Leg, endpoint: Endpoint): void {
    this.stopRinging(leg);
    leg.endpoint = endpoint;
    const intent = leg.intent;
    if (leg.personality === 'clickToDial' && intent !== null) {
      leg.intent = null;
      leg.personality = 'originator';
      leg.muteCapable = this.requireLine(this.person(leg.personId)).muteCapable;
      if (intent.kind === 'dial') this.startOutbound(leg, intent.target);
      else this.#runIntent(this, leg, intent);
      return;
    }

    const now = this.core.now();
    leg.state = 'connected';
    leg.answered = now;
    leg.muteCapable = this.requireLine(this.person(leg.personId)).muteCapable;
    this.emit(leg, 'updated', 'answered');
    this.history.add(leg.personId, 'received', leg.remote, now);

    const peer = this.peerOf(leg);
    if (peer !== undefined && peer.state === 'connecting') {
      this.remoteAnswered(peer);
    }
  }

  /** The far end of an originating leg answers. */
  remoteAnswered(leg: Leg): void {
    this.stopRinging(leg);
    leg.state = 'connected';
    leg.answered = this.core.now();
    this.refreshHold(leg);
    this.emit(leg, 'updated', 'answered');
    if (leg.transferOf !== null) this.completeMuteTransfer(leg);
  }

  /**
   * An originating leg (`created` if new, else updated) places its call:
   * to a sandbox person, whose leg starts alerting, or to an outside
   * number, which rings until answered from the sandbox or timed out.
   */
  startOutbound(leg: Leg, target: Target, isNew = false): void {
    const me = this.person(leg.personId);
    const now = this.core.now();
    leg.personality = 'originator';
    leg.state = 'connecting';
    leg.remote = partyOfTarget(target, me);
    this.history.add(me.id, 'placed', leg.remote, now);
    this.emit(leg, isNew ? 'created' : 'updated', 'originated');

    if (target.kind === 'person') {
      const callee = this.openLeg({
        personId: target.person.id,
        sessionId: leg.sessionId,
        personality: 'terminator',
        state: 'alerting',
        remote: partyOfPerson(me, target.person),
        peerId: leg.id,
      });
      leg.peerId = callee.id;
      this.alertIncoming(callee);
    } else if (target.kind === 'voicemail') {
      this.remoteAnswered(leg);
    } else {
      this.ring(leg);
    }
  }

  refreshHold(leg: Leg): void {
    if (!isAnswered(leg)) return;
    if (leg.heldLocal) leg.state = 'held';
    else leg.state = leg.heldRemote ? 'remoteHeld' : 'connected';
  }

  // --- redirecting and joining ---

  /**
   * Takes `leg` out of its call and sends the far end to `target`
   * (divert, push). A sandbox caller's leg follows the call; an outside
   * caller is only seen again if the target is a sandbox person.
   */
  redirect(leg: Leg, target: Target, redirection: Redirection): void {
    const peer = this.peerOf(leg);
    const callerParty = leg.remote;
    leg.peerId = null;
    this.endLeg(leg, { missed: false });

    if (target.kind === 'person') {
      const callee = this.openLeg({
        personId: target.person.id,
        sessionId: leg.sessionId,
        personality: 'terminator',
        state: 'alerting',
        remote:
          peer === undefined
            ? callerParty
            : partyOfPerson(this.person(peer.personId), target.person),
        peerId: peer?.id ?? null,
        redirections: [redirection, ...leg.redirections],
      });
      if (peer !== undefined) {
        peer.peerId = callee.id;
        this.#follow(peer, target, 'connecting');
      }
      this.alertIncoming(callee);
      return;
    }

    if (peer === undefined) return;
    this.#follow(
      peer,
      target,
      target.kind === 'voicemail' ? 'connected' : 'connecting',
    );
    if (target.kind === 'external') this.ring(peer);
  }

  #follow(leg: Leg, target: Target, state: Leg['state']): void {
    leg.remote = partyOfTarget(target, this.person(leg.personId));
    leg.heldRemote = false;
    leg.state = state;
    if (state === 'connected') {
      leg.answered ??= this.core.now();
      this.refreshHold(leg);
    }
    this.emit(leg, 'updated', 'forwarded');
  }

  /**
   * Transfer: the far ends of two of one person's calls are connected to
   * each other and the person's two legs end.
   */
  joinFarEnds(a: Leg, b: Leg): void {
    const farA = this.peerOf(a);
    const farB = this.peerOf(b);
    this.#rejoin(farA, farB, b.remote);
    this.#rejoin(farB, farA, a.remote);
    a.peerId = null;
    b.peerId = null;
    this.endLeg(a);
    this.endLeg(b);
  }

  #rejoin(
    leg: Leg | undefined,
    other: Leg | undefined,
    outside: Leg['remote'],
  ) {
    if (leg === undefined) return;
    const me = this.person(leg.personId);
    leg.peerId = other?.id ?? null;
    leg.remote =
      other === undefined
        ? outside
        : partyOfPerson(this.person(other.personId), me);
    leg.heldRemote = other?.heldLocal ?? false;
    this.refreshHold(leg);
    this.emit(leg, 'updated', 'transferred');
  }

  completeMuteTransfer(consult: Leg): void {
    const original =
      consult.transferOf === null
        ? undefined
        : this.legs.get(consult.transferOf);
    consult.transferOf = null;
    if (original !== undefined && isAnswered(original)) {
      this.joinFarEnds(original, consult);
    }
  }

  // --- ending ---

  /**
   * Ends one leg: `deleted` with eventType `disconnected`. An incoming
   * call that ends unanswered is missed unless it was taken elsewhere or
   * sent on (`missed: false`).
   */
  endLeg(leg: Leg, how: EndHow = {}): void {
    if (!this.legs.has(leg.id)) return;
    const now = this.core.now();
    const completedElsewhere = how.completedElsewhere ?? false;
    const unanswered =
      leg.personality === 'terminator' && leg.state === 'alerting';
    this.stopRinging(leg);
    if (how.missed ?? (unanswered && !completedElsewhere)) {
      this.history.add(leg.personId, 'missed', leg.remote, now);
    }
    this.legs.delete(leg.id);
    leg.state = 'disconnected';
    leg.disconnected = now;
    leg.completedElsewhere = completedElsewhere;
    this.emit(leg, 'deleted', 'disconnected');

    for (const other of [...this.legs.values()]) {
      if (other.bargedInto === leg.id) this.endLeg(other);
    }
    for (const park of this.parks.values()) {
      if (park.parkedLegId === leg.id) this.parks.delete(park.id);
    }
  }

  /** Ends the leg and its sandbox peer: a hangup, a rejection, a miss. */
  endCall(leg: Leg): void {
    const peer = this.peerOf(leg);
    this.endLeg(leg);
    if (peer !== undefined) this.endLeg(peer);
  }

  // --- lifecycle ---

  clear(): void {
    this.stop();
    this.#lines.clear();
    this.legs.clear();
    this.parks.clear();
    this.history.clear();
  }

  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
