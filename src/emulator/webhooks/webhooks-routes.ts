/**
 * `/v1/webhooks[/{webhookId}]`: each token's owner sees only their own.
 */
import type { FastifyInstance } from 'fastify';
import type { WebhookDeliveries } from '../deliveries/webhook-deliveries.ts';
import {
  type Authenticated,
  type FullEmulatorCore,
  requireScope,
} from '../emulator-core.ts';
import {
  type EmulatorState,
  SANDBOX_APP_ID,
  type WebhookRecord,
} from '../emulator-state.ts';
import { nextLink, parseMax } from '../http/pagination.ts';
import type { EventBus } from '../sandbox/event-bus.ts';
import { WebexApiError } from '../webex-error.ts';
import { newWebexId, webexId } from '../webex-ids.ts';
import {
  parseWebhookCreate,
  parseWebhookUpdate,
  RESOURCE_READ_SCOPES,
} from './webhook-input.ts';
import { webhookJson } from './webhook-json.ts';

export function registerWebhooksRoutes(
  app: FastifyInstance,
  deps: {
    core: FullEmulatorCore;
    state: EmulatorState;
    deliveries: WebhookDeliveries;
    bus: EventBus;
    now: () => number;
  },
): void {
  const { core, state, deliveries, bus, now } = deps;

  function ownWebhook(auth: Authenticated, webhookId: string): WebhookRecord {
    const webhook = state.webhooks.get(webhookId);
    if (!webhook || webhook.createdBy !== auth.person.id) {
      throw new WebexApiError(404, 'Webhook not found.', {
        description: `No webhook ${webhookId} belongs to this token's owner.`,
      });
    }
    return webhook;
  }

  app.post('/v1/webhooks', async (request, reply) => {
    const auth = core.authenticate(request);
    if (!auth) return reply;
    const input = parseWebhookCreate(request.body);
    const scope = RESOURCE_READ_SCOPES[input.resource];
    if (scope) requireScope(auth, scope);

    const webhook: WebhookRecord = {
      id: newWebexId('WEBHOOK'),
      name: input.name,
      targetUrl: input.targetUrl,
      resource: input.resource,
      event: input.event,
      filter: input.filter ?? null,
      secret: input.secret ?? null,
      orgId: auth.person.orgId,
      createdBy: auth.person.id,
      appId:
        auth.clientId === null
          ? SANDBOX_APP_ID
          : webexId('APPLICATION', auth.clientId),
      ownedBy: input.ownedBy ?? 'creator',
      status: 'active',
      created: new Date(now()).toISOString(),
    };
    state.webhooks.set(webhook.id, webhook);
    bus.publish('webhook.created', webhookJson(webhook));
    return webhookJson(webhook);
  });

  app.get<{ Querystring: { max?: string; after?: string } }>(
    '/v1/webhooks',
    async (request, reply) => {
      const auth = core.authenticate(request);
      if (!auth) return reply;
      const max = parseMax(request.query.max, 100);
      let own = [...state.webhooks.values()].filter(
        (webhook) => webhook.createdBy === auth.person.id,
      );
      const { after } = request.query;
      if (after) own = own.slice(own.findIndex((w) => w.id === after) + 1);

      const page = own.slice(0, max);
      const last = page.at(-1);
      if (last && own.length > max) {
        reply.header(
          'Link',
          nextLink(request, '/v1/webhooks', {
            max: String(max),
            after: last.id,
          }),
        );
      }
      return { items: page.map(webhookJson) };
    },
  );

  app.get<{ Params: { webhookId: string } }>(
    '/v1/webhooks/:webhookId',
    async (request, reply) => {
      const auth = core.authenticate(request);
      if (!auth) return reply;
      return webhookJson(ownWebhook(auth, request.params.webhookId));
    },
  );

  app.put<{ Params: { webhookId: string } }>(
    '/v1/webhooks/:webhookId',
    async (request, reply) => {
      const auth = core.authenticate(request);
      if (!auth) return reply;
      const webhook = ownWebhook(auth, request.params.webhookId);
      const input = parseWebhookUpdate(request.body);

      webhook.name = input.name;
      webhook.targetUrl = input.targetUrl;
      if (input.secret !== undefined) webhook.secret = input.secret;
      if (input.ownedBy !== undefined) webhook.ownedBy = input.ownedBy;
      if (input.status === 'active' && webhook.status === 'inactive') {
        webhook.status = 'active';
        deliveries.reactivated(webhook.id);
      }
      bus.publish('webhook.updated', webhookJson(webhook));
      return webhookJson(webhook);
    },
  );

  app.delete<{ Params: { webhookId: string } }>(
    '/v1/webhooks/:webhookId',
    async (request, reply) => {
      const auth = core.authenticate(request);
      if (!auth) return reply;
      const webhook = ownWebhook(auth, request.params.webhookId);
      state.webhooks.delete(webhook.id);
      deliveries.forget(webhook.id);
      bus.publish('webhook.deleted', { id: webhook.id });
      return reply.code(204).send();
    },
  );
}
