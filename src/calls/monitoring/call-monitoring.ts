/**
 * A person's call monitoring: one `telephony_calls` webhook (event `all`)
 * at `<public URL>/webhooks/calls/<hook path>`, signed with a secret of
 * its own. The path is random so that it reveals nothing and cannot be
 * guessed; both live in the store's `Monitor`.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Monitor, Store } from '../../store/store.ts';
import { WebexApiError } from '../../webex/errors.ts';
import type { Webhook } from '../../webex/messaging-types.ts';
import type { WebhooksApi } from '../../webex/webhooks.ts';
import { isOwnAppId } from './integration-app-id.ts';
import { planWebhooks } from './plan-webhooks.ts';

/** The route the relay serves; the hook path follows it. */
export const CALL_HOOK_ROUTE = '/webhooks/calls';

const WEBHOOK_NAME = 'wxc-callcontrol call events';

export interface CallMonitoringOptions {
  store: Store;
  /** The integration's client id: its webhooks carry it in `appId`. */
  clientId: string;
  /** Where Webex reaches this service, e.g. https://bot.example.com. */
  publicUrl: string;
  logger: Logger;
  now?: () => number;
}

/** What a reconciliation did; all zero when nothing needed doing. */
export interface ReconcileResult {
  webhookId: string;
  created: boolean;
  updated: boolean;
  removed: number;
}

export class CallMonitoring {
  readonly #options: CallMonitoringOptions;
  readonly #logger: Logger;

  constructor(options: CallMonitoringOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ component: 'call-monitoring' });
  }

  /** The full webhook target for a hook path. */
  targetUrl(hookPath: string): string {
    const base = this.#options.publicUrl.replace(/\/+$/, '');
    return `${base}${CALL_HOOK_ROUTE}/${hookPath}`;
  }

  /**
   * Turns monitoring on (or repairs it): the monitor is stored before the
   * webhook exists, so the first delivery already finds its secret.
   */
  async enable(
    personId: string,
    webhooks: WebhooksApi,
  ): Promise<ReconcileResult> {
    const store = this.#options.store;
    let monitor = await store.getMonitor(personId);
    if (monitor === undefined) {
      monitor = {
        personId,
        hookPath: randomBytes(18).toString('base64url'),
        secret: randomBytes(32).toString('base64url'),
        webhookId: null,
        createdAt: this.#now(),
      };
      await store.putMonitor(monitor);
    }
    return this.reconcile(monitor, webhooks);
  }

  /**
   * Makes Webex hold exactly one active webhook of ours for the person,
   * pointing at the current target. Webhooks of other applications are
   * never touched. Running it twice changes nothing the second time.
   */
  async reconcile(
    monitor: Monitor,
    webhooks: WebhooksApi,
  ): Promise<ReconcileResult> {
    const targetUrl = this.targetUrl(monitor.hookPath);
    const plan = planWebhooks(await webhooks.list(), {
      name: WEBHOOK_NAME,
      targetUrl,
      knownId: monitor.webhookId,
      clientId: this.#options.clientId,
    });

    for (const id of plan.remove) await deleteQuietly(webhooks, id);

    let webhookId = plan.keepId;
    if (webhookId !== undefined && plan.update) {
      await webhooks.update(webhookId, {
        name: WEBHOOK_NAME,
        targetUrl,
        secret: monitor.secret,
        status: 'active',
      });
    }
    if (webhookId === undefined) {
      const created = await webhooks.create({
        name: WEBHOOK_NAME,
        targetUrl,
        resource: 'telephony_calls',
        event: 'all',
        secret: monitor.secret,
      });
      webhookId = created.id;
    }

    if (monitor.webhookId !== webhookId) {
      await this.#options.store.putMonitor({ ...monitor, webhookId });
    }
    const result = {
      webhookId,
      created: plan.create,
      updated: plan.update,
      removed: plan.remove.length,
    };
    if (result.created || result.updated || result.removed > 0) {
      this.#logger.info(
        { personId: monitor.personId, ...result },
        'call webhook reconciled',
      );
    }
    return result;
  }

  /**
   * Turns monitoring off: every webhook of ours for the person's calls
   * goes, then the monitor. Without `webhooks` (no usable token) only the
   * monitor goes; Webex drops the webhooks when deliveries keep failing.
   */
  async disable(personId: string, webhooks?: WebhooksApi): Promise<number> {
    let removed = 0;
    if (webhooks !== undefined) {
      for (const hook of this.#ours(await webhooks.list())) {
        await deleteQuietly(webhooks, hook.id);
        removed++;
      }
    }
    await this.#options.store.deleteMonitor(personId);
    return removed;
  }

  /** Our webhook as Webex has it now, or undefined. */
  async current(
    monitor: Monitor,
    webhooks: WebhooksApi,
  ): Promise<Webhook | undefined> {
    const ours = this.#ours(await webhooks.list());
    return ours.find((hook) => hook.id === monitor.webhookId) ?? ours[0];
  }

  #ours(hooks: readonly Webhook[]): Webhook[] {
    return hooks.filter(
      (hook) =>
        hook.resource === 'telephony_calls' &&
        isOwnAppId(hook.appId, this.#options.clientId),
    );
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}

/** A webhook already gone is what we wanted anyway. */
async function deleteQuietly(webhooks: WebhooksApi, id: string): Promise<void> {
  try {
    await webhooks.delete(id);
  } catch (error) {
    if (error instanceof WebexApiError && error.status === 404) return;
    throw error;
  }
}
