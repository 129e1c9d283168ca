/**
 * Webex Calling call-control types (`/telephony/calls…`), following the
 * official OpenAPI schemas. Every POST body may carry `lineOwnerId`: the
 * user, workspace or virtual line whose secondary line the caller acts on.
 */

export type CallPersonality = 'originator' | 'terminator' | 'clickToDial';

export type CallState =
  | 'connecting'
  | 'alerting'
  | 'connected'
  | 'held'
  | 'remoteHeld'
  | 'disconnected';

export type RecordingState =
  | 'pending'
  | 'started'
  | 'paused'
  | 'stopped'
  | 'failed';

export type CallType =
  | 'location'
  | 'organization'
  | 'external'
  | 'emergency'
  | 'repair'
  | 'other';

export type RedirectionReason =
  | 'busy'
  | 'noAnswer'
  | 'unavailable'
  | 'unconditional'
  | 'timeOfDay'
  | 'divert'
  | 'followMe'
  | 'huntGroup'
  | 'callQueue'
  | 'unknown';

export interface PartyInformation {
  /** Only when available and not private. */
  name?: string;
  /** Digits or a URI. */
  number?: string;
  personId?: string;
  placeId?: string;
  privacyEnabled: boolean;
  callType: CallType;
}

export interface Redirection {
  reason: RedirectionReason;
  redirectingParty: PartyInformation;
}

export interface RecallInformation {
  type: 'park';
  party?: PartyInformation;
}

/** Fields shared by a REST `Call` and a `telephony_calls` event. */
export interface CallFields {
  callSessionId: string;
  personality: CallPersonality;
  state: CallState;
  remoteParty: PartyInformation;
  appearance?: number;
  created: string;
  answered?: string;
  /** Most recent first; only while redirected and alerting. */
  redirections?: Redirection[];
  recall?: RecallInformation;
  recordingState?: RecordingState;
  muteCapable: boolean;
  muted: boolean;
  /** Seen in events and in wxc_sdk, not in the OpenAPI `Call` schema. */
  disconnected?: string;
  endpointId?: string;
  endpointType?: string;
  completedElsewhere?: boolean;
}

/** `GET /telephony/calls/{callId}` and the items of `GET /telephony/calls`. */
export interface Call extends CallFields {
  id: string;
}

/**
 * The `data` of a `telephony_calls` delivery: call fields with `callId`
 * (not `id`), plus what happened and when.
 */
export interface TelephonyEventData extends CallFields {
  callId: string;
  /** e.g. received, originated, updated, answered, disconnected. */
  eventType: string;
  eventTimestamp: string;
}

export interface CallHistoryRecord {
  type: 'placed' | 'missed' | 'received';
  name?: string;
  number?: string;
  privacyEnabled: boolean;
  time: string;
}

interface LineOwner {
  lineOwnerId?: string;
}

/** Bodies that name one call and nothing else. */
export interface CallIdRequest extends LineOwner {
  callId: string;
}

export interface DialRequest extends LineOwner {
  destination: string;
  endpointId?: string;
  singleNumberReachPhoneNumber?: string;
}

/** 201 from dial, retrieve, pickup, bargeIn, pull and mute transfer. */
export interface CallCreatedResponse {
  callId: string;
  callSessionId: string;
}

export type DialResponse = CallCreatedResponse;

export interface AnswerRequest extends CallIdRequest {
  endpointId?: string;
}

export interface RejectRequest extends CallIdRequest {
  action?: 'busy' | 'temporarilyUnavailable' | 'ignore';
}

export type HangupRequest = CallIdRequest;
export type HoldRequest = CallIdRequest;
export type ResumeRequest = CallIdRequest;
export type MuteRequest = CallIdRequest;
export type UnmuteRequest = CallIdRequest;
export type PushRequest = CallIdRequest;

export interface DivertRequest extends CallIdRequest {
  /** Required unless toVoicemail is true. */
  destination?: string;
  toVoicemail?: boolean;
}

/**
 * With exactly two calls, both ids may be omitted; callId1 + callId2 is an
 * attended transfer (204); callId1 + destination a mute transfer (201).
 */
export interface TransferRequest extends LineOwner {
  callId1?: string;
  callId2?: string;
  destination?: string;
}

export type TransferResponse = CallCreatedResponse;

export interface ParkRequest extends CallIdRequest {
  destination?: string;
  isGroupPark?: boolean;
}

export interface ParkResponse {
  parkedAgainst: PartyInformation;
}

export interface RetrieveRequest extends LineOwner {
  destination?: string;
  endpointId?: string;
  singleNumberReachPhoneNumber?: string;
}

export type RetrieveResponse = CallCreatedResponse;

/** The four recording operations; callId is optional in the schema. */
export interface RecordingRequest extends LineOwner {
  callId?: string;
}

export interface TransmitDtmfRequest extends CallIdRequest {
  /** Digits 0-9, *, #, A-D; a comma pauses, e.g. "1,234". */
  dtmf: string;
}

export interface PickupRequest extends LineOwner {
  /** Omitted: the caller's own pickup group. */
  target?: string;
  endpointId?: string;
  singleNumberReachPhoneNumber?: string;
}

export type PickupResponse = CallCreatedResponse;

export interface BargeInRequest extends LineOwner {
  target: string;
  endpointId?: string;
  singleNumberReachPhoneNumber?: string;
}

export type BargeInResponse = CallCreatedResponse;

export interface PullRequest extends LineOwner {
  endpointId?: string;
}

export type PullResponse = CallCreatedResponse;

export interface ListCallsQuery {
  lineOwnerId?: string;
}

export interface CallHistoryQuery {
  type?: CallHistoryRecord['type'];
}
