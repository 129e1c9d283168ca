/** The Webex client's public surface. */

export type { AttachmentActionsApi } from './attachment-actions.ts';
export * from './errors.ts';
export type { MessagesApi } from './messages.ts';
export {
  type AuthorizeUrlParams,
  buildAuthorizeUrl,
  type ExchangeCodeParams,
  type IntegrationCredentials,
  type OAuthApi,
} from './oauth.ts';
export { collect, paginate, parseLinkHeader } from './paginate.ts';
export type { PeopleApi } from './people.ts';
export { createPkcePair, type PkcePair, pkceChallenge } from './pkce.ts';
export * from './retry-policy.ts';
export type { CallsApi } from './telephony-calls.ts';
export type * from './types.ts';
export {
  WebexClient,
  type WebexClientOptions,
  type WebexSession,
} from './webex-client.ts';
export {
  type CallOptions,
  type ResponseInfo,
  WebexHttp,
  type WebexHttpOptions,
  type WebexLogger,
  type WebexResponse,
} from './webex-http.ts';
export type { WebhooksApi } from './webhooks.ts';
