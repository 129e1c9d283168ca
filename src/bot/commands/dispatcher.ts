/**
 * Runs what a person asked for: finds the command (or card action),
 * checks the bot can act for them, builds the context and turns any
 * failure into one sentence. The transport (webhooks, intake) knows
 * nothing of this; it hands over a person, a source and text.
 */
import type { Logger } from 'pino';
import type { BotDeps } from '../../app/bot-module.ts';
import {
  codeSpan,
  ECHO_MAX_CHARS,
  quoteWritten,
} from '../replies/code-span.ts';
import type { CommandRegistry } from './command-registry.ts';
import type {
  CommandContext,
  CommandPerson,
  CommandSource,
} from './command-spec.ts';
import { CommandUsageError, type ErrorReplies } from './error-replies.ts';
import { parseCommand } from './parse-command.ts';

export interface DispatcherOptions {
  registry: CommandRegistry;
  errors: ErrorReplies;
  deps: BotDeps;
}

export const HELP_HINT = 'Send **/help** to see what I can do.';

export class Dispatcher {
  readonly #options: DispatcherOptions;
  readonly #logger: Logger;

  constructor(options: DispatcherOptions) {
    this.#options = options;
    this.#logger = options.deps.logger.child({ component: 'commands' });
  }

  /** A chat message addressed to the bot (mention already removed). */
  async runCommand(
    person: CommandPerson,
    source: CommandSource,
    text: string,
  ): Promise<void> {
    const parsed = parseCommand(text);
    // A name as long as the message would bloat every log line.
    const logName = parsed?.name.slice(0, ECHO_MAX_CHARS) ?? '(empty)';
    const ctx = this.#context(person, source, logName);
    await this.#noteGroupAnswer(source);

    if (parsed === undefined) {
      await ctx.reply(`Hello ${person.displayName}! ${HELP_HINT}`);
      return;
    }
    const spec = this.#options.registry.find(parsed.name);
    if (spec === undefined) {
      await ctx.reply(
        `I do not know ${quoteWritten(parsed.word)}. ${HELP_HINT}`,
      );
      return;
    }

    ctx.logger.info({ args: parsed.args.length }, 'command');
    await this.#guard(ctx, spec.usage, async () => {
      if (spec.needsAuth) await this.#options.deps.tokens.session(person.id);
      await spec.run(ctx, parsed.args);
    });
  }

  /** A card button press; `inputs.action` names the action. */
  async runCardAction(
    person: CommandPerson,
    source: CommandSource,
    inputs: Record<string, unknown>,
  ): Promise<void> {
    const action = typeof inputs.action === 'string' ? inputs.action : '';
    const ctx = this.#context(person, source, `card:${action || '?'}`);
    await this.#noteGroupAnswer(source);

    const spec = this.#options.registry.findCardAction(action);
    if (spec === undefined) {
      ctx.logger.warn({ action }, 'Unknown card action');
      await ctx.reply(
        'That button is not something I know how to handle any more. ' +
          HELP_HINT,
      );
      return;
    }

    ctx.logger.info('card action');
    await this.#guard(ctx, undefined, async () => {
      if (spec.needsAuth) await this.#options.deps.tokens.session(person.id);
      await spec.run(ctx, inputs);
    });
  }

  #context(
    person: CommandPerson,
    source: CommandSource,
    name: string,
  ): CommandContext {
    const { deps } = this.#options;
    return {
      person,
      source,
      deps,
      logger: this.#logger.child({ personId: person.id, command: name }),
      reply: (message) => deps.replies.toPerson(person.id, message),
      withToken: (fn) => deps.tokens.withToken(person.id, fn),
    };
  }

  /** The one error handler: every failure ends as a sentence. */
  async #guard(
    ctx: CommandContext,
    usage: string | undefined,
    work: () => Promise<void>,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      let sentence: string;
      if (error instanceof CommandUsageError) {
        const reason = error.message ? `${error.message}\n\n` : '';
        sentence = `${reason}Usage: ${codeSpan(usage ?? '/help')}`;
      } else {
        const mapped = this.#options.errors.sentenceFor(error);
        sentence = mapped.sentence;
        if (mapped.known) {
          ctx.logger.info({ reason: describe(error) }, 'command refused');
        } else {
          ctx.logger.error({ err: error }, 'command failed');
        }
      }
      await ctx.reply(sentence);
    }
  }

  /** Everything is answered 1:1; a group space is told where to look. */
  async #noteGroupAnswer(source: CommandSource): Promise<void> {
    if (source.roomType !== 'group') return;
    await this.#options.deps.replies.toRoom(
      source.roomId,
      'I answer in our 1:1 space: what concerns your calls and your ' +
        'account stays between us.',
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'error';
}
