/**
 * The call simulator's model: a line per sandbox person and one call leg
 * per person taking part in a call, as Webex Calling reports them.
 */
import type { SandboxPerson } from '../contract.ts';

export type Personality = 'originator' | 'terminator' | 'clickToDial';

export type CallState =
  | 'connecting'
  | 'alerting'
  | 'connected'
  | 'held'
  | 'remoteHeld'
  | 'disconnected';

export type CallType =
  | 'location'
  | 'organization'
  | 'external'
  | 'emergency'
  | 'repair'
  | 'other';

export type RecordingState =
  | 'pending'
  | 'started'
  | 'paused'
  | 'stopped'
  | 'failed';

export type RedirectReason = 'divert' | 'unknown';

/** Webex `PartyInformation`. */
export interface Party {
  name?: string;
  number?: string;
  personId?: string;
  placeId?: string;
  privacyEnabled: boolean;
  callType: CallType;
}

export interface Redirection {
  reason: RedirectReason;
  redirectingParty: Party;
}

/** A device or application of a line (Webex "answer endpoint"). */
export interface Endpoint {
  id: string;
  type: 'APPLICATION' | 'DEVICE';
  name: string;
}

/** A sandbox person's Webex Calling line. */
export interface Line {
  personId: string;
  /** The Webex App first (the primary endpoint), then the desk phone. */
  endpoints: Endpoint[];
  /** False: the devices refuse `POST /telephony/calls/answer`. */
  apiAnswer: boolean;
  /** Whether answered calls report `muteCapable: true`. */
  muteCapable: boolean;
  /** The executive this person assists (for `push`), if any. */
  executivePersonId: string | null;
}

/** Where a call goes: a sandbox person, an outside number, voicemail. */
export type Target =
  | { kind: 'person'; person: SandboxPerson }
  | { kind: 'external'; party: Party }
  | { kind: 'voicemail'; owner: SandboxPerson };

/**
 * What a leg that alerts the person's own devices (the `clickToDial`
 * personality) does once one of them answers.
 */
export type Intent =
  | { kind: 'dial'; target: Target }
  | { kind: 'retrieve'; parkId: string }
  | { kind: 'pickup'; legId: string }
  | { kind: 'bargeIn'; legId: string }
  | { kind: 'pull'; legId: string };

/** One person's side of a call. */
export interface Leg {
  id: string;
  sessionId: string;
  personId: string;
  personality: Personality;
  state: CallState;
  remote: Party;
  /** The other sandbox person's leg; null when the far end is outside. */
  peerId: string | null;
  appearance: number;
  created: number;
  answered: number | null;
  disconnected: number | null;
  redirections: Redirection[];
  recordingState: RecordingState | null;
  muteCapable: boolean;
  muted: boolean;
  /** The device or application the call is on, once known. */
  endpoint: Endpoint | null;
  /** Only this endpoint alerts (dial with `endpointId`). */
  alertingEndpointId: string | null;
  heldLocal: boolean;
  heldRemote: boolean;
  intent: Intent | null;
  /** Mute transfer: the person's call handed over when this one answers. */
  transferOf: string | null;
  /** Barge-in: the leg this one listens in on. */
  bargedInto: string | null;
  completedElsewhere: boolean;
  dtmf: string[];
}

/** A call parked against a person, waiting for `retrieve`. */
export interface Park {
  id: string;
  sessionId: string;
  againstPersonId: string;
  parkedByPersonId: string;
  /** The parked party's own leg, when it is a sandbox person. */
  parkedLegId: string | null;
  /** The parked party as the retriever will see it. */
  parkedParty: Party;
}

export type HistoryType = 'placed' | 'missed' | 'received';

export interface HistoryRecord {
  type: HistoryType;
  name?: string;
  number?: string;
  privacyEnabled: boolean;
  time: string;
}
