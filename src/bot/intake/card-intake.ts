/**
 * From an `attachmentActions/created` delivery to a card action: fetch
 * the action (the delivery carries no inputs) and dispatch on
 * `inputs.action`.
 */
import type { BotDeps } from '../../app/bot-module.ts';
import type {
  AttachmentActionEventData,
  WebhookEnvelope,
} from '../../webex/types.ts';
import type { Dispatcher } from '../commands/dispatcher.ts';
import { sameWebexId } from './command-text.ts';
import { describeAuthor } from './message-intake.ts';

const DEDUPLICATE_MS = 24 * 60 * 60_000;

export function createCardIntake(deps: BotDeps, dispatcher: Dispatcher) {
  const logger = deps.logger.child({ component: 'card-intake' });

  return async (
    envelope: WebhookEnvelope<Record<string, unknown>>,
  ): Promise<void> => {
    const data = envelope.data as Partial<AttachmentActionEventData>;
    if (typeof data.id !== 'string' || typeof data.personId !== 'string') {
      logger.warn({ webhookId: envelope.id }, 'Delivery without an action id');
      return;
    }
    if (sameWebexId(data.personId, deps.identity.id)) return;
    if (!(await deps.store.claimOnce(`action:${data.id}`, DEDUPLICATE_MS))) {
      logger.debug({ actionId: data.id }, 'Duplicate delivery ignored');
      return;
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
  };
}
