/**
 * Sending a message, shared by `POST /v1/messages` and the sandbox control
 * API: target resolution, Webex's limits, rendering, storage, deliveries.
 */
import type { EventDispatcher } from '../deliveries/dispatch-events.ts';
import type {
  CardAttachment,
  EmulatorState,
  MessageRecord,
  PersonRecord,
  RoomRecord,
} from '../emulator-state.ts';
import type { EventBus } from '../sandbox/event-bus.ts';
import { WebexApiError } from '../webex-error.ts';
import { newWebexId } from '../webex-ids.ts';
import {
  mentionedPeopleIn,
  plainText,
  renderMarkdown,
} from './render-message.ts';

export const MAX_MESSAGE_BYTES = 7439;
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export interface NewMessage {
  roomId?: unknown;
  toPersonId?: unknown;
  toPersonEmail?: unknown;
  text?: unknown;
  markdown?: unknown;
  /** Sandbox only: html as a Webex client would have produced it. */
  html?: unknown;
  attachments?: unknown;
}

export interface MessageContext {
  state: EmulatorState;
  dispatcher: EventDispatcher;
  bus: EventBus;
  now: () => number;
}

function badRequest(description: string): WebexApiError {
  return new WebexApiError(
    400,
    'The request could not be understood by the server due to malformed syntax.',
    { description },
  );
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`${field} must be a string.`);
  if (Buffer.byteLength(value) > MAX_MESSAGE_BYTES) {
    throw badRequest(
      `${field} exceeds the maximum message length of ${MAX_MESSAGE_BYTES} bytes.`,
    );
  }
  return value;
}

/** At most one adaptive card, whose content declares its version. */
function validateAttachments(value: unknown): CardAttachment[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badRequest('attachments must be an array.');
  if (value.length === 0) return undefined;
  if (value.length > 1) {
    throw badRequest('Only one card per message is supported.');
  }
  const card = value[0] as Partial<CardAttachment> | null;
  if (card?.contentType !== ADAPTIVE_CARD) {
    throw badRequest(`An attachment's contentType must be ${ADAPTIVE_CARD}.`);
  }
  const content = card.content as Record<string, unknown> | undefined;
  if (typeof content !== 'object' || content === null) {
    throw badRequest("An attachment's content must be an AdaptiveCard object.");
  }
  if (typeof content.version !== 'string' || content.version === '') {
    throw badRequest('The AdaptiveCard must have a version, e.g. "1.3".');
  }
  return [{ contentType: ADAPTIVE_CARD, content }];
}

function resolveTarget(
  state: EmulatorState,
  sender: PersonRecord,
  input: NewMessage,
): { room: RoomRecord; recipient?: PersonRecord } {
  const targets = [input.roomId, input.toPersonId, input.toPersonEmail].filter(
    (target) => target !== undefined && target !== null,
  );
  if (targets.length !== 1) {
    throw badRequest(
      'Exactly one of roomId, toPersonId or toPersonEmail must be given.',
    );
  }

  if (typeof input.roomId === 'string') {
    const room = state.rooms.get(input.roomId);
    if (!room?.memberIds.includes(sender.id)) {
      throw new WebexApiError(404, 'Room not found.', {
        description: `No room ${input.roomId} has the sender as a member.`,
      });
    }
    return { room };
  }

  const recipient =
    typeof input.toPersonId === 'string'
      ? state.people.get(input.toPersonId)
      : typeof input.toPersonEmail === 'string'
        ? state.findPersonByEmail(input.toPersonEmail)
        : undefined;
  if (!recipient) {
    throw new WebexApiError(404, 'Person not found.', {
      description: 'No sandbox person has that id or email.',
    });
  }
  if (recipient.id === sender.id) {
    throw badRequest('A message cannot be sent to yourself.');
  }
  return { room: state.directRoom(sender.id, recipient.id), recipient };
}

/** Validates, stores and announces a message; throws WebexApiError. */
export function postMessage(
  context: MessageContext,
  sender: PersonRecord,
  input: NewMessage,
): MessageRecord {
  const { state, now } = context;
  const text = optionalString(input.text, 'text');
  const markdown = optionalString(input.markdown, 'markdown');
  const givenHtml = optionalString(input.html, 'html');
  const attachments = validateAttachments(input.attachments);
  // Webex refuses a message with nothing to show: empty or blank text
  // and markdown count as missing.
  // TODO: accept `files` (one public URL) once the sandbox can store them.
  const written = [text, markdown].some((value) => value?.trim());
  if (!written && !attachments) {
    throw badRequest(
      'A message needs non-empty text or markdown, or an attachment.',
    );
  }
  const { room, recipient } = resolveTarget(state, sender, input);

  const html =
    givenHtml ??
    (markdown === undefined ? undefined : renderMarkdown(markdown, state));
  const mentioned =
    room.type === 'group' && html !== undefined ? mentionedPeopleIn(html) : [];

  const message: MessageRecord = {
    id: newWebexId('MESSAGE'),
    roomId: room.id,
    roomType: room.type,
    ...(recipient && typeof input.toPersonId === 'string'
      ? { toPersonId: recipient.id }
      : {}),
    ...(recipient && typeof input.toPersonEmail === 'string'
      ? { toPersonEmail: recipient.email }
      : {}),
    text: text ?? (html === undefined ? '' : plainText(html)),
    ...(markdown === undefined ? {} : { markdown }),
    ...(html === undefined ? {} : { html }),
    personId: sender.id,
    personEmail: sender.email,
    ...(mentioned.length > 0 ? { mentionedPeople: mentioned } : {}),
    ...(attachments ? { attachments } : {}),
    created: new Date(now()).toISOString(),
  };

  state.messages.set(message.id, message);
  context.bus.publish('message.created', message);
  context.dispatcher.messageCreated(message);
  return message;
}
