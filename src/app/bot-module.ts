/**
 * How a feature plugs into the bot without touching its core: a module
 * declares commands, card actions, error sentences and routes, and may
 * run something at start and stop. Everything it needs arrives in
 * `BotDeps`; nothing is imported from the composition root.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AuthorizationService } from '../auth/authorization-service.ts';
import type { TokenManager } from '../auth/token-manager.ts';
import type {
  CardActionSpec,
  CommandSpec,
} from '../bot/commands/command-spec.ts';
import type { ErrorMapper } from '../bot/commands/error-replies.ts';
import type { DeliveryJournal } from '../bot/intake/delivery-journal.ts';
import type { InFlight } from '../bot/intake/in-flight.ts';
import type { Replies } from '../bot/replies/replies.ts';
import type { Config } from '../config/config.ts';
import type { BotMetrics } from '../ops/bot-metrics.ts';
import type { Store } from '../store/store.ts';
import type { Person, WebexClient } from '../webex/index.ts';

export interface BotDeps {
  config: Config;
  /** The bot's logger; modules take a child named after themselves. */
  logger: Logger;
  store: Store;
  /** The shared transport: `webex.withToken(config.bot.accessToken)`. */
  webex: WebexClient;
  /** Acting for a person: `tokens.withToken(personId, fn)`. */
  tokens: TokenManager;
  /** `/auth`'s flows: `auth.startFlow(person)` returns a link. */
  auth: AuthorizationService;
  replies: Replies;
  /** The bot's own Person (`GET /people/me` with the bot token). */
  identity: Person;
  now: () => number;
  /** Background work that shutdown waits for. */
  inFlight: InFlight;
  /**
   * Accepted deliveries, journaled until processed; `signedWebhook`
   * writes to it and registers each resource's processor.
   */
  journal: DeliveryJournal;
  /** The bot's Prometheus metrics (`GET /metrics`). */
  metrics: BotMetrics;
  /**
   * The base URL Webex reaches the bot at (PUBLIC_URL, else the URL the
   * bot listens on). Known once the bot listens: call it in `start`.
   */
  publicUrl(): string;
  /**
   * A secret that stays the same across restarts and instances, derived
   * from the token encryption key and `purpose` (HMAC-SHA256, base64url).
   */
  deriveSecret(purpose: string): string;
}

/** Something the bot's core runs on a person's or a module's behalf. */
export interface BotModule {
  name: string;
  commands?: CommandSpec[];
  cardActions?: CardActionSpec[];
  /** Tried before the built-in ones; the first that answers wins. */
  errorMappers?: ErrorMapper[];
  /** Called while the app is built, before it listens. */
  registerRoutes?(app: FastifyInstance, deps: BotDeps): void;
  /** After the bot's own webhooks are in place. */
  start?(deps: BotDeps): Promise<void>;
  /** At shutdown, after intake has stopped, in reverse module order. */
  stop?(): Promise<void>;
  /**
   * `/auth clear` ran: the person's session and integration webhooks
   * are gone. Forget what you keep for them.
   */
  onSessionCleared?(personId: string): Promise<void>;
}
