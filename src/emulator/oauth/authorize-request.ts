/**
 * Validation of an authorize request's parameters. Refusals here are shown
 * as an error page, never redirected: the redirect itself is not trusted.
 */
import type { EmulatorState } from '../emulator-state.ts';
import type { SeedIntegration } from '../seed.ts';

export interface AuthorizeRequest {
  integration: SeedIntegration;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain';
  /** The parameters to carry through the sign-in form. */
  params: Record<string, string>;
}

const CARRIED = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
];

/** The validated request, or the text of the error page to show. */
export function parseAuthorize(
  state: EmulatorState,
  query: Record<string, string | undefined>,
): AuthorizeRequest | string {
  const integration = query.client_id
    ? state.integrations.get(query.client_id)
    : undefined;
  if (!integration) {
    return 'Unknown client_id: no integration is registered with it.';
  }
  if (query.response_type !== 'code') {
    return 'Unsupported response_type: this sandbox supports "code" only.';
  }

  let redirectUri = query.redirect_uri;
  if (redirectUri === undefined) {
    if (integration.redirectUris.length !== 1) {
      return 'redirect_uri is required: the integration registers several.';
    }
    redirectUri = integration.redirectUris[0] as string;
  } else if (!integration.redirectUris.includes(redirectUri)) {
    return "redirect_uri is not one of the integration's registered redirect URIs.";
  }

  const scopes = (query.scope ?? '').split(/[\s+]+/).filter(Boolean);
  if (scopes.length === 0) return 'Invalid scope: scope is required.';
  const unknown = scopes.filter((scope) => !integration.scopes.includes(scope));
  if (unknown.length > 0) {
    return `Invalid scope: ${unknown.join(', ')} not registered on the integration.`;
  }

  const method = query.code_challenge_method ?? 'plain';
  if (method !== 'S256' && method !== 'plain') {
    return 'code_challenge_method must be S256 or plain.';
  }
  if (query.code_challenge_method && !query.code_challenge) {
    return 'code_challenge_method was given without a code_challenge.';
  }

  const params: Record<string, string> = {};
  for (const name of CARRIED) {
    const value = query[name];
    if (value !== undefined) params[name] = value;
  }
  return {
    integration,
    redirectUri,
    scopes: [...new Set(scopes)],
    state: query.state,
    codeChallenge: query.code_challenge ?? null,
    codeChallengeMethod: method,
    params,
  };
}
