/**
 * What a command or a card action is, and what it receives. Commands are
 * declared, not wired: a module lists its `CommandSpec`s and the
 * dispatcher finds, authorizes, runs them and turns failures into
 * sentences (see error-replies.ts).
 */
import type { Logger } from 'pino';
import type { BotDeps } from '../../app/bot-module.ts';
import type { WebexSession } from '../../webex/index.ts';
import type { ReplyMessage } from '../replies/replies.ts';

/** The person a command acts for. */
export interface CommandPerson {
  id: string;
  email: string;
  displayName: string;
}

/** Where the request came from. */
export interface CommandSource {
  roomId: string;
  roomType: 'direct' | 'group';
  /** The chat message, or the card message for a card action. */
  messageId: string;
}

export interface CommandContext {
  person: CommandPerson;
  source: CommandSource;
  /** Answers in the 1:1 space with the person (split to Webex's limit). */
  reply(message: ReplyMessage): Promise<void>;
  deps: BotDeps;
  /**
   * Runs `fn` with the person's Webex session: the token is refreshed
   * first when it is about to expire, and once more (with one retry of
   * `fn`) when Webex answers 401. Throws `NotAuthorizedError` or
   * `ReauthRequiredError` when the bot cannot act for the person.
   */
  withToken<T>(fn: (api: WebexSession) => Promise<T>): Promise<T>;
  /** Carries the person id and the command or action name. */
  logger: Logger;
}

export interface CommandSpec {
  /** Lowercase, without the slash: `dial`. */
  name: string;
  aliases?: string[];
  /** `/dial <number>`: shown after bad arguments and by /help. */
  usage: string;
  /** One line for /help. */
  summary: string;
  /**
   * True when the command acts on the person's Webex account: it is
   * refused before `run` when the bot holds no usable session, and its
   * replies go only to the 1:1 space.
   */
  needsAuth?: boolean;
  /** Throw `CommandUsageError` for bad arguments, `ReplyError` to explain. */
  run(ctx: CommandContext, args: string[]): Promise<void>;
}

/** A button press on a card: dispatched on `inputs.action`. */
export interface CardActionSpec {
  action: string;
  /** As for commands: refused early when the bot cannot act for them. */
  needsAuth?: boolean;
  run(ctx: CommandContext, inputs: Record<string, unknown>): Promise<void>;
}
