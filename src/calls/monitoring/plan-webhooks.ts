/**
 * Decides what one person's `telephony_calls` webhooks need so that
 * exactly one, ours, active, points at the current target. A plan, not
 * the requests: it can be tested on any list and applied by one loop.
 * Planning on the result of a plan yields an empty plan.
 */
import type { Webhook } from '../../webex/messaging-types.ts';
import { isOwnAppId } from './integration-app-id.ts';

export interface WebhookWish {
  name: string;
  targetUrl: string;
  /** The webhook id the store remembers, if any. */
  knownId: string | null;
  clientId: string;
}

export interface WebhookPlan {
  /** The webhook to keep, when one exists. */
  keepId?: string;
  /** Re-point or re-activate the kept webhook. */
  update: boolean;
  /** No webhook of ours exists: create one. */
  create: boolean;
  /** Our extra webhooks for the same events. */
  remove: string[];
}

export function planWebhooks(
  hooks: readonly Webhook[],
  wish: WebhookWish,
): WebhookPlan {
  const ours = hooks.filter(
    (hook) =>
      hook.resource === 'telephony_calls' &&
      isOwnAppId(hook.appId, wish.clientId),
  );

  // A webhook's event cannot be changed in place: one for fewer events
  // than `all` is an extra to remove, not a candidate to keep.
  const candidates = ours.filter((hook) => hook.event === 'all');
  const keep =
    candidates.find((hook) => hook.id === wish.knownId) ??
    candidates.find((hook) => hook.targetUrl === wish.targetUrl) ??
    candidates[0];
  const remove = ours.filter((hook) => hook !== keep).map((hook) => hook.id);
  if (keep === undefined) return { create: true, update: false, remove };

  return {
    keepId: keep.id,
    update: keep.targetUrl !== wish.targetUrl || keep.status === 'inactive',
    create: false,
    remove,
  };
}
