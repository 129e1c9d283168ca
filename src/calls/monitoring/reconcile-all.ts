/**
 * Reconciles every monitored person's webhook. One instance at a time
 * (a store lock), one person's failure never stops the others, and a
 * person the bot can no longer act for is skipped until they re-authorize.
 */
import type { BotDeps } from '../../app/bot-module.ts';
import type { CallMonitoring } from './call-monitoring.ts';

const LOCK = 'calls:reconcile';
const LOCK_TTL_MS = 5 * 60 * 1000;

export interface ReconcileSummary {
  checked: number;
  repaired: number;
  failed: number;
}

export async function reconcileAll(
  deps: BotDeps,
  monitoring: CallMonitoring,
): Promise<ReconcileSummary> {
  const summary = { checked: 0, repaired: 0, failed: 0 };
  const logger = deps.logger.child({ component: 'call-monitoring' });
  const release = await deps.store.tryLock(LOCK, LOCK_TTL_MS);
  if (release === undefined) return summary;

  try {
    for (const monitor of await deps.store.listMonitors()) {
      summary.checked++;
      try {
        const result = await deps.tokens.withToken(monitor.personId, (api) =>
          monitoring.reconcile(monitor, api.webhooks),
        );
        if (result.created || result.updated || result.removed > 0) {
          summary.repaired++;
        }
      } catch (error) {
        summary.failed++;
        logger.warn(
          { err: error, personId: monitor.personId },
          'could not reconcile a call webhook; will retry on schedule',
        );
      }
    }
  } finally {
    await release();
  }
  if (summary.repaired > 0 || summary.failed > 0) {
    logger.info(summary, 'call webhooks reconciled');
  }
  return summary;
}
