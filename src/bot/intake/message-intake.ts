/**
 * From a `messages/created` delivery to a command: fetch the message
 * (the delivery carries no text), ignore the bot's own messages and, in
 * group spaces, messages that do not mention the bot.
 */
import type { BotDeps } from '../../app/bot-module.ts';
import type { DeliveryOutcome } from '../../ops/bot-metrics.ts';
import type { MessageEventData } from '../../webex/types.ts';
import type { CommandPerson } from '../commands/command-spec.ts';
import type { Dispatcher } from '../commands/dispatcher.ts';
import { commandAfterMention, sameWebexId } from './command-text.ts';
import type { DeliveryContext, Envelope } from './delivery-journal.ts';

/** Webex may deliver twice; a message is handled once a day at most. */
const DEDUPLICATE_MS = 24 * 60 * 60_000;

export function createMessageIntake(deps: BotDeps, dispatcher: Dispatcher) {
  const logger = deps.logger.child({ component: 'message-intake' });
  const bot = () => deps.webex.withToken(deps.config.bot.accessToken);

  return async (
    envelope: Envelope,
    context: DeliveryContext,
  ): Promise<DeliveryOutcome> => {
    const data = envelope.data as Partial<MessageEventData>;
    if (typeof data.id !== 'string' || typeof data.personId !== 'string') {
      logger.warn({ webhookId: envelope.id }, 'Delivery without a message id');
      return 'malformed';
    }
    if (sameWebexId(data.personId, deps.identity.id)) return 'accepted';
    if (!(await claimDelivery(deps, `message:${data.id}`, context))) {
      logger.debug({ messageId: data.id }, 'Duplicate delivery ignored');
      return 'duplicate';
    }

    const message = await bot().messages.get(data.id);
    const authorId = message.personId ?? data.personId;
    if (sameWebexId(authorId, deps.identity.id)) return 'accepted';

    const roomType = message.roomType ?? data.roomType ?? 'direct';
    const text =
      roomType === 'group'
        ? commandAfterMention(message.html, deps.identity.id)
        : (message.text ?? '');
    if (text === undefined) return 'accepted';

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
    return 'accepted';
  };
}

/**
 * True when this process should handle the delivery. A replayed one is
 * handled even if claimed: the claim was taken by the process that
 * accepted it and died before answering. Claiming it still matters, so
 * that a redelivery from Webex arriving now is dropped.
 */
export async function claimDelivery(
  deps: BotDeps,
  key: string,
  context: DeliveryContext,
): Promise<boolean> {
  const first = await deps.store.claimOnce(key, DEDUPLICATE_MS);
  return first || context.replayed;
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
