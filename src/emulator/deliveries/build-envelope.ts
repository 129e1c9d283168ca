/**
 * The JSON a webhook's target receives, keys in the order Webex sends them:
 * the webhook's own attributes (never its secret), then the actor and data.
 */
import type { WebhookRecord } from '../emulator-state.ts';

export interface DeliveryEnvelope {
  id: string;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter?: string;
  orgId: string;
  createdBy: string;
  appId: string;
  ownedBy: string;
  status: string;
  created: string;
  actorId: string;
  data: Record<string, unknown>;
}

export function buildEnvelope(
  webhook: WebhookRecord,
  event: string,
  actorId: string,
  data: Record<string, unknown>,
): DeliveryEnvelope {
  return {
    id: webhook.id,
    name: webhook.name,
    targetUrl: webhook.targetUrl,
    resource: webhook.resource,
    event,
    ...(webhook.filter === null ? {} : { filter: webhook.filter }),
    orgId: webhook.orgId,
    createdBy: webhook.createdBy,
    appId: webhook.appId,
    ownedBy: webhook.ownedBy,
    status: webhook.status,
    created: webhook.created,
    actorId,
    data,
  };
}
