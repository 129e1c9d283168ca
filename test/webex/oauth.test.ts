import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { OAuthError } from '../../src/webex/errors.ts';
import { createPkcePair, pkceChallenge } from '../../src/webex/pkce.ts';
import { WebexClient } from '../../src/webex/webex-client.ts';
import {
  type ScriptedServer,
  startScriptedServer,
  webexError,
} from './scripted-server.ts';

const tokens = JSON.parse(
  readFileSync(
    'test/fixtures/webex/oauth_token_response_authorization_code.json',
    'utf8',
  ),
);
const integration = { clientId: 'Cclient', clientSecret: 'CLIENT_SECRET_XYZ' };

let server: ScriptedServer;
let client: WebexClient;

before(async () => {
  server = await startScriptedServer();
  client = new WebexClient({ baseUrl: `${server.origin}/v1`, integration });
});
after(() => server.close());

describe('createPkcePair', () => {
  it('makes a 43-char base64url verifier and its S256 challenge', () => {
    const pair = createPkcePair();

    assert.match(pair.verifier, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(pair.challenge, pkceChallenge(pair.verifier));
    assert.notEqual(createPkcePair().verifier, pair.verifier);
  });

  it('matches the RFC 7636 appendix B example', () => {
    assert.equal(
      pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});

describe('oauth', () => {
  it('builds the authorize URL with PKCE S256', () => {
    const url = new URL(
      client.oauth.buildAuthorizeUrl({
        redirectUri: 'https://bot.example.com/redirect',
        scopes: ['spark:calls_read', 'spark:people_read'],
        state: 'st4te',
        codeChallenge: 'ch4llenge',
      }),
    );

    assert.equal(url.origin + url.pathname, `${server.origin}/v1/authorize`);
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      client_id: 'Cclient',
      response_type: 'code',
      redirect_uri: 'https://bot.example.com/redirect',
      scope: 'spark:calls_read spark:people_read',
      state: 'st4te',
      code_challenge: 'ch4llenge',
      code_challenge_method: 'S256',
    });
  });

  it('exchanges a code with a form-encoded POST', async () => {
    server.script(() => ({ body: tokens }));

    const result = await client.oauth.exchangeCode({
      code: 'AUTH_CODE',
      redirectUri: 'https://bot.example.com/redirect',
      codeVerifier: 'v'.repeat(43),
    });

    assert.equal(result.access_token, tokens.access_token);
    const [request] = server.requests;
    assert.equal(request?.url, '/v1/access_token');
    assert.match(
      String(request?.headers['content-type']),
      /application\/x-www-form-urlencoded/,
    );
    assert.equal(request?.headers.authorization, undefined);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(request?.body)), {
      grant_type: 'authorization_code',
      code: 'AUTH_CODE',
      redirect_uri: 'https://bot.example.com/redirect',
      code_verifier: 'v'.repeat(43),
      client_id: 'Cclient',
      client_secret: 'CLIENT_SECRET_XYZ',
    });
  });

  it('tells a rejected refresh token apart, without leaking it', async () => {
    server.script(() => ({
      status: 400,
      body: webexError(
        'The refresh token provided is expired, revoked, malformed, or invalid.',
        'ROUTER_OA',
      ),
    }));

    const error = await client.oauth
      .refreshAccessToken('REFRESH_TOKEN_SECRET')
      .catch((caught: unknown) => caught);

    assert.ok(error instanceof OAuthError);
    assert.equal(error.isInvalidGrant, true);
    assert.equal(error.isInvalidClient, false);
    assert.equal(error.trackingId, 'ROUTER_OA');
    assert.equal(server.requests.length, 1);
    const body = new URLSearchParams(server.requests[0]?.body);
    assert.equal(body.get('grant_type'), 'refresh_token');
    assert.equal(body.get('refresh_token'), 'REFRESH_TOKEN_SECRET');
    const text = `${error.message} ${JSON.stringify(error)}`;
    assert.ok(!text.includes('REFRESH_TOKEN_SECRET'));
    assert.ok(!text.includes('CLIENT_SECRET_XYZ'));
  });

  it('reads an OAuth-shaped refusal of the client', async () => {
    server.script(() => ({
      status: 401,
      body: { error: 'invalid_client', error_description: 'Bad client' },
    }));

    const error = await client.oauth
      .refreshAccessToken('REFRESH_TOKEN_SECRET')
      .catch((caught: unknown) => caught);

    assert.ok(error instanceof OAuthError);
    assert.equal(error.oauthError, 'invalid_client');
    assert.equal(error.isInvalidClient, true);
    assert.equal(error.isInvalidGrant, false);
    assert.equal(error.description, 'Bad client');
  });

  it('needs the integration credentials', () => {
    const bare = new WebexClient({ baseUrl: `${server.origin}/v1` });
    assert.throws(() => bare.oauth, TypeError);
  });
});
