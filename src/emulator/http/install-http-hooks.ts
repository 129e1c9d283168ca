/**
 * What every request goes through: a tracking id, the request log, injected
 * faults, the bearer-token check on `/v1`, and Webex-shaped errors.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { FullEmulatorCore } from '../emulator-core.ts';
import type { FaultInjector } from '../sandbox/fault-injector.ts';
import {
  MESSAGES,
  messageForStatus,
  sendWebexError,
  trackingIdOf,
  WebexApiError,
} from '../webex-error.ts';
import { rememberReply } from './reply-registry.ts';

/** One line of `GET /_sandbox/requests`: never a token or a body. */
export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  at: string;
}

const MAX_REQUEST_RECORDS = 5000;

/** Routes under /v1 that need no bearer token: OAuth's own. */
function isPublic(path: string): boolean {
  return path.startsWith('/v1/authorize') || path === '/v1/access_token';
}

export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function installHttpHooks(
  app: FastifyInstance,
  deps: {
    core: FullEmulatorCore;
    faults: FaultInjector;
    requests: RequestRecord[];
    now: () => number;
    logger: Logger;
    stopSignal: AbortSignal;
  },
): void {
  const { core, faults, requests, now, logger } = deps;

  app.addHook('onRequest', async (request, reply) => {
    rememberReply(request, reply);
    reply.header('trackingId', trackingIdOf(request));
    const path = pathOf(request.url);
    if (path.startsWith('/_sandbox')) return;

    const fault = faults.take(request.method, path);
    if (fault?.stallMs) {
      await sleep(fault.stallMs, undefined, { signal: deps.stopSignal }).catch(
        () => undefined,
      );
    }
    if (fault?.status !== undefined) {
      const headers: Record<string, string> =
        fault.retryAfter === undefined
          ? {}
          : { 'Retry-After': String(fault.retryAfter) };
      return sendWebexError(
        request,
        reply,
        new WebexApiError(fault.status, messageForStatus(fault.status), {
          headers,
        }),
      );
    }

    if (path.startsWith('/v1/') && !isPublic(path)) {
      const identity = core.identify(request);
      if (identity instanceof WebexApiError) {
        return sendWebexError(request, reply, identity);
      }
    }
    return undefined;
  });

  app.addHook('onResponse', async (request, reply) => {
    const path = pathOf(request.url);
    if (path.startsWith('/_sandbox')) return;
    requests.push({
      method: request.method,
      path,
      status: reply.statusCode,
      at: new Date(now()).toISOString(),
    });
    // Trimmed in batches: shifting a long array on every request is slow.
    if (requests.length > MAX_REQUEST_RECORDS * 1.2) {
      requests.splice(0, requests.length - MAX_REQUEST_RECORDS);
    }
  });

  app.setErrorHandler((error: FastifyError | WebexApiError, request, reply) => {
    if (error instanceof WebexApiError) {
      return sendWebexError(request, reply, error);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      logger.error({ err: error, url: pathOf(request.url) }, 'request failed');
      return sendWebexError(
        request,
        reply,
        new WebexApiError(500, MESSAGES[500]),
      );
    }
    // Fastify's own refusals: malformed JSON, unsupported media type...
    return sendWebexError(
      request,
      reply,
      new WebexApiError(status, messageForStatus(status), {
        description: error.message,
      }),
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendWebexError(request, reply, new WebexApiError(404, MESSAGES[404])),
  );
}
