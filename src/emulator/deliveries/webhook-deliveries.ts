/**
 * Posts events to webhook targets: one FIFO queue per webhook, retries on
 * a non-2xx answer or a timeout, and turns a webhook `inactive` after too
 * many consecutive failed attempts (it then receives nothing until a PUT
 * re-activates it).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { request } from 'undici';
import type { EmulatorState, WebhookRecord } from '../emulator-state.ts';
import type { EventBus } from '../sandbox/event-bus.ts';
import { buildEnvelope } from './build-envelope.ts';
import { signBody } from './sign-body.ts';

export interface DeliveryOptions {
  timeoutMs: number;
  retryDelaysMs: number[];
  maxConsecutiveFailures: number;
}

/** One POST to a target, as `GET /_sandbox/deliveries` lists it. */
export interface DeliveryAttempt {
  id: string;
  webhookId: string;
  targetUrl: string;
  resource: string;
  event: string;
  attempt: number;
  status: number | null;
  error: string | null;
  durationMs: number;
  at: string;
  body: unknown;
}

interface Pending {
  id: string;
  event: string;
  body: string;
}

interface WebhookQueue {
  items: Pending[];
  draining: boolean;
  consecutiveFailures: number;
}

const MAX_RECORDED_ATTEMPTS = 2000;

export class WebhookDeliveries {
  private readonly queues = new Map<string, WebhookQueue>();
  private readonly recorded: DeliveryAttempt[] = [];
  private stopper = new AbortController();

  constructor(
    private readonly state: EmulatorState,
    private readonly bus: EventBus,
    private readonly options: DeliveryOptions,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** Queues an event for an active webhook; inactive ones get nothing. */
  enqueue(
    webhook: WebhookRecord,
    event: string,
    actorId: string,
    data: Record<string, unknown>,
  ): void {
    if (webhook.status !== 'active') return;
    const envelope = buildEnvelope(webhook, event, actorId, data);
    const queue = this.queueOf(webhook.id);
    queue.items.push({
      id: randomUUID(),
      event,
      body: JSON.stringify(envelope),
    });
    if (!queue.draining) void this.drain(webhook.id, queue);
  }

  /** A re-activated webhook starts again with a clean failure count. */
  reactivated(webhookId: string): void {
    this.queueOf(webhookId).consecutiveFailures = 0;
  }

  forget(webhookId: string): void {
    const queue = this.queues.get(webhookId);
    if (queue) queue.items.length = 0;
    this.queues.delete(webhookId);
  }

  attempts(): DeliveryAttempt[] {
    return [...this.recorded];
  }

  /** Drops every queue and every record; in-flight attempts are aborted. */
  reset(): void {
    this.stopper.abort();
    this.stopper = new AbortController();
    this.queues.clear();
    this.recorded.length = 0;
  }

  close(): void {
    this.stopper.abort();
    this.queues.clear();
  }

  private queueOf(webhookId: string): WebhookQueue {
    let queue = this.queues.get(webhookId);
    if (!queue) {
      queue = { items: [], draining: false, consecutiveFailures: 0 };
      this.queues.set(webhookId, queue);
    }
    return queue;
  }

  private async drain(webhookId: string, queue: WebhookQueue): Promise<void> {
    queue.draining = true;
    const stop = this.stopper.signal;
    try {
      while (queue.items.length > 0 && !stop.aborted) {
        const pending = queue.items[0] as Pending;
        const outcome = await this.deliver(webhookId, queue, pending, stop);
        if (outcome === 'stop') {
          queue.items.length = 0;
          return;
        }
        queue.items.shift();
      }
    } finally {
      queue.draining = false;
    }
  }

  /** Tries one event until it succeeds, runs out of retries or must stop. */
  private async deliver(
    webhookId: string,
    queue: WebhookQueue,
    pending: Pending,
    stop: AbortSignal,
  ): Promise<'done' | 'stop'> {
    const delays = this.options.retryDelaysMs;
    for (let attempt = 1; attempt <= delays.length + 1; attempt += 1) {
      const webhook = this.state.webhooks.get(webhookId);
      if (webhook?.status !== 'active' || stop.aborted) {
        return 'stop';
      }

      const ok = await this.post(webhook, pending, attempt, stop);
      if (ok) {
        queue.consecutiveFailures = 0;
        return 'done';
      }
      if (stop.aborted) return 'stop';

      queue.consecutiveFailures += 1;
      if (queue.consecutiveFailures >= this.options.maxConsecutiveFailures) {
        webhook.status = 'inactive';
        this.logger.warn(
          { webhookId, failures: queue.consecutiveFailures },
          'webhook deactivated after consecutive failed deliveries',
        );
        this.bus.publish('webhook.updated', {
          id: webhookId,
          status: 'inactive',
        });
        return 'stop';
      }

      const delay = delays[attempt - 1];
      if (delay === undefined) break;
      try {
        await sleep(delay, undefined, { signal: stop });
      } catch {
        return 'stop';
      }
    }
    return 'done';
  }

  private async post(
    webhook: WebhookRecord,
    pending: Pending,
    attempt: number,
    stop: AbortSignal,
  ): Promise<boolean> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'wxc-callcontrol-emulator',
    };
    if (webhook.secret !== null) {
      headers['x-spark-signature'] = signBody(webhook.secret, pending.body);
    }

    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    // A plain timer: AbortSignal.timeout costs several times more.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
    const stopped = () => deadline.abort();
    stop.addEventListener('abort', stopped, { once: true });
    try {
      const response = await request(webhook.targetUrl, {
        method: 'POST',
        headers,
        body: pending.body,
        signal: deadline.signal,
      });
      status = response.statusCode;
      await response.body.dump();
      if (status < 200 || status > 299) error = `target answered ${status}`;
    } catch (caught) {
      error =
        deadline.signal.aborted && !stop.aborted
          ? `no answer within ${this.options.timeoutMs} ms`
          : `could not reach the target: ${(caught as Error).message}`;
    } finally {
      clearTimeout(timer);
      stop.removeEventListener('abort', stopped);
    }

    this.record({
      id: pending.id,
      webhookId: webhook.id,
      targetUrl: webhook.targetUrl,
      resource: webhook.resource,
      event: pending.event,
      attempt,
      status,
      error,
      durationMs: Math.round(performance.now() - started),
      at: new Date(this.now()).toISOString(),
      body: JSON.parse(pending.body),
    });
    return error === null;
  }

  private record(attempt: DeliveryAttempt): void {
    this.recorded.push(attempt);
    if (this.recorded.length > MAX_RECORDED_ATTEMPTS) this.recorded.shift();
    this.bus.publish('delivery.attempted', attempt);
  }
}
