/**
 * The HTTP core every Webex resource goes through: one place for the
 * bearer token, the TrackingID header, timeouts, retries, error parsing,
 * redaction and the one debug line per request.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { type Dispatcher, request as send } from 'undici';
import {
  WebexApiError,
  WebexError,
  type WebexErrorDetail,
  WebexNetworkError,
  WebexRateLimitError,
  WebexTimeoutError,
} from './errors.ts';
import { redactText, redactUrl } from './redact.ts';
import {
  type AttemptOutcome,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.ts';

/** The subset of a pino logger the client uses. */
export interface WebexLogger {
  debug(object: object, message: string): void;
}

/** Reported once per HTTP response (metrics hook). */
export interface ResponseInfo {
  operation: string;
  method: string;
  status: number;
  durationMs: number;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface WebexHttpOptions {
  /** e.g. `https://webexapis.com/v1`, or the emulator's `/v1`. */
  baseUrl: string;
  /** Connection pool (undici); undici's global one by default. */
  dispatcher?: Dispatcher;
  /** Per attempt, from connecting to the body's last byte; 30 s by default. */
  timeoutMs?: number;
  retryPolicy?: RetryPolicy;
  logger?: WebexLogger;
  onResponse?: (info: ResponseInfo) => void;
  /** Waits between attempts; must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for backoff jitter. */
  random?: () => number;
  /** Epoch milliseconds, for Retry-After dates and the time budget. */
  now?: () => number;
}

/** What every resource method accepts last. */
export interface CallOptions {
  /** Aborts the call, retries and waits included. */
  signal?: AbortSignal;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | undefined;

/** Details of a final error answer, for callers that map their own. */
export interface FailedResponse {
  operation: string;
  status: number;
  body: unknown;
  trackingId: string;
  retryAfterMs: number | null;
}

export interface WebexRequest extends CallOptions {
  /** Names the call in logs and errors, e.g. `calls.dial`. */
  operation: string;
  method: HttpMethod;
  /** Relative to the base URL, or absolute (a `Link` next URL). */
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  form?: Record<string, string>;
  /** Sent as `Authorization: Bearer`. */
  token?: string;
  /** Turns an error answer into the caller's own error, if it returns one. */
  mapError?: (failure: FailedResponse) => Error | undefined;
}

/** A response's headers, looked up by name (any case). */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface WebexResponse<T> {
  status: number;
  headers: ResponseHeaders;
  /** Parsed JSON; undefined for an empty body (204). */
  body: T;
  trackingId: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

// Errors raised before a connection exists: the request never left.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export class WebexHttp {
  readonly baseUrl: string;

  readonly #dispatcher: Dispatcher | undefined;
  readonly #timeoutMs: number;
  readonly #policy: RetryPolicy;
  readonly #logger: WebexLogger | undefined;
  readonly #onResponse: ((info: ResponseInfo) => void) | undefined;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;

  constructor(options: WebexHttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#dispatcher = options.dispatcher;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.#logger = options.logger;
    this.#onResponse = options.onResponse;
    this.#sleep =
      options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The absolute URL of `path` (relative to the base, or absolute). An
   * absolute URL (a pagination link) must stay on the base URL's origin,
   * since the request carries a person's bearer token.
   */
  url(path: string, query?: Record<string, QueryValue>): URL {
    const url = /^https?:\/\//i.test(path)
      ? new URL(path)
      : new URL(`${this.baseUrl}/${path.replace(/^\/+/, '')}`);
    const base = new URL(this.baseUrl);
    if (url.origin !== base.origin) {
      throw new TypeError(
        `refusing to send a Webex request to ${url.origin}: ` +
          `only ${base.origin} is trusted`,
      );
    }
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url;
  }

  /** Sends `request`, retrying per the policy; throws a `WebexError`. */
  async request<T>(request: WebexRequest): Promise<WebexResponse<T>> {
    const url = this.url(request.path, request.query);
    const trackingId = `WXCC_${randomUUID()}`;
    const secrets = [request.token, ...Object.values(request.form ?? {})];
    const startedAt = this.#now();

    for (let attempt = 1; ; attempt++) {
      request.signal?.throwIfAborted();

      const result = await this.#attempt(request, url, trackingId, attempt);
      if (result.kind === 'response' && isOk(result.response.status)) {
        return this.#success<T>(request, result.response, trackingId);
      }

      const decision = decideRetry({
        policy: this.#policy,
        method: request.method,
        attempt,
        elapsedMs: this.#now() - startedAt,
        outcome: toOutcome(result, this.#now()),
        random: this.#random,
      });
      if (decision.retry) {
        await this.#sleep(decision.delayMs, request.signal);
        continue;
      }

      if (result.kind === 'response') {
        throw await this.#failure(request, result.response, trackingId);
      }
      if (result.kind === 'timeout') {
        throw new WebexTimeoutError(
          request.operation,
          trackingId,
          this.#timeoutMs,
        );
      }
      const message = redactText(errorMessage(result.error), secrets);
      throw new WebexNetworkError(
        request.operation,
        trackingId,
        new Error(message),
      );
    }
  }

  async #attempt(
    request: WebexRequest,
    url: URL,
    trackingId: string,
    attempt: number,
  ): Promise<AttemptResult> {
    // One deadline for the whole attempt, body included, so a stalled
    // body times out too. (A plain timer: AbortSignal.timeout costs
    // several times more per request.)
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.#timeoutMs);
    const callerAborted = () => deadline.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', callerAborted, { once: true });
    const started = performance.now();
    let result: AttemptResult;

    try {
      const response = await send(url, {
        method: request.method,
        headers: headersFor(request, trackingId),
        body: bodyFor(request),
        signal: deadline.signal,
        ...(this.#dispatcher === undefined
          ? {}
          : { dispatcher: this.#dispatcher }),
      });
      const text = await response.body.text();
      result = {
        kind: 'response',
        response: {
          status: response.statusCode,
          headers: headersOf(response.headers),
          text,
        },
      };
    } catch (error) {
      request.signal?.throwIfAborted();
      result = deadline.signal.aborted
        ? { kind: 'timeout' }
        : { kind: 'network', error };
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', callerAborted);
    }

    const durationMs = Math.round(performance.now() - started);
    const status = result.kind === 'response' ? result.response.status : null;
    this.#logger?.debug(
      {
        operation: request.operation,
        method: request.method,
        path: redactUrl(url),
        status,
        durationMs,
        attempt,
        trackingId,
        ...(result.kind === 'response' ? {} : { failure: result.kind }),
      },
      'webex request',
    );
    if (status !== null) {
      this.#onResponse?.({
        operation: request.operation,
        method: request.method,
        status,
        durationMs,
        attempt,
      });
    }
    return result;
  }

  #success<T>(
    request: WebexRequest,
    { status, headers, text }: ReceivedResponse,
    trackingId: string,
  ): WebexResponse<T> {
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new WebexError(
          request.operation,
          `Webex answered ${request.operation} with HTTP ${status} ` +
            `but the body is not JSON (trackingId ${trackingId})`,
        );
      }
    }
    return {
      status,
      headers,
      body: body as T,
      trackingId: headers.get('trackingid') ?? trackingId,
    };
  }

  #failure(
    request: WebexRequest,
    { status, headers, text }: ReceivedResponse,
    sentTrackingId: string,
  ): Error {
    const secrets = [request.token, ...Object.values(request.form ?? {})];
    const body = parseJson(redactText(text, secrets));
    const fields = errorFields(body);
    const failure: FailedResponse = {
      operation: request.operation,
      status,
      body,
      trackingId:
        fields.trackingId ?? headers.get('trackingid') ?? sentTrackingId,
      retryAfterMs: parseRetryAfter(headers.get('retry-after'), this.#now()),
    };

    const mapped = request.mapError?.(failure);
    if (mapped) return mapped;

    const init = {
      operation: request.operation,
      status,
      webexMessage: fields.message ?? STATUS_CODES[status] ?? 'no message',
      errors: fields.errors,
      trackingId: failure.trackingId,
    };
    const busy =
      status === 429 || (status === 503 && failure.retryAfterMs !== null);
    if (busy) {
      return new WebexRateLimitError({
        ...init,
        retryAfterMs: failure.retryAfterMs ?? this.#policy.maxDelayMs,
      });
    }
    return new WebexApiError(init);
  }
}

interface ReceivedResponse {
  status: number;
  headers: ResponseHeaders;
  text: string;
}

type AttemptResult =
  | { kind: 'response'; response: ReceivedResponse }
  | { kind: 'timeout' }
  | { kind: 'network'; error: unknown };

function toOutcome(result: AttemptResult, nowMs: number): AttemptOutcome {
  if (result.kind === 'timeout') return { kind: 'network', sent: true };
  if (result.kind === 'network') {
    return { kind: 'network', sent: !neverConnected(result.error) };
  }

  const { status, headers } = result.response;
  return {
    kind: 'status',
    status,
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), nowMs),
  };
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

function headersFor(
  request: WebexRequest,
  trackingId: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    trackingid: trackingId,
  };
  if (request.token !== undefined) {
    headers.authorization = `Bearer ${request.token}`;
  }
  if (request.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (request.json !== undefined) {
    headers['content-type'] = 'application/json;charset=utf-8';
  }
  return headers;
}

/** undici's header record (lowercase names), read like `Headers`. */
function headersOf(
  raw: Record<string, string | string[] | undefined>,
): ResponseHeaders {
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

function bodyFor(request: WebexRequest): string | null {
  if (request.form !== undefined) {
    return new URLSearchParams(request.form).toString();
  }
  if (request.json !== undefined) return JSON.stringify(request.json);
  return null;
}

/**
 * True when the error (or, for a connection tried on several addresses,
 * each of its errors) happened before any byte was sent.
 */
function neverConnected(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const codes = [
    error,
    cause,
    ...((error as { errors?: unknown[] })?.errors ?? []),
    ...((cause as { errors?: unknown[] })?.errors ?? []),
  ]
    .map((item) => (item as { code?: unknown } | null)?.code)
    .filter((code): code is string => typeof code === 'string');
  return codes.length > 0 && codes.every((code) => NOT_SENT_CODES.has(code));
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text === '' ? undefined : text;
  }
}

function errorFields(body: unknown): {
  message?: string;
  errors: WebexErrorDetail[];
  trackingId?: string;
} {
  if (typeof body !== 'object' || body === null) return { errors: [] };
  const record = body as Record<string, unknown>;
  const errors = Array.isArray(record.errors)
    ? record.errors.filter(
        (item): item is WebexErrorDetail =>
          typeof (item as WebexErrorDetail)?.description === 'string',
      )
    : [];
  return {
    ...(typeof record.message === 'string' ? { message: record.message } : {}),
    errors,
    ...(typeof record.trackingId === 'string'
      ? { trackingId: record.trackingId }
      : {}),
  };
}
