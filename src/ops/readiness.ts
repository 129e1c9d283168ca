/**
 * `GET /readyz`: can this instance do its job right now? The store must
 * answer (503 otherwise: a balancer should send traffic elsewhere); the
 * bot's own webhooks, people's call webhooks and token refreshes may be
 * degraded (200, with what is wrong named). Webex is asked at most once
 * per cache period, never once per probe.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';
import type { BotMetrics } from './bot-metrics.ts';
import { CachedCheck } from './cached-check.ts';

export interface CheckResult {
  ok: boolean;
  detail?: string;
}

export interface MonitorsResult {
  ok: boolean;
  /** People (email, else id) whose call webhook Webex does not run. */
  inactive: string[];
}

export interface ReadinessReport {
  status: 'ready' | 'degraded' | 'unavailable';
  checks: {
    store: CheckResult;
    botWebhooks: CheckResult;
    monitors: MonitorsResult;
    refreshes: { ok: boolean; recentFailures: number };
  };
}

export interface ReadinessOptions {
  store: Store;
  metrics: BotMetrics;
  logger: Logger;
  now: () => number;
  /** Are the bot's own webhooks in place and active? */
  checkBotWebhooks(): Promise<CheckResult>;
  /** People whose call webhook is inactive or gone. */
  findInactiveMonitors(): Promise<string[]>;
  /** Bot webhooks are checked at most this often (5 s). */
  botWebhooksCacheMs?: number;
  /** People's call webhooks are checked at most this often (60 s). */
  monitorsCacheMs?: number;
  /** Refresh failures counted over this window (15 min). */
  refreshWindowMs?: number;
  /** The store must answer `ping` within this (2 s). */
  storeTimeoutMs?: number;
}

export class Readiness {
  readonly #options: ReadinessOptions;
  readonly #botWebhooks: CachedCheck<CheckResult>;
  readonly #monitors: CachedCheck<string[]>;
  readonly #logger: Logger;

  constructor(options: ReadinessOptions) {
    this.#options = options;
    const logger = options.logger.child({ component: 'readiness' });
    this.#logger = logger;
    this.#botWebhooks = new CachedCheck(
      () =>
        options.checkBotWebhooks().catch((error: unknown) => {
          logger.warn({ err: error }, 'Could not check the bot webhooks');
          return { ok: false, detail: 'Webex did not list the webhooks' };
        }),
      options.botWebhooksCacheMs ?? 5000,
      options.now,
    );
    this.#monitors = new CachedCheck(
      () =>
        options.findInactiveMonitors().catch((error: unknown) => {
          logger.warn({ err: error }, 'Could not check the call webhooks');
          return [];
        }),
      options.monitorsCacheMs ?? 60_000,
      options.now,
    );
  }

  async report(): Promise<ReadinessReport> {
    const store = await this.#pingStore();
    const [botWebhooks, inactive] = store.ok
      ? await Promise.all([this.#botWebhooks.get(), this.#monitors.get()])
      : [{ ok: false, detail: 'not checked: the store is unreachable' }, []];
    const recentFailures = this.#options.metrics.recentRefreshFailures(
      this.#options.refreshWindowMs ?? 15 * 60_000,
    );
    const checks = {
      store,
      botWebhooks,
      monitors: { ok: inactive.length === 0, inactive },
      refreshes: { ok: recentFailures === 0, recentFailures },
    };
    const degraded =
      !botWebhooks.ok || !checks.monitors.ok || !checks.refreshes.ok;
    const status = !store.ok ? 'unavailable' : degraded ? 'degraded' : 'ready';
    return { status, checks };
  }

  async #pingStore(): Promise<CheckResult> {
    const timeoutMs = this.#options.storeTimeoutMs ?? 2000;
    const abort = new AbortController();
    try {
      await Promise.race([
        this.#options.store.ping(),
        sleep(timeoutMs, undefined, { signal: abort.signal }).then(() => {
          throw new Error(`no answer within ${timeoutMs} ms`);
        }),
      ]);
      return { ok: true };
    } catch (error) {
      // The error may name the store's URL: logged, not published.
      this.#logger.warn({ err: error }, 'The store does not answer');
      return {
        ok: false,
        detail: `the ${this.#options.store.kind} store does not answer`,
      };
    } finally {
      abort.abort();
    }
  }
}
