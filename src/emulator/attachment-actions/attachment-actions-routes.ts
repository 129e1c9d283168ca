/**
 * `POST /v1/attachment/actions` (a card submit, answered 202 as in Webex's
 * spec) and `GET /v1/attachment/actions/{id}`.
 */
import type { FastifyInstance } from 'fastify';
import type { EventDispatcher } from '../deliveries/dispatch-events.ts';
import type { FullEmulatorCore } from '../emulator-core.ts';
import type {
  AttachmentActionRecord,
  EmulatorState,
} from '../emulator-state.ts';
import type { EventBus } from '../sandbox/event-bus.ts';
import { WebexApiError } from '../webex-error.ts';
import { newWebexId } from '../webex-ids.ts';

interface SubmitBody {
  type?: unknown;
  messageId?: unknown;
  inputs?: unknown;
}

function actionJson(action: AttachmentActionRecord): Record<string, unknown> {
  return {
    id: action.id,
    personId: action.personId,
    roomId: action.roomId,
    type: action.type,
    messageId: action.messageId,
    inputs: action.inputs,
    created: action.created,
  };
}

export function registerAttachmentActionsRoutes(
  app: FastifyInstance,
  deps: {
    core: FullEmulatorCore;
    state: EmulatorState;
    dispatcher: EventDispatcher;
    bus: EventBus;
    now: () => number;
  },
): void {
  const { core, state, dispatcher, bus, now } = deps;

  app.post<{ Body: SubmitBody | undefined }>(
    '/v1/attachment/actions',
    async (request, reply) => {
      const auth = core.authenticate(request);
      if (!auth) return reply;
      const { type, messageId, inputs } = request.body ?? {};
      if (
        type !== 'submit' ||
        typeof messageId !== 'string' ||
        typeof inputs !== 'object' ||
        inputs === null ||
        Array.isArray(inputs)
      ) {
        throw new WebexApiError(
          400,
          'The request could not be understood by the server due to malformed syntax.',
          {
            description:
              'A card action needs type "submit", a messageId and an inputs object.',
          },
        );
      }

      const message = state.messages.get(messageId);
      const room = message ? state.rooms.get(message.roomId) : undefined;
      if (!message || !room?.memberIds.includes(auth.person.id)) {
        throw new WebexApiError(404, 'Message not found.');
      }
      if (!message.attachments) {
        throw new WebexApiError(400, 'The message carries no card to submit.');
      }

      const action: AttachmentActionRecord = {
        id: newWebexId('ATTACHMENT_ACTION'),
        personId: auth.person.id,
        roomId: room.id,
        type: 'submit',
        messageId,
        inputs: inputs as Record<string, unknown>,
        created: new Date(now()).toISOString(),
      };
      state.attachmentActions.set(action.id, action);
      bus.publish('attachmentAction.created', action);
      dispatcher.attachmentActionCreated(action, message.personId);
      return reply.code(202).send(actionJson(action));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/attachment/actions/:id',
    async (request, reply) => {
      const auth = core.authenticate(request);
      if (!auth) return reply;
      const action = state.attachmentActions.get(request.params.id);
      const room = action ? state.rooms.get(action.roomId) : undefined;
      if (!action || !room?.memberIds.includes(auth.person.id)) {
        throw new WebexApiError(404, 'Attachment action not found.');
      }
      return actionJson(action);
    },
  );
}
