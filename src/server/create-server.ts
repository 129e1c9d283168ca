/**
 * The HTTP app every route plugs into. Request bodies stay raw Buffers
 * (`request.body`), whatever their content type, because webhook
 * signatures cover the exact bytes; routes parse them themselves (see
 * `parseEnvelope` in signed-webhook.ts). Each request is logged once, by
 * path: query strings (an OAuth code on /redirect) never reach a log line.
 * Errors and unknown paths are answered in the bot's own shape
 * (error-replies.ts).
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import {
  clientErrorReply,
  frameworkErrorReply,
  registerErrorReplies,
} from './error-replies.ts';

export interface CreateServerOptions {
  logger: Logger;
  /** Larger request bodies get 413. */
  bodyLimitBytes: number;
}

export function createServer(options: CreateServerOptions): FastifyInstance {
  const logger = options.logger.child(
    { component: 'http' },
    { serializers: { req: describeRequest } },
  );
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new OneLinePerRequest(),
    bodyLimit: options.bodyLimitBytes,
    frameworkErrors: frameworkErrorReply(options),
    clientErrorHandler: clientErrorReply(logger),
  });
  registerErrorReplies(app, options);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}

/** One line when a request completes, by path; nothing when it arrives. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      path: pathOf(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) {
      reply.log.error({ ...line, err: error }, 'request failed');
    } else if (request.url === '/healthz') {
      reply.log.debug(line, 'request');
    } else {
      reply.log.info(line, 'request');
    }
  }
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function describeRequest(request: FastifyRequest) {
  return { method: request.method, path: pathOf(request.url) };
}
