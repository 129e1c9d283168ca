/** `/webhooks`: the subscriptions that bring events to the bot. */
import type {
  CreateWebhookRequest,
  ListWebhooksQuery,
  UpdateWebhookRequest,
  Webhook,
} from './messaging-types.ts';
import { collect, paginate } from './paginate.ts';
import type { CallOptions, WebexHttp } from './webex-http.ts';

export interface WebhooksApi {
  /** `GET /webhooks`, every page. */
  list(query?: ListWebhooksQuery, options?: CallOptions): Promise<Webhook[]>;
  /** `POST /webhooks` (200 with the webhook). */
  create(
    webhook: CreateWebhookRequest,
    options?: CallOptions,
  ): Promise<Webhook>;
  /** `GET /webhooks/{webhookId}`. */
  get(webhookId: string, options?: CallOptions): Promise<Webhook>;
  /**
   * `PUT /webhooks/{webhookId}`: name, targetUrl, secret; `status: active`
   * reactivates a webhook Webex turned off after failed deliveries.
   */
  update(
    webhookId: string,
    changes: UpdateWebhookRequest,
    options?: CallOptions,
  ): Promise<Webhook>;
  /** `DELETE /webhooks/{webhookId}` (204). */
  delete(webhookId: string, options?: CallOptions): Promise<void>;
}

export function createWebhooksApi(http: WebexHttp, token: string): WebhooksApi {
  const path = (id: string) => `webhooks/${encodeURIComponent(id)}`;

  return {
    list(query, options) {
      return collect(
        paginate<Webhook>(http, {
          ...options,
          operation: 'webhooks.list',
          path: 'webhooks',
          query: { ...query },
          token,
        }),
      );
    },

    async create(webhook, options) {
      const response = await http.request<Webhook>({
        ...options,
        operation: 'webhooks.create',
        method: 'POST',
        path: 'webhooks',
        json: webhook,
        token,
      });
      return response.body;
    },

    async get(webhookId, options) {
      const response = await http.request<Webhook>({
        ...options,
        operation: 'webhooks.get',
        method: 'GET',
        path: path(webhookId),
        token,
      });
      return response.body;
    },

    async update(webhookId, changes, options) {
      const response = await http.request<Webhook>({
        ...options,
        operation: 'webhooks.update',
        method: 'PUT',
        path: path(webhookId),
        json: changes,
        token,
      });
      return response.body;
    },

    async delete(webhookId, options) {
      await http.request<undefined>({
        ...options,
        operation: 'webhooks.delete',
        method: 'DELETE',
        path: path(webhookId),
        token,
      });
    },
  };
}
