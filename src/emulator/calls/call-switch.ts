/**
 * The simulated Webex Calling switch: every live call leg, the people's
 * lines, parked calls and history, and the moves every call-control
 * action is built from (open, ring, end; answering and connecting live
 * in call-connecting.ts, redirecting and joining in call-rerouting.ts).
 * Each change of a leg is emitted to its person's `telephony_calls`
 * webhooks.
 */
import type { EmulatorCore, SandboxPerson } from '../contract.ts';
import { forbidden, notFound } from './call-control-error.ts';
import { CallHistory } from './call-history.ts';
import { createCallIdSource } from './call-ids.ts';
import { defaultLine } from './call-lines.ts';
import type {
  Endpoint,
  Intent,
  Leg,
  Line,
  Park,
  Redirection,
} from './call-types.ts';
import { toEventData } from './call-view.ts';
import { isAnswered } from './leg-state.ts';
import { type Body, requiredString } from './request-body.ts';

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

export { isAnswered } from './leg-state.ts';

export class CallSwitch {
  readonly core: EmulatorCore;
  readonly ringTimeoutMs: number;
  readonly history = new CallHistory();
  readonly legs = new Map<string, Leg>();
  readonly parks = new Map<string, Park>();
  readonly #lines = new Map<string, Line>();
  /** People whose Webex Calling service the sandbox took away. */
  readonly #withoutCalling = new Set<string>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #nextCallId = createCallIdSource();
  /** Runs what an answered `clickToDial` leg was for. */
  readonly runIntent: IntentRunner;

  constructor(
    core: EmulatorCore,
    ringTimeoutMs: number,
    runIntent: IntentRunner,
  ) {
    this.core = core;
    this.ringTimeoutMs = ringTimeoutMs;
    this.runIntent = runIntent;
  }

  // --- people and lines ---

  person(personId: string): SandboxPerson {
    const person = this.core.findPersonById(personId);
    if (person === undefined) throw new Error(`no person ${personId}`);
    return person;
  }

  /** The person's line; bots and people without Webex Calling have none. */
  lineOf(person: SandboxPerson): Line | undefined {
    if (person.type !== 'person' || this.#withoutCalling.has(person.id)) {
      return undefined;
    }
    let line = this.#lines.get(person.id);
    if (line === undefined) {
      line = defaultLine(person.id);
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

  /** Gives or takes away a person's Webex Calling service (and line). */
  setCalling(personId: string, enabled: boolean): void {
    if (enabled) {
      this.#withoutCalling.delete(personId);
    } else {
      this.#withoutCalling.add(personId);
      this.#lines.delete(personId);
    }
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

  /**
   * What most call operations start with: the caller must have a line,
   * and `body.callId` must name one of their own live calls.
   */
  requestedLeg(person: SandboxPerson, body: Body): { line: Line; leg: Leg } {
    const line = this.requireLine(person);
    const leg = this.ownLeg(person, requiredString(body, 'callId'));
    return { line, leg };
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

  refreshHold(leg: Leg): void {
    if (!isAnswered(leg)) return;
    if (leg.heldLocal) leg.state = 'held';
    else leg.state = leg.heldRemote ? 'remoteHeld' : 'connected';
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
    this.#withoutCalling.clear();
    this.legs.clear();
    this.parks.clear();
    this.history.clear();
  }

  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
