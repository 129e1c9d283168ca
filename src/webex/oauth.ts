/**
 * The integration's OAuth endpoints: the authorize URL a person opens,
 * and the token endpoint that turns a code or a refresh token into
 * tokens. Client credentials travel in the form body, as Webex's own SDKs
 * send them.
 */
import { OAuthError } from './errors.ts';
import type { TokenResponse } from './types.ts';
import type { CallOptions, FailedResponse, WebexHttp } from './webex-http.ts';

export interface IntegrationCredentials {
  clientId: string;
  clientSecret: string;
}

export interface AuthorizeUrlParams {
  /** The Webex API base, e.g. `https://webexapis.com/v1`. */
  baseUrl: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  /** S256 challenge from `createPkcePair()`. */
  codeChallenge: string;
}

/** `<base>/authorize?response_type=code&…&code_challenge_method=S256`. */
export function buildAuthorizeUrl(params: AuthorizeUrlParams): string {
  const url = new URL(`${params.baseUrl.replace(/\/+$/, '')}/authorize`);
  url.search = new URLSearchParams({
    client_id: params.clientId,
    response_type: 'code',
    redirect_uri: params.redirectUri,
    scope: params.scopes.join(' '),
    state: params.state,
    code_challenge: params.codeChallenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

export interface ExchangeCodeParams {
  code: string;
  /** Must equal the one in the authorize URL. */
  redirectUri: string;
  codeVerifier: string;
}

export interface OAuthApi {
  buildAuthorizeUrl(
    params: Omit<AuthorizeUrlParams, 'baseUrl' | 'clientId'>,
  ): string;
  /** grant_type=authorization_code; throws `OAuthError` on refusal. */
  exchangeCode(
    params: ExchangeCodeParams,
    options?: CallOptions,
  ): Promise<TokenResponse>;
  /**
   * grant_type=refresh_token; an `OAuthError` with `isInvalidGrant` means
   * the person has to authorize again.
   */
  refreshAccessToken(
    refreshToken: string,
    options?: CallOptions,
  ): Promise<TokenResponse>;
}

export function createOAuthApi(
  http: WebexHttp,
  credentials: IntegrationCredentials,
): OAuthApi {
  async function requestToken(
    operation: string,
    grant: Record<string, string>,
    options: CallOptions | undefined,
  ): Promise<TokenResponse> {
    const response = await http.request<TokenResponse>({
      ...options,
      operation,
      method: 'POST',
      path: 'access_token',
      form: {
        ...grant,
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      },
      mapError: toOAuthError,
    });
    return response.body;
  }

  return {
    buildAuthorizeUrl(params) {
      return buildAuthorizeUrl({
        ...params,
        baseUrl: http.baseUrl,
        clientId: credentials.clientId,
      });
    },

    exchangeCode({ code, redirectUri, codeVerifier }, options) {
      return requestToken(
        'oauth.exchangeCode',
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: codeVerifier,
        },
        options,
      );
    },

    refreshAccessToken(refreshToken, options) {
      return requestToken(
        'oauth.refreshAccessToken',
        { grant_type: 'refresh_token', refresh_token: refreshToken },
        options,
      );
    },
  };
}

/**
 * A 4xx other than 429 is a refusal of the grant or the client. The body
 * is either OAuth-shaped (`error`, `error_description`) or Webex-shaped
 * (`message`, `errors[].description`); both are read.
 */
function toOAuthError(failure: FailedResponse): Error | undefined {
  if (failure.status < 400 || failure.status >= 500) return undefined;
  if (failure.status === 429) return undefined;

  const body =
    typeof failure.body === 'object' && failure.body !== null
      ? (failure.body as Record<string, unknown>)
      : {};
  const oauthError = typeof body.error === 'string' ? body.error : null;
  const firstDetail = Array.isArray(body.errors)
    ? (body.errors[0] as { description?: unknown } | undefined)?.description
    : undefined;
  const description = [body.error_description, body.message, firstDetail]
    .concat(typeof failure.body === 'string' ? [failure.body] : [])
    .find((text): text is string => typeof text === 'string' && text !== '');

  return new OAuthError({
    operation: failure.operation,
    status: failure.status,
    oauthError,
    description: description ?? oauthError ?? `HTTP ${failure.status}`,
    trackingId: failure.trackingId,
  });
}
