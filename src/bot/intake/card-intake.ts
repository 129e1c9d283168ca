/**
 * From an `attachmentActions/created` delivery to a card action: fetch
 * the action (the delivery carries no inputs) and dispatch on
 * `inputs.action`.
 */
import type { BotDeps } from '../../app/bot-module.ts';
import type { DeliveryOutcome } from '../../ops/bot-metrics.ts';
import type { AttachmentActionEventData } from '../../webex/types.ts';
import type { Dispatcher } from '../commands/dispatcher.ts';
import { sameWebexId } from './command-text.ts';
import type { DeliveryContext, Envelope } from './delivery-journal.ts';
import { claimDelivery, describeAuthor } from './message-intake.ts';

export function createCardIntake(deps: BotDeps, dispatcher: Dispatcher) {
  const logger = deps.logger.child({ component: 'card-intake' });

  return async (
    envelope: Envelope,
    context: DeliveryContext,
  ): Promise<DeliveryOutcome> => {
    const data = envelope.data as Partial<AttachmentActionEventData>;
    if (typeof data.id !== 'string' || typeof data.personId !== 'string') {
      logger.warn({ webhookId: envelope.id }, 'Delivery without an action id');
      return 'malformed';
    }
    if (sameWebexId(data.personId, deps.identity.id)) return 'accepted';
    if (!(await claimDelivery(deps, `action:${data.id}`, context))) {
      logger.debug({ actionId: data.id }, 'Duplicate delivery ignored');
      return 'duplicate';
    }

    const action = await deps.webex
      .withToken(deps.config.bot.accessToken)
      .attachmentActions.get(data.id);
    const personId = action.personId ?? data.personId;
    const person = await describeAuthor(deps, personId, '');
    const roomId = action.roomId ?? data.roomId ?? '';

    await dispatcher.runCardAction(
      person,
      {
        roomId,
        // Cards are only posted 1:1; a press comes from that space.
        roomType: 'direct',
        messageId: action.messageId,
      },
      action.inputs ?? {},
    );
    return 'accepted';
  };
}
