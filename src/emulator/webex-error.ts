/**
 * Webex-shaped errors: `{message, errors: [{description}], trackingId}`,
 * with the same tracking id in the `trackingId` response header.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A refusal the emulator sends as a Webex error body. */
export class WebexApiError extends Error {
  readonly status: number;
  readonly description: string;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    options: { description?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'WebexApiError';
    this.status = status;
    this.description = options.description ?? message;
    this.headers = options.headers ?? {};
  }
}

export const MESSAGES = {
  400: 'The request could not be understood by the server due to malformed syntax.',
  401: 'The request requires a valid access token set in the Authorization request header.',
  403: 'The server understood the request, but refused to fulfill it.',
  404: 'The requested resource could not be found.',
  405: 'The request was made to a resource using an HTTP request method that is not supported.',
  409: 'The request could not be processed because it conflicts with some established rule of the system.',
  413: 'The request is larger than the server is willing or able to process.',
  415: 'The request entity has a media type which the server or resource does not support.',
  429: 'Too many requests have been sent in a given amount of time and the request has been rate limited.',
  500: 'Something went wrong on the server.',
  502: 'The server received an invalid response from an upstream server while processing the request.',
  503: 'Server is overloaded with requests. Try again later.',
  504: 'An upstream server failed to respond on time.',
} as const satisfies Record<number, string>;

/** The generic Webex message for a status. */
export function messageForStatus(status: number): string {
  return (
    (MESSAGES as Record<number, string>)[status] ??
    `The request failed with status ${status}.`
  );
}

const TRACKING_ID = Symbol('trackingId');
type Tracked = FastifyRequest & { [TRACKING_ID]?: string };

/** The request's tracking id, minted on first use. */
export function trackingIdOf(request: FastifyRequest): string {
  const tracked = request as Tracked;
  tracked[TRACKING_ID] ??= `ROUTER_${randomUUID()}`;
  return tracked[TRACKING_ID];
}

/** The Webex error body for a status and message. */
export function webexErrorBody(
  trackingId: string,
  message: string,
  description = message,
): { message: string; errors: { description: string }[]; trackingId: string } {
  return { message, errors: [{ description }], trackingId };
}

/** Sends a Webex error body; returns the reply for `return` chaining. */
export function sendWebexError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: WebexApiError,
): FastifyReply {
  const trackingId = trackingIdOf(request);
  return reply
    .code(error.status)
    .headers(error.headers)
    .header('trackingId', trackingId)
    .type('application/json')
    .send(webexErrorBody(trackingId, error.message, error.description));
}
