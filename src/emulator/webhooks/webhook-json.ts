import type { WebhookRecord } from '../emulator-state.ts';

/** A webhook as Webex lists it: filter and secret only when set. */
export function webhookJson(webhook: WebhookRecord): Record<string, unknown> {
  return {
    id: webhook.id,
    name: webhook.name,
    targetUrl: webhook.targetUrl,
    resource: webhook.resource,
    event: webhook.event,
    ...(webhook.filter === null ? {} : { filter: webhook.filter }),
    ...(webhook.secret === null ? {} : { secret: webhook.secret }),
    orgId: webhook.orgId,
    createdBy: webhook.createdBy,
    appId: webhook.appId,
    ownedBy: webhook.ownedBy,
    status: webhook.status,
    created: webhook.created,
  };
}
