/**
 * From a `messages/created` delivery to a command: fetch the message
 * (the delivery carries no text), ignore the bot's own messages and, in
 * group spaces, messages that do not mention the bot.
 */
import type { BotDeps } from '../../app/bot-module.ts';
import type { MessageEventData, WebhookEnvelope } from '../../webex/types.ts';
import type { CommandPerson } from '../commands/command-spec.ts';
import type { Dispatcher } from '../commands/dispatcher.ts';
import { commandAfterMention, sameWebexId } from './command-text.ts';

/** Webex may deliver twice; a message is handled once a day at most. */
const DEDUPLICATE_MS = 24 * 60 * 60_000;

export function createMessageIntake(deps: BotDeps, dispatcher: Dispatcher) {
  const logger = deps.logger.child({ component: 'message-intake' });
  const bot = () => deps.webex.withToken(deps.config.bot.accessToken);

  return async (
    envelope: WebhookEnvelope<Record<string, unknown>>,
  ): Promise<void> => {
    const data = envelope.data as Partial<MessageEventData>;
    if (typeof data.id !== 'string' || typeof data.personId !== 'string') {
      logger.warn({ webhookId: envelope.id }, 'Delivery without a message id');
      return;
    }
    if (sameWebexId(data.personId, deps.identity.id)) return;
    if (!(await deps.store.claimOnce(`message:${data.id}`, DEDUPLICATE_MS))) {
      logger.debug({ messageId: data.id }, 'Duplicate delivery ignored');
      return;
    }

    const message = await bot().messages.get(data.id);
    const authorId = message.personId ?? data.personId;
    if (sameWebexId(authorId, deps.identity.id)) return;

    const roomType = message.roomType ?? data.roomType ?? 'direct';
    const text =
      roomType === 'group'
        ? commandAfterMention(message.html, deps.identity.id)
        : (message.text ?? '');
    if (text === undefined) return;

    const person = await describeAuthor(
      deps,
      authorId,
      message.personEmail ?? data.personEmail ?? '',
    );
    await dispatcher.runCommand(
      person,
      {
        roomId: message.roomId ?? data.roomId ?? '',
        roomType,
        messageId: message.id,
      },
      text,
    );
  };
}

/**
 * Who wrote: the session knows the name of people who authorized; for
 * others one look-up, and the email when even that fails.
 */
export async function describeAuthor(
  deps: BotDeps,
  personId: string,
  email: string,
): Promise<CommandPerson> {
  const session = await deps.store.getSession(personId);
  if (session !== undefined) {
    return {
      id: personId,
      email: session.email,
      displayName: session.displayName,
    };
  }
  try {
    const person = await deps.webex
      .withToken(deps.config.bot.accessToken)
      .people.get(personId);
    const address = email || person.emails?.[0] || '';
    return {
      id: personId,
      email: address,
      displayName: person.displayName ?? address,
    };
  } catch (error) {
    deps.logger.debug({ err: error, personId }, 'Could not look the person up');
    return { id: personId, email, displayName: email || 'there' };
  }
}
