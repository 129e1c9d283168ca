/**
 * A route handler for signed Webex deliveries, in four steps: verify the
 * signature over the exact bytes, parse, acknowledge at once, then process
 * in the background (tracked, so shutdown can wait for it).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { InFlight } from '../bot/intake/in-flight.ts';
import { verifySignature } from '../bot/intake/verify-signature.ts';
import type { WebhookEnvelope } from '../webex/types.ts';

export interface SignedWebhookOptions {
  /** Names the work in logs, e.g. `messages webhook`. */
  label: string;
  /**
   * The secret this request must be signed with; undefined when the path
   * names no known webhook (answered 404).
   */
  secretFor(request: FastifyRequest): Promise<string | undefined> | string;
  inFlight: InFlight;
  /** Runs after the answer went out; failures are logged. */
  process(envelope: WebhookEnvelope<Record<string, unknown>>): Promise<void>;
}

export function signedWebhook(options: SignedWebhookOptions) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // 1. verify
    const secret = await options.secretFor(request);
    if (secret === undefined) {
      return reply.code(404).send({ message: 'No such webhook target.' });
    }
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = request.headers['x-spark-signature'];
    if (!verifySignature(secret, raw, signature)) {
      request.log.warn(
        { signed: signature !== undefined },
        `${options.label}: rejected a delivery with a bad signature`,
      );
      return reply.code(401).send({ message: 'Invalid X-Spark-Signature.' });
    }

    // 2. parse
    const envelope = parseEnvelope(raw);
    if (envelope === undefined) {
      return reply
        .code(400)
        .send({ message: 'The body is not a Webex webhook delivery.' });
    }

    // 3. acknowledge, 4. process
    const log = request.log.child({ webhookId: envelope.id });
    options.inFlight.run(options.label, async () => {
      log.debug({ event: envelope.event }, `${options.label}: processing`);
      await options.process(envelope);
    });
    return reply.code(204).send();
  };
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
  if (typeof json !== 'object' || json === null) return undefined;
  const data = (json as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  return json as WebhookEnvelope<Record<string, unknown>>;
}
