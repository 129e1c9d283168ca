/**
 * Decides which webhooks an event goes to, and with what data, then hands
 * it to the delivery queues.
 */
import type { TelephonyEvent } from '../contract.ts';
import type {
  AttachmentActionRecord,
  EmulatorState,
  MessageRecord,
  WebhookRecord,
} from '../emulator-state.ts';
import type { EventBus } from '../sandbox/event-bus.ts';
import { matchesFilter } from '../webhooks/webhook-filter.ts';
import type { WebhookDeliveries } from './webhook-deliveries.ts';

export class EventDispatcher {
  constructor(
    private readonly state: EmulatorState,
    private readonly deliveries: WebhookDeliveries,
    private readonly bus: EventBus,
  ) {}

  /**
   * A new message reaches the messages webhooks of the room's members; a
   * bot's only in its direct rooms or, in group rooms, when it is mentioned.
   */
  messageCreated(message: MessageRecord): void {
    const room = this.state.rooms.get(message.roomId);
    if (!room) return;
    const data: Record<string, unknown> = {
      id: message.id,
      roomId: message.roomId,
      roomType: message.roomType,
      personId: message.personId,
      personEmail: message.personEmail,
      ...(message.mentionedPeople
        ? { mentionedPeople: message.mentionedPeople }
        : {}),
      created: message.created,
    };

    for (const webhook of this.subscribed('messages', 'created')) {
      const owner = this.state.people.get(webhook.createdBy);
      if (!owner || !room.memberIds.includes(owner.id)) continue;
      const seesIt =
        owner.type !== 'bot' ||
        room.type === 'direct' ||
        (message.mentionedPeople ?? []).includes(owner.id);
      if (!seesIt || !matchesFilter(webhook.filter, data, owner.id)) continue;
      this.deliveries.enqueue(webhook, 'created', message.personId, data);
    }
  }

  /** A card submit reaches the webhooks of the card message's sender. */
  attachmentActionCreated(
    action: AttachmentActionRecord,
    cardSenderId: string,
  ): void {
    const data: Record<string, unknown> = {
      id: action.id,
      type: action.type,
      messageId: action.messageId,
      personId: action.personId,
      roomId: action.roomId,
      created: action.created,
    };
    for (const webhook of this.subscribed('attachmentActions', 'created')) {
      if (webhook.createdBy !== cardSenderId) continue;
      if (!matchesFilter(webhook.filter, data, cardSenderId)) continue;
      this.deliveries.enqueue(webhook, 'created', action.personId, data);
    }
  }

  /** A call leg change reaches the telephony_calls webhooks of its owner. */
  telephony(event: TelephonyEvent): void {
    this.bus.publish('telephony.emitted', event);
    for (const webhook of this.subscribed('telephony_calls', event.event)) {
      if (webhook.createdBy !== event.personId) continue;
      this.deliveries.enqueue(webhook, event.event, event.personId, event.data);
    }
  }

  private subscribed(resource: string, event: string): WebhookRecord[] {
    return [...this.state.webhooks.values()].filter(
      (webhook) =>
        webhook.status === 'active' &&
        (webhook.resource === resource || webhook.resource === 'all') &&
        (webhook.event === event || webhook.event === 'all'),
    );
  }
}
