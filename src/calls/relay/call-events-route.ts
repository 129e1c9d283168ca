/**
 * `POST /webhooks/calls/:hookPath`: where Webex delivers a monitored
 * person's call events. Verify with that person's secret over the raw
 * bytes, journal and acknowledge at once, relay in the background.
 */
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import type { BotDeps } from '../../app/bot-module.ts';
import type { DeliveryOutcome } from '../../ops/bot-metrics.ts';
import { signedWebhook } from '../../server/signed-webhook.ts';
import { isStoreUnavailable } from '../../store/errors.ts';
import type { Monitor } from '../../store/store.ts';
import { CALL_HOOK_ROUTE } from '../monitoring/call-monitoring.ts';
import type {
  CallEventEnvelope,
  CallEventRelay,
  RelayOutcome,
} from './call-event-relay.ts';

const HOOK_PATH = /^[A-Za-z0-9_-]{16,64}$/;

const OUTCOMES: Record<RelayOutcome, DeliveryOutcome> = {
  sent: 'relayed',
  duplicate: 'duplicate',
  stale: 'stale',
  quiet: 'quiet',
  invalid: 'malformed',
};

export function registerCallEventsRoute(
  app: FastifyInstance,
  deps: BotDeps,
  relay: () => CallEventRelay,
): void {
  app.post(
    `${CALL_HOOK_ROUTE}/:hookPath`,
    { errorHandler: refuseDuringStoreOutage },
    signedWebhook({
      resource: 'telephony_calls',
      journal: deps.journal,
      acknowledgement: { status: 200, body: { received: true } },
      onRefused: deps.metrics.delivery.bind(deps.metrics),

      // The path names the person, their secret signs the bytes.
      async targetOf(request: FastifyRequest) {
        const { hookPath } = request.params as { hookPath: string };
        if (!HOOK_PATH.test(hookPath)) return undefined;
        const monitor = await deps.store.getMonitorByPath(hookPath);
        if (monitor === undefined) return undefined;
        return { secret: monitor.secret, target: hookPath, found: monitor };
      },

      // Also runs for a delivery replayed after a restart, which comes
      // without the monitor found above: it may be gone by then.
      async process(envelope, { target, found, replayed }) {
        const monitor =
          (found as Monitor | undefined) ??
          (target === undefined
            ? undefined
            : await deps.store.getMonitorByPath(target));
        if (monitor === undefined) return 'unknown_target';
        const outcome = await relay().enqueue(
          monitor,
          envelope as CallEventEnvelope,
          { replayed },
        );
        return OUTCOMES[outcome];
      },
    }),
  );
}

/**
 * The monitor is looked up in the store before the delivery is
 * journaled: an outage there is refused like one while journaling, with
 * 503, so that Webex delivers again instead of counting a failure.
 */
function refuseDuringStoreOutage(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (!isStoreUnavailable(error)) throw error;
  request.log.warn(
    { err: error },
    'telephony_calls webhook: store unavailable, Webex will deliver again',
  );
  return reply
    .code(503)
    .header('retry-after', '5')
    .send({ message: 'Temporarily unavailable, deliver again.' });
}
