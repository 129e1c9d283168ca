/**
 * A route handler for signed Webex deliveries, in four steps: verify the
 * signature over the exact bytes, parse, journal and acknowledge, then
 * process in the background (tracked, so shutdown can wait for it, and
 * journaled, so a crash does not lose it).
 *
 * Every delivery is answered straight on the socket (`answerOnSocket` below)
 * instead of through Fastify's reply: this is the bot's hottest path,
 * and Fastify's serializer and send hooks cost a sixth of its CPU per
 * delivery here (bench/profiling-and-fixes.md). The request's log line,
 * Fastify's `onResponse`, is still written.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {
  DeliveryJournal,
  DeliveryProcessor,
} from '../bot/intake/delivery-journal.ts';
import { verifySignature } from '../bot/intake/verify-signature.ts';
import type { DeliveryOutcome } from '../ops/bot-metrics.ts';
import { isStoreUnavailable } from '../store/errors.ts';
import type { WebhookEnvelope } from '../webex/types.ts';

/** Where the route looked up its secret, and what it found. */
export interface WebhookTarget {
  secret: string;
  /** Kept with the delivery for its processor (e.g. a hook path). */
  target?: string;
  /**
   * What the lookup found (e.g. the monitor), handed to the processor as
   * `found` so that it need not look it up again (not journaled).
   */
  found?: unknown;
}

export interface SignedWebhookOptions {
  /** The Webex resource, e.g. `messages`: names the work and metrics. */
  resource: string;
  /**
   * The secret this request must be signed with; undefined when the path
   * names no known webhook (answered 404).
   */
  targetOf(
    request: FastifyRequest,
  ): Promise<WebhookTarget | undefined> | WebhookTarget | undefined;
  journal: DeliveryJournal;
  /** Runs after the answer went out; failures are logged. */
  process: DeliveryProcessor;
  /** What a journaled delivery is answered (204, no body). */
  acknowledgement?: { status: number; body?: unknown };
  /** Counts what was refused here (accepted ones count later). */
  onRefused?: (resource: string, outcome: DeliveryOutcome) => void;
}

export function signedWebhook(options: SignedWebhookOptions) {
  const { resource, journal } = options;
  journal.handle(resource, options.process);
  const refuse = (outcome: DeliveryOutcome) =>
    options.onRefused?.(resource, outcome);
  const ack = options.acknowledgement ?? { status: 204 };

  return async (request: FastifyRequest, reply: FastifyReply) => {
    // 1. verify
    const target = await options.targetOf(request);
    if (target === undefined) {
      refuse('unknown_target');
      return answerOnSocket(reply, 404, { message: 'No such webhook target.' });
    }
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = request.headers['x-spark-signature'];
    if (!verifySignature(target.secret, raw, signature)) {
      refuse('bad_signature');
      request.log.warn(
        { signed: signature !== undefined },
        `${resource} webhook: rejected a delivery with a bad signature`,
      );
      return answerOnSocket(reply, 401, {
        message: 'Invalid X-Spark-Signature.',
      });
    }

    // 2. parse
    const envelope = parseEnvelope(raw);
    if (envelope === undefined) {
      refuse('malformed');
      return answerOnSocket(reply, 400, {
        message: 'The body is not a Webex webhook delivery.',
      });
    }

    // 3. journal, then acknowledge; 4. process (in the background)
    try {
      await journal.accept(
        resource,
        raw,
        envelope,
        target.target,
        target.found,
      );
    } catch (error) {
      // Not journaled means not accepted: Webex must deliver again.
      refuse('failed');
      const level = isStoreUnavailable(error) ? 'warn' : 'error';
      request.log[level](
        { err: error, webhookId: envelope.id },
        `${resource} webhook: could not journal, Webex will deliver again`,
      );
      return answerOnSocket(
        reply,
        503,
        { message: 'Temporarily unavailable, deliver again.' },
        { 'retry-after': '5' },
      );
    }
    return answerOnSocket(reply, ack.status, ack.body);
  };
}

/**
 * Writes `status` and `body` (as JSON) on the socket and takes the
 * reply out of Fastify's hands (`hijack`), so Fastify neither serializes
 * nor sends it again. Returns the reply, as an async handler must.
 */
export function answerOnSocket(
  reply: FastifyReply,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): FastifyReply {
  reply.hijack();
  if (body === undefined) {
    reply.raw.writeHead(status, headers).end();
    return reply;
  }
  const payload = JSON.stringify(body);
  reply.raw
    .writeHead(status, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
    })
    .end(payload);
  return reply;
}

/** A JSON object with a `data` object, or undefined. */
export function parseEnvelope(
  raw: Buffer,
): WebhookEnvelope<Record<string, unknown>> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return undefined;
  }
  const data = (json as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return undefined;
  }
  return json as WebhookEnvelope<Record<string, unknown>>;
}
