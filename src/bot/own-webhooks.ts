/**
 * The bot's own subscriptions, made to match what it needs at every
 * start: exactly one webhook per wanted resource and event, active,
 * aimed at this deployment, signed with our secret. A webhook is ours
 * when it carries one of our names or aims at one of our URLs; anything
 * else the bot token lists (another deployment of the same bot) is left
 * alone. Running it twice changes nothing the second time.
 */
import type { Logger } from 'pino';
import type { Webhook, WebhooksApi } from '../webex/index.ts';

export interface WantedWebhook {
  name: string;
  resource: string;
  event: string;
  targetUrl: string;
  secret: string;
}

export interface ReconcileReport {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export async function reconcileOwnWebhooks(
  api: WebhooksApi,
  wanted: readonly WantedWebhook[],
  logger: Logger,
): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
  };
  const existing = await api.list();

  for (const want of wanted) {
    const ours = existing.filter(
      (hook) =>
        hook.resource === want.resource &&
        hook.event === want.event &&
        (hook.name === want.name || hook.targetUrl === want.targetUrl),
    );
    // Keep the one closest to what we want; the rest are duplicates.
    ours.sort((a, b) => distance(a, want) - distance(b, want));
    const [keep, ...duplicates] = ours;

    for (const duplicate of duplicates) {
      await api.delete(duplicate.id);
      report.deleted++;
      logger.info(
        { webhookId: duplicate.id, resource: want.resource },
        'Deleted a duplicate bot webhook',
      );
    }

    if (keep === undefined) {
      const created = await api.create({
        name: want.name,
        targetUrl: want.targetUrl,
        resource: want.resource,
        event: want.event,
        secret: want.secret,
      });
      report.created++;
      logger.info(
        { webhookId: created.id, resource: want.resource },
        'Created the bot webhook',
      );
    } else if (distance(keep, want) > 0) {
      await api.update(keep.id, {
        name: want.name,
        targetUrl: want.targetUrl,
        secret: want.secret,
        status: 'active',
      });
      report.updated++;
      logger.info(
        { webhookId: keep.id, resource: want.resource, was: keep.status },
        'Updated the bot webhook',
      );
    } else {
      report.unchanged++;
    }
  }
  return report;
}

/** 0 when nothing needs changing; a larger number for more to fix. */
function distance(hook: Webhook, want: WantedWebhook): number {
  let score = 0;
  if (hook.targetUrl !== want.targetUrl) score += 4;
  if (hook.status === 'inactive') score += 2;
  if (hook.name !== want.name) score += 1;
  // Webex lists the secret it holds; when it does not, trust it.
  if (hook.secret !== undefined && hook.secret !== want.secret) score += 1;
  return score;
}
