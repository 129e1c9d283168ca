/**
 * The operator's routes: `GET /readyz` (JSON, 503 when the store is
 * unreachable) and `GET /metrics` (Prometheus text). `GET /healthz`,
 * "the process lives", comes with the server itself.
 */
import type { FastifyInstance } from 'fastify';
import type { BotMetrics } from './bot-metrics.ts';
import type { Readiness } from './readiness.ts';

export function registerOpsRoutes(
  app: FastifyInstance,
  ops: { readiness: Readiness; metrics: BotMetrics },
): void {
  app.get('/readyz', async (_request, reply) => {
    const report = await ops.readiness.report();
    return reply
      .code(report.status === 'unavailable' ? 503 : 200)
      .header('cache-control', 'no-store')
      .send(report);
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await ops.metrics.render();
    return reply
      .header('content-type', ops.metrics.registry.contentType)
      .send(text);
  });
}
