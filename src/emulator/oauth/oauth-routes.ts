/**
 * OAuth as Webex serves it: `GET /v1/authorize` (sign-in and consent, or
 * straight through with `login_hint`), the page's `POST /v1/authorize`, and
 * `POST /v1/access_token` (authorization_code and refresh_token grants).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorState, PersonRecord } from '../emulator-state.ts';
import { MESSAGES, WebexApiError } from '../webex-error.ts';
import { type AuthorizeRequest, parseAuthorize } from './authorize-request.ts';
import type { OAuthGrants } from './oauth-grants.ts';
import { errorPage, signInPage } from './oauth-pages.ts';

type Params = Record<string, string | undefined>;

function redirectTo(
  reply: FastifyReply,
  authorize: AuthorizeRequest,
  params: Record<string, string>,
): FastifyReply {
  const target = new URL(authorize.redirectUri);
  for (const [name, value] of Object.entries(params)) {
    target.searchParams.set(name, value);
  }
  if (authorize.state !== undefined) {
    target.searchParams.set('state', authorize.state);
  }
  return reply.redirect(target.toString(), 302);
}

/** RFC 6749 form-decodes Basic credentials; a bad escape stays as sent. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** Client credentials from the body or from HTTP Basic. */
function clientCredentials(
  body: Params,
  authorization: string | undefined,
): { clientId?: string; clientSecret?: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      return {
        clientId: safeDecode(decoded.slice(0, colon)),
        clientSecret: safeDecode(decoded.slice(colon + 1)),
      };
    }
  }
  return {
    ...(body.client_id ? { clientId: body.client_id } : {}),
    ...(body.client_secret ? { clientSecret: body.client_secret } : {}),
  };
}

export function registerOAuthRoutes(
  app: FastifyInstance,
  deps: { state: EmulatorState; grants: OAuthGrants },
): void {
  const { state, grants } = deps;

  function signIn(
    reply: FastifyReply,
    authorize: AuthorizeRequest,
    person: PersonRecord,
  ): FastifyReply {
    const code = grants.issueCode({
      clientId: authorize.integration.clientId,
      redirectUri: authorize.redirectUri,
      personId: person.id,
      scopes: authorize.scopes,
      codeChallenge: authorize.codeChallenge,
      codeChallengeMethod: authorize.codeChallengeMethod,
    });
    return redirectTo(reply, authorize, { code });
  }

  function sandboxPerson(email: string | undefined): PersonRecord | undefined {
    const person = email ? state.findPersonByEmail(email) : undefined;
    return person?.type === 'person' ? person : undefined;
  }

  app.get<{ Querystring: Params }>('/v1/authorize', async (request, reply) => {
    const authorize = parseAuthorize(state, request.query);
    if (typeof authorize === 'string') {
      return reply.code(400).type('text/html').send(errorPage(authorize));
    }
    const hinted = sandboxPerson(request.query.login_hint);
    if (hinted) return signIn(reply, authorize, hinted);

    const html = signInPage({
      integrationName: authorize.integration.name,
      scopes: authorize.scopes,
      params: authorize.params,
      people: [...state.people.values()].filter((p) => p.type === 'person'),
    });
    return reply.type('text/html').send(html);
  });

  app.post<{ Body: Params | undefined }>(
    '/v1/authorize',
    async (request, reply) => {
      const body = request.body ?? {};
      const authorize = parseAuthorize(state, body);
      if (typeof authorize === 'string') {
        return reply.code(400).type('text/html').send(errorPage(authorize));
      }
      if (body.decision === 'decline') {
        return redirectTo(reply, authorize, { error: 'access_denied' });
      }
      const person = sandboxPerson(body.email);
      if (!person) {
        return reply
          .code(400)
          .type('text/html')
          .send(errorPage('Choose one of the sandbox people to sign in.'));
      }
      return signIn(reply, authorize, person);
    },
  );

  app.post<{ Body: Params | undefined }>(
    '/v1/access_token',
    async (request) => {
      const body = request.body ?? {};
      const { clientId, clientSecret } = clientCredentials(
        body,
        request.headers.authorization,
      );
      const integration = clientId
        ? state.integrations.get(clientId)
        : undefined;
      if (!integration || integration.clientSecret !== clientSecret) {
        throw new WebexApiError(401, MESSAGES[401], {
          description: 'Client id or client secret is invalid.',
        });
      }

      if (body.grant_type === 'authorization_code') {
        return grants.redeemCode({
          code: body.code,
          clientId: integration.clientId,
          redirectUri: body.redirect_uri,
          codeVerifier: body.code_verifier,
        });
      }
      if (body.grant_type === 'refresh_token') {
        return grants.refresh(body.refresh_token, integration.clientId);
      }
      throw new WebexApiError(400, MESSAGES[400], {
        description: 'grant_type must be authorization_code or refresh_token.',
      });
    },
  );
}
