/**
 * The Webex cloud emulator: Webex's REST API under `/v1` (people, messages,
 * attachment actions, webhooks, OAuth, and the call simulator's telephony
 * routes), signed webhook deliveries, and the `/_sandbox` control API.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { registerAttachmentActionsRoutes } from './attachment-actions/attachment-actions-routes.ts';
import {
  type CallSimulatorOptions,
  createCallSimulator,
} from './calls/create-call-simulator.ts';
import { registerConsole } from './console/register-console.ts';
import { EventDispatcher } from './deliveries/dispatch-events.ts';
import { WebhookDeliveries } from './deliveries/webhook-deliveries.ts';
import { createEmulatorCore } from './emulator-core.ts';
import { EmulatorState } from './emulator-state.ts';
import {
  installHttpHooks,
  type RequestRecord,
} from './http/install-http-hooks.ts';
import { parseQuery } from './http/parse-query.ts';
import { registerMessagesRoutes } from './messages/messages-routes.ts';
import { OAuthGrants } from './oauth/oauth-grants.ts';
import { registerOAuthRoutes } from './oauth/oauth-routes.ts';
import { registerPeopleRoutes } from './people/people-routes.ts';
import { EventBus } from './sandbox/event-bus.ts';
import { FaultInjector } from './sandbox/fault-injector.ts';
import { registerSandboxRoutes } from './sandbox/sandbox-routes.ts';
import { defaultSeed, parseSeed, type SeedData } from './seed.ts';
import { registerWebhooksRoutes } from './webhooks/webhooks-routes.ts';

export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default: `defaultSeed()`. */
  seed?: SeedData;
  /** Default 1209600 (14 days). */
  accessTokenLifetimeSeconds?: number;
  /** Default 7776000 (90 days). */
  refreshTokenLifetimeSeconds?: number;
  /** Default 60. */
  authorizationCodeLifetimeSeconds?: number;
  webhooks?: {
    /** Default 10000. */
    timeoutMs?: number;
    /** Default [500, 2000, 5000]: the waits before each retry. */
    retryDelaysMs?: number[];
    /** Default 10: failed attempts in a row before `inactive`. */
    maxConsecutiveFailures?: number;
  };
  calls?: CallSimulatorOptions;
  /** Default: silent. */
  logger?: Logger;
  /** Default: Date.now. */
  now?: () => number;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:7001 */
  url: string;
  /** `url` + '/v1' */
  apiUrl: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Starts an emulator; it is listening when the promise resolves. */
export async function createEmulator(
  options: EmulatorOptions = {},
): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? pino({ level: 'silent' });
  const seed = parseSeed(options.seed ?? defaultSeed());

  const state = new EmulatorState(now);
  state.load(seed);
  const bus = new EventBus(now);
  const deliveries = new WebhookDeliveries(
    state,
    bus,
    {
      timeoutMs: options.webhooks?.timeoutMs ?? 10_000,
      retryDelaysMs: options.webhooks?.retryDelaysMs ?? [500, 2000, 5000],
      maxConsecutiveFailures: options.webhooks?.maxConsecutiveFailures ?? 10,
    },
    now,
    logger.child({ component: 'emulator-deliveries' }),
  );
  const dispatcher = new EventDispatcher(state, deliveries, bus);
  const core = createEmulatorCore(state, dispatcher, now);
  const grants = new OAuthGrants(state, now, {
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 1_209_600,
    refreshTokenLifetimeSeconds:
      options.refreshTokenLifetimeSeconds ?? 7_776_000,
    authorizationCodeLifetimeSeconds:
      options.authorizationCodeLifetimeSeconds ?? 60,
  });
  const calls = createCallSimulator(core, options.calls);
  const faults = new FaultInjector();
  const requests: RequestRecord[] = [];
  const openStreams = new Set<() => void>();
  const stopper = new AbortController();

  const app = Fastify({
    logger: false,
    routerOptions: { querystringParser: parseQuery },
  });
  await app.register(formbody);
  // Webex's API takes JSON (and forms for OAuth); plain text is refused
  // with 415 instead of reaching handlers as a string.
  app.removeContentTypeParser('text/plain');
  installHttpHooks(app, {
    core,
    faults,
    requests,
    now,
    logger,
    stopSignal: stopper.signal,
  });

  const messageContext = { state, dispatcher, bus, now };
  registerPeopleRoutes(app, { core, state });
  registerMessagesRoutes(app, { ...messageContext, core });
  registerAttachmentActionsRoutes(app, { ...messageContext, core });
  registerWebhooksRoutes(app, { core, state, deliveries, bus, now });
  registerOAuthRoutes(app, { state, grants });
  registerSandboxRoutes(app, {
    ...messageContext,
    deliveries,
    faults,
    requests,
    calls,
    openStreams,
    reset() {
      deliveries.reset();
      faults.clear();
      grants.reset();
      requests.length = 0;
      calls.reset();
      state.load(seed);
      bus.publish('sandbox.reset', {});
    },
  });
  calls.register(app);
  registerConsole(app);

  await app.listen({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url }, 'emulator listening');

  return {
    url,
    apiUrl: `${url}/v1`,
    app,
    async close() {
      stopper.abort();
      for (const end of [...openStreams]) end();
      deliveries.close();
      calls.close();
      await app.close();
    },
  };
}
