/**
 * The composition root of the bot: one place where the Webex client, the
 * store, the token manager, the authorization flows, the commands and
 * the HTTP routes are wired, every dependency passed explicitly. Features
 * arrive as `BotModule`s.
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { authCommand } from '../auth/auth-command.ts';
import { AuthorizationService } from '../auth/authorization-service.ts';
import {
  TokenManager,
  type TokenManagerOptions,
} from '../auth/token-manager.ts';
import { CommandRegistry } from '../bot/commands/command-registry.ts';
import { Dispatcher } from '../bot/commands/dispatcher.ts';
import { ErrorReplies } from '../bot/commands/error-replies.ts';
import { helpCommand } from '../bot/commands/help-command.ts';
import { createCardIntake } from '../bot/intake/card-intake.ts';
import { DeliveryJournal } from '../bot/intake/delivery-journal.ts';
import { InFlight } from '../bot/intake/in-flight.ts';
import { createMessageIntake } from '../bot/intake/message-intake.ts';
import { reconcileOwnWebhooks } from '../bot/own-webhooks.ts';
import { createReplies } from '../bot/replies/replies.ts';
import type { Config } from '../config/config.ts';
import { BotMetrics } from '../ops/bot-metrics.ts';
import { Readiness } from '../ops/readiness.ts';
import { registerOpsRoutes } from '../ops/register-ops-routes.ts';
import {
  checkBotWebhooks,
  findInactiveMonitors,
} from '../ops/webhook-checks.ts';
import { createServer } from '../server/create-server.ts';
import { registerRedirectRoute } from '../server/routes/redirect-route.ts';
import { signedWebhook } from '../server/signed-webhook.ts';
import type { Store } from '../store/store.ts';
import { WebexClient, type WebexHttpOptions } from '../webex/index.ts';
import type { BotDeps, BotModule } from './bot-module.ts';
import { notifyReauthRequired } from './notify-reauth.ts';

export const MESSAGES_WEBHOOK_PATH = '/webhooks/messages';
export const CARDS_WEBHOOK_PATH = '/webhooks/cards';

export interface CreateBotOptions {
  config: Config;
  logger: Logger;
  store: Store;
  /**
   * The token encryption key: the bot's webhook secrets are derived from
   * it, so they survive restarts and match across instances.
   */
  secretKey: Buffer;
  now?: () => number;
  modules?: readonly BotModule[];
  /** Larger webhook bodies get 413 (64 KiB). */
  bodyLimitBytes?: number;
  /** How long `close` waits for accepted work (5 s). */
  shutdownTimeoutMs?: number;
  /** Transport tuning, e.g. short retry delays in tests. */
  webexOptions?: Pick<
    WebexHttpOptions,
    'timeoutMs' | 'retryPolicy' | 'sleep' | 'onResponse'
  >;
  /** Token refresh tuning (see TokenManagerOptions). */
  tokenOptions?: Pick<
    TokenManagerOptions,
    'refreshMarginMs' | 'refreshTimeoutMs' | 'lockMarginMs' | 'lockPollMs'
  >;
  /**
   * When a pending journal entry counts as abandoned by a dead process
   * and is replayed (60 s): above the longest processing, short in tests.
   */
  journalReplayAfterMs?: number;
  /** `/readyz` cache periods, short in tests. */
  readinessOptions?: {
    botWebhooksCacheMs?: number;
    monitorsCacheMs?: number;
  };
}

export interface Bot {
  readonly app: FastifyInstance;
  readonly deps: BotDeps;
  /** Where the bot listens; empty before `listen`. */
  readonly url: string;
  /** Listens (PORT and all interfaces by default); returns the URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Puts the bot's own webhooks in place, then starts the modules. */
  start(): Promise<void>;
  /** Stops intake, waits for accepted work, stops the modules. */
  close(): Promise<void>;
}

export async function createBot(options: CreateBotOptions): Promise<Bot> {
  const { config, store } = options;
  const logger = options.logger;
  const now = options.now ?? Date.now;
  const modules = options.modules ?? [];

  // The Webex side, and who the bot itself is.
  const metrics = new BotMetrics({ store, now });
  const observe = options.webexOptions?.onResponse;
  const webex = new WebexClient({
    ...options.webexOptions,
    onResponse(info) {
      metrics.webexResponse(info);
      observe?.(info);
    },
    baseUrl: config.webexApiUrl,
    integration: config.integration,
    logger: logger.child({ component: 'webex' }),
    now,
  });
  const identity = await webex.withToken(config.bot.accessToken).people.me();
  logger.info(
    { botId: identity.id, name: identity.displayName },
    'Signed in as the bot',
  );

  // The services every command and module shares.
  const replies = createReplies({
    webex,
    botToken: config.bot.accessToken,
    logger,
  });
  const auth = new AuthorizationService({
    config,
    store,
    webex,
    replies,
    logger,
    now,
  });
  const tokens = new TokenManager({
    ...options.tokenOptions,
    store,
    webex,
    logger,
    now,
    onReauthRequired: (session) => notifyReauthRequired(session, auth, replies),
  });
  const inFlight = new InFlight(logger.child({ component: 'in-flight' }));
  const journal = new DeliveryJournal({
    store,
    inFlight,
    logger,
    now,
    ...(options.journalReplayAfterMs === undefined
      ? {}
      : { replayAfterMs: options.journalReplayAfterMs }),
    onOutcome(resource, outcome, acceptedAt) {
      metrics.delivery(resource, outcome);
      if (outcome === 'relayed') metrics.relayed(acceptedAt);
    },
  });

  let url = '';
  let publicUrl: string | null = config.publicUrl;
  const deps: BotDeps = {
    config,
    logger,
    store,
    webex,
    tokens,
    auth,
    replies,
    identity,
    now,
    inFlight,
    journal,
    metrics,
    publicUrl() {
      const base = publicUrl ?? url;
      if (base === '') {
        throw new Error('The public URL is known once the bot listens');
      }
      return base;
    },
    deriveSecret: (purpose) =>
      createHmac('sha256', options.secretKey)
        .update(`wxc-callcontrol webhook secret: ${purpose}`)
        .digest('base64url'),
  };

  // Commands: the built-in ones, then each module's.
  const registry = new CommandRegistry();
  const errors = new ErrorReplies();
  registry.add(helpCommand(registry));
  registry.add(
    authCommand({
      async onSessionCleared(personId) {
        for (const module of modules) {
          await module.onSessionCleared?.(personId);
        }
      },
    }),
  );
  for (const module of modules) {
    for (const command of module.commands ?? []) registry.add(command);
    for (const action of module.cardActions ?? []) {
      registry.addCardAction(action);
    }
  }
  for (const module of [...modules].reverse()) {
    errors.prepend(...(module.errorMappers ?? []));
  }
  const dispatcher = new Dispatcher({ registry, errors, deps });

  // HTTP: the bot's webhooks, the OAuth redirect, the modules' routes.
  const app = createServer({
    logger,
    bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
  });
  const onRefused = metrics.delivery.bind(metrics);
  app.post(
    MESSAGES_WEBHOOK_PATH,
    signedWebhook({
      resource: 'messages',
      targetOf: () => ({ secret: deps.deriveSecret('messages') }),
      journal,
      process: createMessageIntake(deps, dispatcher),
      onRefused,
    }),
  );
  app.post(
    CARDS_WEBHOOK_PATH,
    signedWebhook({
      resource: 'attachmentActions',
      targetOf: () => ({ secret: deps.deriveSecret('attachmentActions') }),
      journal,
      process: createCardIntake(deps, dispatcher),
      onRefused,
    }),
  );
  registerRedirectRoute(app, auth);
  registerOpsRoutes(app, {
    metrics,
    readiness: new Readiness({
      ...options.readinessOptions,
      store,
      metrics,
      logger,
      now,
      checkBotWebhooks: () =>
        checkBotWebhooks(deps, [MESSAGES_WEBHOOK_PATH, CARDS_WEBHOOK_PATH]),
      findInactiveMonitors: () => findInactiveMonitors(deps),
    }),
  });
  for (const module of modules) module.registerRoutes?.(app, deps);

  let started = false;
  return {
    app,
    deps,
    get url() {
      return url;
    },

    async listen(port = config.port, host = '0.0.0.0') {
      await app.listen({ port, host });
      const address = app.server.address();
      const bound =
        typeof address === 'object' && address ? address.port : port;
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      url = `http://${shown}:${bound}`;
      return url;
    },

    async start() {
      publicUrl = deps.publicUrl();
      // Deliveries a dead process acknowledged and never finished.
      await journal.start();
      await reconcileBotWebhooks(deps);
      for (const module of modules) {
        await module.start?.(deps);
        logger.info({ module: module.name }, 'Module started');
      }
      started = true;
    },

    async close() {
      await app.close();
      journal.stop();
      const drained = await inFlight.drain(options.shutdownTimeoutMs ?? 5000);
      if (!drained) {
        logger.warn({ running: inFlight.size }, 'Stopped with work running');
      }
      if (started) {
        for (const module of [...modules].reverse()) await module.stop?.();
      }
    },
  };
}

/** One instance at a time reconciles; the others trust its result. */
async function reconcileBotWebhooks(deps: BotDeps): Promise<void> {
  const release = await deps.store.tryLock('own-webhooks', 30_000);
  if (release === undefined) {
    deps.logger.info('Another instance is setting up the bot webhooks');
    return;
  }
  try {
    const base = deps.publicUrl();
    const report = await reconcileOwnWebhooks(
      deps.webex.withToken(deps.config.bot.accessToken).webhooks,
      [
        {
          name: 'wxc-callcontrol messages',
          resource: 'messages',
          event: 'created',
          targetUrl: `${base}${MESSAGES_WEBHOOK_PATH}`,
          secret: deps.deriveSecret('messages'),
        },
        {
          name: 'wxc-callcontrol cards',
          resource: 'attachmentActions',
          event: 'created',
          targetUrl: `${base}${CARDS_WEBHOOK_PATH}`,
          secret: deps.deriveSecret('attachmentActions'),
        },
      ],
      deps.logger.child({ component: 'own-webhooks' }),
    );
    deps.logger.info(report, 'Bot webhooks in place');
  } finally {
    await release();
  }
}
