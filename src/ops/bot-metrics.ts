/**
 * The bot's Prometheus metrics, in a registry of its own (never the
 * global one) so that several bots in one process keep separate counts.
 * Producers call the small methods below; `GET /metrics` renders them.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/store.ts';
import type { ResponseInfo } from '../webex/webex-http.ts';

/** What became of one webhook delivery. */
export type DeliveryOutcome =
  | 'accepted'
  | 'bad_signature'
  | 'malformed'
  | 'unknown_target'
  | 'duplicate'
  | 'stale'
  | 'quiet'
  | 'relayed'
  | 'failed';

const REFRESH_OPERATION = 'oauth.refreshAccessToken';

export interface BotMetricsOptions {
  store: Store;
  /** How long the store gauges are reused between scrapes (10 s). */
  gaugeCacheMs?: number;
  now?: () => number;
}

export class BotMetrics {
  readonly registry = new Registry();

  readonly #deliveries: Counter<'resource' | 'outcome'>;
  readonly #relayLatency: Histogram;
  readonly #webexCalls: Counter<'operation' | 'status'>;
  readonly #rateLimited: Counter<'operation'>;
  readonly #retries: Counter<'operation'>;
  readonly #refreshes: Counter<'outcome'>;
  readonly #refreshFailures: number[] = [];
  readonly #now: () => number;

  constructor(options: BotMetricsOptions) {
    const registers = [this.registry];
    this.#now = options.now ?? Date.now;
    this.#deliveries = new Counter({
      name: 'wxc_webhook_deliveries_total',
      help: 'Webhook deliveries received, by resource and outcome',
      labelNames: ['resource', 'outcome'],
      registers,
    });
    this.#relayLatency = new Histogram({
      name: 'wxc_event_relay_seconds',
      help: 'From a delivery received to its chat message sent',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#webexCalls = new Counter({
      name: 'wxc_webex_requests_total',
      help: 'HTTP answers from Webex, by operation and status',
      labelNames: ['operation', 'status'],
      registers,
    });
    this.#rateLimited = new Counter({
      name: 'wxc_webex_rate_limited_total',
      help: 'Webex answers 429 (Too Many Requests), by operation',
      labelNames: ['operation'],
      registers,
    });
    this.#retries = new Counter({
      name: 'wxc_webex_retries_total',
      help: 'Repeated attempts of a Webex request, by operation',
      labelNames: ['operation'],
      registers,
    });
    this.#refreshes = new Counter({
      name: 'wxc_token_refreshes_total',
      help: 'Access token refreshes asked of Webex, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.#storeGauges(options);
  }

  delivery(resource: string, outcome: DeliveryOutcome): void {
    this.#deliveries.inc({ resource, outcome });
  }

  /** A delivery accepted at `acceptedAt` reached the chat now. */
  relayed(acceptedAt: number): void {
    this.#relayLatency.observe(Math.max(0, this.#now() - acceptedAt) / 1000);
  }

  /** The Webex client's `onResponse` hook. */
  webexResponse(info: ResponseInfo): void {
    const { operation } = info;
    this.#webexCalls.inc({ operation, status: String(info.status) });
    if (info.status === 429) this.#rateLimited.inc({ operation });
    if (info.attempt > 1) this.#retries.inc({ operation });
    if (operation !== REFRESH_OPERATION) return;

    const ok = info.status >= 200 && info.status < 300;
    this.#refreshes.inc({ outcome: ok ? 'ok' : 'failed' });
    if (!ok) this.#refreshFailures.push(this.#now());
  }

  /** Refresh failures within the last `windowMs`. */
  recentRefreshFailures(windowMs: number): number {
    const since = this.#now() - windowMs;
    while ((this.#refreshFailures[0] ?? since) < since) {
      this.#refreshFailures.shift();
    }
    return this.#refreshFailures.length;
  }

  /** Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  #storeGauges(options: BotMetricsOptions): void {
    const cacheMs = options.gaugeCacheMs ?? 10_000;
    let cached: { at: number; sessions: number; monitors: number } | null =
      null;
    const read = async () => {
      if (cached !== null && this.#now() - cached.at < cacheMs) return cached;
      try {
        const [sessions, monitors] = await Promise.all([
          options.store.countSessions(),
          options.store.listMonitors(),
        ]);
        cached = { at: this.#now(), sessions, monitors: monitors.length };
      } catch {
        // A store outage shows in /readyz; the gauges keep their last
        // values rather than failing the whole scrape.
      }
      return cached ?? { sessions: 0, monitors: 0 };
    };
    new Gauge({
      name: 'wxc_sessions_active',
      help: 'People who authorized the bot (sessions in the store)',
      registers: [this.registry],
      async collect() {
        this.set((await read()).sessions);
      },
    });
    new Gauge({
      name: 'wxc_sessions_monitored',
      help: 'People whose call events are relayed (monitors in the store)',
      registers: [this.registry],
      async collect() {
        this.set((await read()).monitors);
      },
    });
  }
}
