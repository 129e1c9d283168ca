/**
 * The HTTP app every route plugs into. Request bodies stay raw Buffers
 * (`request.body`), whatever their content type, because webhook
 * signatures cover the exact bytes; routes parse them with
 * `parseJsonBody`. Each request is logged once, by path: query strings
 * (an OAuth code on /redirect) never reach a log line.
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';

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
    disableRequestLogging: true,
    bodyLimit: options.bodyLimitBytes,
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.addHook('onResponse', async (request, reply) => {
    const level = request.url === '/healthz' ? 'debug' : 'info';
    request.log[level](
      {
        method: request.method,
        path: pathOf(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function describeRequest(request: FastifyRequest) {
  return { method: request.method, path: pathOf(request.url) };
}
