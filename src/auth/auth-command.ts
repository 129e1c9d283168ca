/**
 * `/auth`: whether the bot can act for you and until when, else a link.
 * `/auth force`: a new authorization even when one is held.
 * `/auth clear`: forget your tokens and the webhooks made with them.
 */
import type {
  CommandContext,
  CommandSpec,
} from '../bot/commands/command-spec.ts';
import { CommandUsageError } from '../bot/commands/error-replies.ts';
import { codeSpan, quoteWritten } from '../bot/replies/code-span.ts';
import { formatLocalTime } from '../bot/replies/format-time.ts';
import { FLOW_TTL_MS } from './authorization-service.ts';
import { describeValidity } from './describe-session.ts';
import { deleteIntegrationWebhooks } from './integration-webhooks.ts';

export interface AuthCommandOptions {
  /** After `/auth clear`: modules forget what they kept for the person. */
  onSessionCleared(personId: string): Promise<void>;
}

export function authCommand(options: AuthCommandOptions): CommandSpec {
  return {
    name: 'auth',
    usage: '/auth [force|clear]',
    summary:
      'Let me act for you in Webex, see until when, or forget your tokens.',
    async run(ctx, args) {
      const [written, extra] = args;
      const mode = written?.toLowerCase();
      if (mode !== undefined && mode !== 'force' && mode !== 'clear') {
        throw new CommandUsageError(
          `I do not know ${quoteWritten(`/auth ${written}`)}.`,
        );
      }
      if (extra !== undefined) {
        throw new CommandUsageError(
          `I did not expect ${quoteWritten(extra)} after ` +
            `${codeSpan(`/auth ${mode}`)}: it takes nothing more.`,
        );
      }

      if (mode === 'force') {
        return sendLink(ctx, 'Here is a new authorization link.');
      }
      if (mode === 'clear') return clear(ctx, options);
      return status(ctx);
    },
  };
}

async function status(ctx: CommandContext): Promise<void> {
  const session = await ctx.deps.store.getSession(ctx.person.id);
  if (session === undefined) {
    return sendLink(ctx, 'I hold no authorization for you yet.');
  }
  if (session.needsReauth) {
    return sendLink(ctx, 'Your authorization has expired or was revoked.');
  }

  const access =
    session.accessTokenExpiresAt === null
      ? ''
      : ` The current access token runs until ` +
        `${formatLocalTime(session.accessTokenExpiresAt)} and renews itself.`;
  await ctx.reply(
    `I hold your authorization: I can act for you ` +
      `${describeValidity(session)}.${access}\n\n` +
      'Send **/auth force** to authorize again, **/auth clear** to make ' +
      'me forget your tokens.',
  );
}

async function sendLink(ctx: CommandContext, lead: string): Promise<void> {
  const url = await ctx.deps.auth.startFlow(ctx.person);
  const minutes = Math.round(FLOW_TTL_MS / 60_000);
  await ctx.reply(
    `${lead} [Authorize me with your Webex account](${url}) ` +
      `(the link works once, for ${minutes} minutes; sign in as ` +
      `${ctx.person.email || 'yourself'}).`,
  );
}

async function clear(
  ctx: CommandContext,
  options: AuthCommandOptions,
): Promise<void> {
  const { store, config } = ctx.deps;
  const session = await store.getSession(ctx.person.id);
  if (session === undefined) {
    await ctx.reply('I hold no tokens for you: nothing to clear.');
    return;
  }

  let webhooks =
    'I could not list your webhooks, so Webex may still hold some of ' +
    'them; they stop working without your tokens.';
  if (!session.needsReauth) {
    try {
      const count = await ctx.withToken((api) =>
        deleteIntegrationWebhooks(api.webhooks, config.integration.clientId),
      );
      webhooks = `I removed ${count === 1 ? '1 webhook' : `${count} webhooks`} I had made with them.`;
    } catch (error) {
      ctx.logger.warn({ err: error }, 'Could not delete the webhooks');
    }
  }

  await store.deleteSession(ctx.person.id);
  await options.onSessionCleared(ctx.person.id);
  await ctx.reply(
    `Done: I deleted your tokens. ${webhooks} Send **/auth** whenever ` +
      'you want me to act for you again.',
  );
}
