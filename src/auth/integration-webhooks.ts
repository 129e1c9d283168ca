/**
 * Webhooks a person's token created through this integration: Webex
 * marks them with `appId` = base64 of ciscospark://us/APPLICATION/<id>.
 */
import type { Webhook, WebhooksApi } from '../webex/index.ts';

export function isIntegrationWebhook(hook: Webhook, clientId: string): boolean {
  if (hook.appId === undefined) return false;
  const decoded = Buffer.from(hook.appId, 'base64').toString('utf8');
  return decoded.endsWith(`/APPLICATION/${clientId}`);
}

/** Deletes them all (with the person's token); returns how many. */
export async function deleteIntegrationWebhooks(
  api: WebhooksApi,
  clientId: string,
): Promise<number> {
  const hooks = (await api.list()).filter((hook) =>
    isIntegrationWebhook(hook, clientId),
  );
  for (const hook of hooks) await api.delete(hook.id);
  return hooks.length;
}
