/**
 * What the bot's server answers when no route does: one not-found handler
 * and one error handler, both in the bot's `{ "message": "…" }` shape.
 * They never echo the request's path or body (a path may carry a webhook
 * secret, a body anything) and never a stack. Fastify's own bodies name
 * its internals (`FST_ERR_…`) and repeat the path.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';

export interface ErrorRepliesOptions {
  /** The server's body limit, named in the 413 answer. */
  bodyLimitBytes: number;
}

/** A route's path as a pattern (`/webhooks/calls/:hookPath`). */
interface KnownRoute {
  pattern: RegExp;
  method: string;
}

/**
 * Registers the not-found and error handlers on `app`. A path served
 * with other methods gets 405 and an `Allow` header, not 404.
 */
export function registerErrorReplies(
  app: FastifyInstance,
  options: ErrorRepliesOptions,
): void {
  const routes: KnownRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    for (const method of methods) {
      routes.push({ pattern: patternOf(route.url), method });
    }
  });

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const allowed = routes
      .filter((route) => route.pattern.test(path))
      .map((route) => route.method);
    if (allowed.length === 0) {
      return reply.code(404).send({ message: 'Nothing is served here.' });
    }
    return reply
      .code(405)
      .header('allow', [...new Set(allowed)].join(', '))
      .send({
        message: `This path takes ${[...new Set(allowed)].join(' or ')} only.`,
      });
  });

  app.setErrorHandler((error: FastifyError, request, reply) =>
    sendError(error, request, reply, options),
  );
}

/**
 * For Fastify's `clientErrorHandler` option: bytes that are not HTTP
 * (a bad Content-Length, both Content-Length and chunked, garbage) are
 * answered 400 in the bot's shape and the connection closed, as
 * Node does; a request that timed out, 408; headers over the limit, 431.
 */
export function clientErrorReply(
  logger: Pick<Logger, 'debug'>,
): (error: NodeJS.ErrnoException, socket: Duplex) => void {
  return (error, socket) => {
    // A connection reset has nothing left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, message] =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive.']
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'The request headers are too large.']
          : [400, 'The request is not valid HTTP.'];
    logger.debug({ code: error.code, status }, 'refused a malformed request');
    if (socket.writable) {
      const body = JSON.stringify({ message });
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
          'Content-Type: application/json; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

/**
 * For Fastify's `frameworkErrors` option: a URL the router cannot read
 * (bad percent-encoding, a path segment over its length limit).
 */
export function frameworkErrorReply(options: ErrorRepliesOptions) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
    sendError(error, request, reply, options);
}

function sendError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  options: ErrorRepliesOptions,
): FastifyReply {
  const status = statusOf(error);
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ message: 'Something failed on our side.' });
  }
  return reply
    .code(status)
    .send({ message: messageOf(error, status, options) });
}

function statusOf(error: FastifyError): number {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return 400;
  const status = error.statusCode;
  if (status === undefined || status < 400 || status > 599) return 500;
  return status;
}

function messageOf(
  error: FastifyError,
  status: number,
  options: ErrorRepliesOptions,
): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `The body is larger than ${options.bodyLimitBytes} bytes.`;
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'A segment of the path is too long.';
    case 'FST_ERR_BAD_URL':
      return 'The path is not a valid URL path.';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'The Content-Length does not match the body.';
  }
  if (status === 413) return 'The body is too large.';
  if (status === 415) return 'The content type is not supported.';
  return 'The request is malformed.';
}

/** `/a/:id/b` as an anchored expression; `*` matches the rest. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) return '[^/]+';
      if (segment === '*') return '.*';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // Exactly as the router matches: it serves no path with a trailing
  // slash added, so such a path is unknown (404), not another method.
  return new RegExp(`^${source}$`);
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
