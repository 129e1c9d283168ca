/**
 * `/v1/messages`: send, get, list (newest first, Link-paged), direct, delete.
 */
import type { FastifyInstance } from 'fastify';
import type { FullEmulatorCore } from '../emulator-core.ts';
import type { MessageRecord, PersonRecord } from '../emulator-state.ts';
import { nextLink, parseMax } from '../http/pagination.ts';
import { WebexApiError } from '../webex-error.ts';
import { createdMessageJson, listMessageJson } from './message-json.ts';
import {
  type MessageContext,
  type NewMessage,
  postMessage,
} from './post-message.ts';

interface ListQuery {
  roomId?: string;
  max?: string;
  beforeMessage?: string;
  mentionedPeople?: string;
}

function notFound(messageId: string): WebexApiError {
  return new WebexApiError(404, 'Message not found.', {
    description: `No message ${messageId} is visible to this token.`,
  });
}

export function registerMessagesRoutes(
  app: FastifyInstance,
  deps: MessageContext & { core: FullEmulatorCore },
): void {
  const { core, state } = deps;

  /** A message the caller may see: they are a member of its room. */
  function visibleMessage(person: PersonRecord, id: string): MessageRecord {
    const message = state.messages.get(id);
    const room = message ? state.rooms.get(message.roomId) : undefined;
    if (!message || !room?.memberIds.includes(person.id)) throw notFound(id);
    return message;
  }

  app.post<{ Body: NewMessage | undefined }>(
    '/v1/messages',
    async (request, reply) => {
      const auth = core.authenticate(request);
      if (!auth) return reply;
      const body = request.body ?? {};
      const { html: _sandboxOnly, ...input } = body;
      return createdMessageJson(postMessage(deps, auth.person, input));
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '/v1/messages',
    async (request, reply) => {
      const auth = core.authenticate(request);
      if (!auth) return reply;
      const { roomId, beforeMessage, mentionedPeople } = request.query;
      const max = parseMax(request.query.max, 50);
      if (!roomId) {
        throw new WebexApiError(400, 'roomId is required.');
      }
      const room = state.rooms.get(roomId);
      if (!room?.memberIds.includes(auth.person.id)) {
        throw new WebexApiError(404, 'Room not found.');
      }
      // Webex only lets bots list group messages that mention them.
      if (
        auth.person.type === 'bot' &&
        room.type === 'group' &&
        mentionedPeople !== 'me'
      ) {
        throw new WebexApiError(
          403,
          'Bots may only list group room messages with mentionedPeople=me.',
        );
      }

      let newestFirst = [...state.messages.values()]
        .filter((message) => message.roomId === roomId)
        .filter(
          (message) =>
            mentionedPeople === undefined ||
            (message.mentionedPeople ?? []).includes(
              mentionedPeople === 'me' ? auth.person.id : mentionedPeople,
            ),
        )
        .reverse();
      if (beforeMessage) {
        const index = newestFirst.findIndex((m) => m.id === beforeMessage);
        if (index === -1) throw notFound(beforeMessage);
        newestFirst = newestFirst.slice(index + 1);
      }

      const page = newestFirst.slice(0, max);
      const last = page.at(-1);
      if (last && newestFirst.length > max) {
        reply.header(
          'Link',
          nextLink(request, '/v1/messages', {
            roomId,
            max: String(max),
            ...(mentionedPeople ? { mentionedPeople } : {}),
            beforeMessage: last.id,
          }),
        );
      }
      return { items: page.map(listMessageJson) };
    },
  );

  app.get<{ Querystring: { personId?: string; personEmail?: string } }>(
    '/v1/messages/direct',
    async (request, reply) => {
      const auth = core.authenticate(request);
      if (!auth) return reply;
      const { personId, personEmail } = request.query;
      if (!personId === !personEmail) {
        throw new WebexApiError(
          400,
          'Exactly one of personId or personEmail must be given.',
        );
      }
      const other = personId
        ? state.people.get(personId)
        : state.findPersonByEmail(personEmail ?? '');
      if (!other) throw new WebexApiError(404, 'Person not found.');
      const room = [...state.rooms.values()].find(
        (candidate) =>
          candidate.type === 'direct' &&
          candidate.memberIds.includes(auth.person.id) &&
          candidate.memberIds.includes(other.id),
      );
      const items = room
        ? [...state.messages.values()]
            .filter((message) => message.roomId === room.id)
            .reverse()
        : [];
      return { items: items.map(listMessageJson) };
    },
  );

  app.get<{ Params: { messageId: string } }>(
    '/v1/messages/:messageId',
    async (request, reply) => {
      const auth = core.authenticate(request);
      if (!auth) return reply;
      return listMessageJson(
        visibleMessage(auth.person, request.params.messageId),
      );
    },
  );

  app.delete<{ Params: { messageId: string } }>(
    '/v1/messages/:messageId',
    async (request, reply) => {
      const auth = core.authenticate(request);
      if (!auth) return reply;
      const message = visibleMessage(auth.person, request.params.messageId);
      if (message.personId !== auth.person.id) {
        throw new WebexApiError(403, 'Only the sender may delete a message.');
      }
      state.messages.delete(message.id);
      deps.bus.publish('message.deleted', { id: message.id });
      return reply.code(204).send();
    },
  );
}
