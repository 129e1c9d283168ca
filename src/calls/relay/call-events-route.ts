/**
 * `POST /webhooks/calls/:hookPath`: where Webex delivers a monitored
 * person's call events. Verify with that person's secret over the raw
 * bytes, acknowledge at once, relay in the background.
 */
import type { FastifyInstance } from 'fastify';
import type { BotDeps } from '../../app/bot-module.ts';
import { verifySignature } from '../../bot/intake/verify-signature.ts';
import { CALL_HOOK_ROUTE } from '../monitoring/call-monitoring.ts';
import type { CallEventEnvelope, CallEventRelay } from './call-event-relay.ts';

const HOOK_PATH = /^[A-Za-z0-9_-]{16,64}$/;

export function registerCallEventsRoute(
  app: FastifyInstance,
  deps: BotDeps,
  relay: () => CallEventRelay,
): void {
  const logger = deps.logger.child({ component: 'call-events-route' });

  app.post<{ Params: { hookPath: string } }>(
    `${CALL_HOOK_ROUTE}/:hookPath`,
    async (request, reply) => {
      // Verify: the path names the person, their secret signs the bytes.
      const { hookPath } = request.params;
      const monitor = HOOK_PATH.test(hookPath)
        ? await deps.store.getMonitorByPath(hookPath)
        : undefined;
      if (monitor === undefined) {
        return reply.code(404).send({ message: 'Unknown webhook target.' });
      }
      const raw = Buffer.isBuffer(request.body)
        ? request.body
        : Buffer.alloc(0);
      if (
        !verifySignature(
          monitor.secret,
          raw,
          request.headers['x-spark-signature'],
        )
      ) {
        logger.warn(
          { personId: monitor.personId },
          'call event with a bad signature refused',
        );
        return reply.code(401).send({ message: 'Invalid X-Spark-Signature.' });
      }

      // Parse.
      let envelope: CallEventEnvelope;
      try {
        envelope = JSON.parse(raw.toString('utf8')) as CallEventEnvelope;
      } catch {
        return reply.code(400).send({ message: 'The body is not JSON.' });
      }
      if (
        typeof envelope !== 'object' ||
        envelope === null ||
        typeof envelope.data !== 'object'
      ) {
        return reply
          .code(400)
          .send({ message: 'A webhook delivery needs a data object.' });
      }

      // Acknowledge, then relay: Webex retries slow deliveries.
      deps.inFlight.run('call event', async () => {
        await relay().enqueue(monitor, envelope);
      });
      return reply.code(200).send({ received: true });
    },
  );
}
