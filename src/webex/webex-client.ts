/**
 * The Webex REST client. One instance per process holds the transport
 * (base URL, retries, logging); tokens are given per use, so the same
 * client acts as the bot and as any authorized person:
 *
 *   const client = new WebexClient({ baseUrl, integration, logger });
 *   const me = await client.withToken(accessToken).people.me();
 *   const tokens = await client.oauth.refreshAccessToken(refreshToken);
 */
import {
  type AttachmentActionsApi,
  createAttachmentActionsApi,
} from './attachment-actions.ts';
import { createMessagesApi, type MessagesApi } from './messages.ts';
import {
  createOAuthApi,
  type IntegrationCredentials,
  type OAuthApi,
} from './oauth.ts';
import { createPeopleApi, type PeopleApi } from './people.ts';
import { type CallsApi, createCallsApi } from './telephony-calls.ts';
import { WebexHttp, type WebexHttpOptions } from './webex-http.ts';
import { createWebhooksApi, type WebhooksApi } from './webhooks.ts';

export interface WebexClientOptions extends WebexHttpOptions {
  /** Needed only for `client.oauth`. */
  integration?: IntegrationCredentials;
}

/** Every resource, acting with one access token. */
export interface WebexSession {
  people: PeopleApi;
  messages: MessagesApi;
  attachmentActions: AttachmentActionsApi;
  webhooks: WebhooksApi;
  calls: CallsApi;
}

export class WebexClient {
  /** The shared transport, for requests no resource covers yet. */
  readonly http: WebexHttp;

  readonly #integration: IntegrationCredentials | undefined;
  #oauth: OAuthApi | undefined;

  constructor(options: WebexClientOptions) {
    this.http = new WebexHttp(options);
    this.#integration = options.integration;
  }

  /** Resources bound to `token`; cheap, so make one per use. */
  withToken(token: string): WebexSession {
    if (token === '') throw new TypeError('withToken needs a non-empty token');
    return {
      people: createPeopleApi(this.http, token),
      messages: createMessagesApi(this.http, token),
      attachmentActions: createAttachmentActionsApi(this.http, token),
      webhooks: createWebhooksApi(this.http, token),
      calls: createCallsApi(this.http, token),
    };
  }

  /** The integration's authorize URL and token endpoint. */
  get oauth(): OAuthApi {
    if (this.#integration === undefined) {
      throw new TypeError(
        'WebexClient.oauth needs the integration credentials option',
      );
    }
    this.#oauth ??= createOAuthApi(this.http, this.#integration);
    return this.#oauth;
  }
}
