/**
 * `/telephony/calls`: Webex Calling call control on behalf of the token's
 * owner. Each method is one documented operation with its own success
 * status (201 with ids, 200 for park, 204 for the rest).
 */

import type { ItemsResponse } from './messaging-types.ts';
import type {
  AnswerRequest,
  BargeInRequest,
  BargeInResponse,
  Call,
  CallHistoryQuery,
  CallHistoryRecord,
  DialRequest,
  DialResponse,
  DivertRequest,
  HangupRequest,
  HoldRequest,
  ListCallsQuery,
  MuteRequest,
  ParkRequest,
  ParkResponse,
  PickupRequest,
  PickupResponse,
  PullRequest,
  PullResponse,
  PushRequest,
  RecordingRequest,
  RejectRequest,
  ResumeRequest,
  RetrieveRequest,
  RetrieveResponse,
  TransferRequest,
  TransferResponse,
  TransmitDtmfRequest,
  UnmuteRequest,
} from './telephony-types.ts';
import type { CallOptions, WebexHttp } from './webex-http.ts';

type Action<TRequest> = (
  request: TRequest,
  options?: CallOptions,
) => Promise<void>;

type Creating<TRequest, TResponse> = (
  request: TRequest,
  options?: CallOptions,
) => Promise<TResponse>;

export interface CallsApi {
  /** Rings the person's devices, then calls `destination` (201). */
  dial: Creating<DialRequest, DialResponse>;
  answer: Action<AnswerRequest>;
  reject: Action<RejectRequest>;
  hangup: Action<HangupRequest>;
  hold: Action<HoldRequest>;
  resume: Action<ResumeRequest>;
  mute: Action<MuteRequest>;
  unmute: Action<UnmuteRequest>;
  divert: Action<DivertRequest>;
  /** null for an attended transfer (204); ids for a mute transfer (201). */
  transfer: Creating<TransferRequest, TransferResponse | null>;
  park: Creating<ParkRequest, ParkResponse>;
  retrieve: Creating<RetrieveRequest, RetrieveResponse>;
  startRecording: Action<RecordingRequest>;
  stopRecording: Action<RecordingRequest>;
  pauseRecording: Action<RecordingRequest>;
  resumeRecording: Action<RecordingRequest>;
  transmitDtmf: Action<TransmitDtmfRequest>;
  push: Action<PushRequest>;
  pickup: Creating<PickupRequest, PickupResponse>;
  bargeIn: Creating<BargeInRequest, BargeInResponse>;
  pull: Creating<PullRequest, PullResponse>;
  /** `GET /telephony/calls`: the person's active calls (not paginated). */
  list(query?: ListCallsQuery, options?: CallOptions): Promise<Call[]>;
  /** `GET /telephony/calls/{callId}`. */
  details(
    callId: string,
    query?: ListCallsQuery,
    options?: CallOptions,
  ): Promise<Call>;
  /** `GET /telephony/calls/history`: up to 20 records per type. */
  history(
    query?: CallHistoryQuery,
    options?: CallOptions,
  ): Promise<CallHistoryRecord[]>;
}

export function createCallsApi(http: WebexHttp, token: string): CallsApi {
  async function post<TResponse>(
    name: string,
    body: object,
    options: CallOptions | undefined,
  ): Promise<TResponse> {
    const response = await http.request<TResponse>({
      ...options,
      operation: `calls.${name}`,
      method: 'POST',
      path: `telephony/calls/${name}`,
      json: body,
      token,
    });
    return response.body;
  }

  const action =
    <TRequest extends object>(name: string): Action<TRequest> =>
    async (request, options) => {
      await post<undefined>(name, request, options);
    };

  const creating =
    <TRequest extends object, TResponse>(
      name: string,
    ): Creating<TRequest, TResponse> =>
    (request, options) =>
      post<TResponse>(name, request, options);

  async function get<TResponse>(
    name: string,
    path: string,
    query: object | undefined,
    options: CallOptions | undefined,
  ): Promise<TResponse> {
    const response = await http.request<TResponse>({
      ...options,
      operation: `calls.${name}`,
      method: 'GET',
      path,
      query: { ...query },
      token,
    });
    return response.body;
  }

  return {
    dial: creating('dial'),
    answer: action('answer'),
    reject: action('reject'),
    hangup: action('hangup'),
    hold: action('hold'),
    resume: action('resume'),
    mute: action('mute'),
    unmute: action('unmute'),
    divert: action('divert'),
    transfer: async (request, options) =>
      (await post<TransferResponse | undefined>(
        'transfer',
        request,
        options,
      )) ?? null,
    park: creating('park'),
    retrieve: creating('retrieve'),
    startRecording: action('startRecording'),
    stopRecording: action('stopRecording'),
    pauseRecording: action('pauseRecording'),
    resumeRecording: action('resumeRecording'),
    transmitDtmf: action('transmitDtmf'),
    push: action('push'),
    pickup: creating('pickup'),
    bargeIn: creating('bargeIn'),
    pull: creating('pull'),

    async list(query, options) {
      const page = await get<ItemsResponse<Call>>(
        'list',
        'telephony/calls',
        query,
        options,
      );
      return page.items;
    },

    details(callId, query, options) {
      return get<Call>(
        'details',
        `telephony/calls/${encodeURIComponent(callId)}`,
        query,
        options,
      );
    },

    async history(query, options) {
      const page = await get<ItemsResponse<CallHistoryRecord>>(
        'history',
        'telephony/calls/history',
        query,
        options,
      );
      return page.items;
    },
  };
}
