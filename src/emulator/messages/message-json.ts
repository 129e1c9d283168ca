import type { MessageRecord } from '../emulator-state.ts';

/** The optional fields a message shows only when it has them. */
function extras(message: MessageRecord): {
  content: Record<string, unknown>;
  people: Record<string, unknown>;
} {
  return {
    content: {
      text: message.text,
      ...(message.markdown === undefined ? {} : { markdown: message.markdown }),
      ...(message.html === undefined ? {} : { html: message.html }),
    },
    people: {
      personId: message.personId,
      personEmail: message.personEmail,
      ...(message.mentionedPeople
        ? { mentionedPeople: message.mentionedPeople }
        : {}),
      ...(message.attachments ? { attachments: message.attachments } : {}),
    },
  };
}

/** `POST /v1/messages` answer: Webex's `Message`, with the recipient. */
export function createdMessageJson(
  message: MessageRecord,
): Record<string, unknown> {
  const { content, people } = extras(message);
  return {
    id: message.id,
    roomId: message.roomId,
    roomType: message.roomType,
    ...(message.toPersonId ? { toPersonId: message.toPersonId } : {}),
    ...(message.toPersonEmail ? { toPersonEmail: message.toPersonEmail } : {}),
    ...content,
    ...people,
    created: message.created,
  };
}

/** `GET /v1/messages[/{id}]` item: Webex's `ListMessage`. */
export function listMessageJson(
  message: MessageRecord,
): Record<string, unknown> {
  const { content, people } = extras(message);
  return {
    id: message.id,
    roomId: message.roomId,
    roomType: message.roomType,
    ...content,
    ...people,
    created: message.created,
  };
}
