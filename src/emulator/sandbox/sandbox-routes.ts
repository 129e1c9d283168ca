/**
 * The sandbox control API under `/_sandbox`: add people and rooms, speak as
 * a person, inspect state, deliveries and requests, inject faults, reset.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CallSimulatorPlugin } from '../contract.ts';
import type { WebhookDeliveries } from '../deliveries/webhook-deliveries.ts';
import type { EmulatorState, RoomRecord } from '../emulator-state.ts';
import type { RequestRecord } from '../http/install-http-hooks.ts';
import { listMessageJson } from '../messages/message-json.ts';
import { type MessageContext, postMessage } from '../messages/post-message.ts';
import { describeClash } from '../people/person-clash.ts';
import { personJson } from '../people/person-json.ts';
import { SeedPersonSchema } from '../seed.ts';
import { WebexApiError } from '../webex-error.ts';
import { newWebexId } from '../webex-ids.ts';
import { webhookJson } from '../webhooks/webhook-json.ts';
import type { EventBus } from './event-bus.ts';
import { type FaultInjector, FaultSchema } from './fault-injector.ts';
import { streamEvents } from './stream-events.ts';

export interface SandboxDeps extends MessageContext {
  state: EmulatorState;
  bus: EventBus;
  deliveries: WebhookDeliveries;
  faults: FaultInjector;
  requests: RequestRecord[];
  calls: CallSimulatorPlugin;
  reset(): void;
  openStreams: Set<() => void>;
}

const NewPersonSchema = SeedPersonSchema.omit({ accessToken: true });

const SandboxMessageSchema = z
  .object({
    fromEmail: z.email(),
    toEmail: z.email().optional(),
    roomId: z.string().min(1).optional(),
    text: z.string(),
    html: z.string().optional(),
  })
  .refine((body) => (body.toEmail === undefined) !== !body.roomId, {
    message: 'give exactly one of toEmail or roomId',
  });

const RoomSchema = z.object({
  title: z.string().min(1),
  memberEmails: z.array(z.email()).min(1),
});

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const description = result.error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  throw new WebexApiError(400, `Invalid sandbox request: ${description}`);
}

export function registerSandboxRoutes(
  app: FastifyInstance,
  deps: SandboxDeps,
): void {
  const { state, bus } = deps;

  app.post('/_sandbox/people', async (request, reply) => {
    const input = parseBody(NewPersonSchema, request.body);
    const clash = state.findPersonClash(input);
    if (clash) {
      throw new WebexApiError(
        409,
        `Cannot add ${input.email}: ${describeClash(clash)}.`,
      );
    }
    const { person, accessToken } = state.addPerson(input);
    bus.publish('person.created', personJson(person));
    return reply.code(201).send({ ...personJson(person), accessToken });
  });

  app.post('/_sandbox/rooms', async (request, reply) => {
    const input = parseBody(RoomSchema, request.body);
    const memberIds = input.memberEmails.map((email) => {
      const person = state.findPersonByEmail(email);
      if (!person) throw new WebexApiError(404, `No sandbox person ${email}.`);
      return person.id;
    });
    const room: RoomRecord = {
      id: newWebexId('ROOM'),
      type: 'group',
      title: input.title,
      memberIds: [...new Set(memberIds)],
      created: new Date(deps.now()).toISOString(),
    };
    state.rooms.set(room.id, room);
    bus.publish('room.created', room);
    return reply.code(201).send(room);
  });

  app.post('/_sandbox/messages', async (request, reply) => {
    const input = parseBody(SandboxMessageSchema, request.body);
    const sender = state.findPersonByEmail(input.fromEmail);
    if (!sender) {
      throw new WebexApiError(404, `No sandbox person ${input.fromEmail}.`);
    }
    const message = postMessage(deps, sender, {
      ...(input.toEmail ? { toPersonEmail: input.toEmail } : {}),
      ...(input.roomId ? { roomId: input.roomId } : {}),
      text: input.text,
      ...(input.html === undefined ? {} : { html: input.html }),
    });
    return reply.code(201).send(listMessageJson(message));
  });

  app.get('/_sandbox/deliveries', async () => ({
    items: deps.deliveries.attempts(),
  }));

  app.get('/_sandbox/requests', async () => ({ items: [...deps.requests] }));

  app.get('/_sandbox/state', async () => ({
    people: [...state.people.values()].map((person) => ({
      ...person,
      accessToken: state.personalTokenOf(person.id) ?? null,
    })),
    integrations: [...state.integrations.values()],
    rooms: [...state.rooms.values()],
    messages: [...state.messages.values()],
    attachmentActions: [...state.attachmentActions.values()],
    webhooks: [...state.webhooks.values()].map(webhookJson),
    faults: deps.faults.list(),
    calls: deps.calls.snapshot(),
  }));

  app.post('/_sandbox/reset', async (_request, reply) => {
    deps.reset();
    return reply.code(204).send();
  });

  app.post('/_sandbox/faults', async (request, reply) => {
    deps.faults.add(parseBody(FaultSchema, request.body));
    return reply.code(201).send({ items: deps.faults.list() });
  });

  app.delete('/_sandbox/faults', async (_request, reply) => {
    deps.faults.clear();
    return reply.code(204).send();
  });

  app.get('/_sandbox/events', (request, reply) => {
    streamEvents(request, reply, bus, deps.openStreams);
  });
}
