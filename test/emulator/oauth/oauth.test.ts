import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  createEmulator,
  type Emulator,
} from '../../../src/emulator/create-emulator.ts';
import { call, INTEGRATION, type JsonResponse } from '../emulator-fixture.ts';

const sample = JSON.parse(
  readFileSync(
    'test/fixtures/webex/oauth_token_response_authorization_code.json',
    'utf8',
  ),
);
const REDIRECT = INTEGRATION.redirectUris[0] ?? '';
const SCOPES = INTEGRATION.scopes.join(' ');

describe('OAuth', () => {
  let emulator: Emulator;
  let clock = Date.parse('2025-01-01T00:00:00Z');

  before(async () => {
    emulator = await createEmulator({
      now: () => clock,
      accessTokenLifetimeSeconds: 60,
      refreshTokenLifetimeSeconds: 600,
      authorizationCodeLifetimeSeconds: 30,
    });
  });
  after(() => emulator.close());

  function authorizeUrl(params: Record<string, string>): string {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: INTEGRATION.clientId,
      redirect_uri: REDIRECT,
      scope: SCOPES,
      state: 'flow-1',
      ...params,
    });
    return `${emulator.apiUrl}/authorize?${query}`;
  }

  async function authorize(params: Record<string, string> = {}) {
    const response = await fetch(
      authorizeUrl({ login_hint: 'alice@example.com', ...params }),
      { redirect: 'manual' },
    );
    assert.equal(response.status, 302);
    return new URL(response.headers.get('location') ?? '');
  }

  async function token(
    fields: Record<string, string>,
    basic = false,
  ): Promise<Omit<JsonResponse, 'headers'>> {
    const credentials = basic
      ? {}
      : {
          client_id: INTEGRATION.clientId,
          client_secret: INTEGRATION.clientSecret,
        };
    const response = await fetch(`${emulator.apiUrl}/access_token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(basic
          ? {
              authorization: `Basic ${Buffer.from(`${INTEGRATION.clientId}:${INTEGRATION.clientSecret}`).toString('base64')}`,
            }
          : {}),
      },
      body: new URLSearchParams({ ...credentials, ...fields }),
    });
    return { status: response.status, body: await response.json() };
  }

  async function exchange(code: string, extra: Record<string, string> = {}) {
    return token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      ...extra,
    });
  }

  it('signs in with login_hint and trades the code for the sample fields', async () => {
    const location = await authorize();
    assert.equal(location.origin + location.pathname, REDIRECT);
    assert.equal(location.searchParams.get('state'), 'flow-1');

    const tokens = await exchange(location.searchParams.get('code') ?? '');
    assert.equal(tokens.status, 200);
    assert.deepEqual(Object.keys(tokens.body), Object.keys(sample));
    assert.equal(tokens.body.scope, SCOPES);
    assert.equal(tokens.body.expires_in, 60);

    const me = await call(`${emulator.apiUrl}/people/me`, {
      token: tokens.body.access_token,
    });
    assert.equal(me.body.emails[0], 'alice@example.com');
  });

  it('shows a sign-in page of people, not bots, and honours Decline', async () => {
    const page = await fetch(authorizeUrl({}));
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /alice@example\.com/);
    assert.doesNotMatch(html, /callcontrol@webex\.bot/);

    const declined = await fetch(`${emulator.apiUrl}/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        response_type: 'code',
        client_id: INTEGRATION.clientId,
        redirect_uri: REDIRECT,
        scope: SCOPES,
        state: 'flow-2',
        decision: 'decline',
      }),
    });
    const location = new URL(declined.headers.get('location') ?? '');
    assert.equal(location.searchParams.get('error'), 'access_denied');
    assert.equal(location.searchParams.get('state'), 'flow-2');
  });

  it('refuses an unknown client, redirect or scope with a page, never a redirect', async () => {
    for (const params of [
      { client_id: `C${'0'.repeat(64)}` },
      { redirect_uri: 'https://evil.example.invalid/cb' },
      { scope: 'spark:all' },
      { response_type: 'token' },
    ]) {
      const response = await fetch(authorizeUrl(params), {
        redirect: 'manual',
      });
      assert.equal(response.status, 400, JSON.stringify(params));
      assert.equal(response.headers.get('location'), null);
      assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    }
  });

  it('refuses a code used twice', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    assert.equal((await exchange(code)).status, 200);
    const again = await exchange(code);
    assert.equal(again.status, 400);
    assert.match(again.body.errors[0].description, /already been used/);
  });

  it('refuses an expired code and a different redirect_uri', async () => {
    const expired = (await authorize()).searchParams.get('code') ?? '';
    clock += 31_000;
    assert.equal((await exchange(expired)).status, 400);

    const code = (await authorize()).searchParams.get('code') ?? '';
    const wrong = await exchange(code, {
      redirect_uri: 'http://localhost:6001/other',
    });
    assert.equal(wrong.status, 400);
  });

  it('checks the PKCE verifier', async () => {
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };

    const first = (await authorize(pkce)).searchParams.get('code') ?? '';
    const mismatch = await exchange(first, { code_verifier: 'w'.repeat(50) });
    assert.equal(mismatch.status, 400);
    assert.match(mismatch.body.errors[0].description, /code_verifier/);

    const second = (await authorize(pkce)).searchParams.get('code') ?? '';
    assert.equal(
      (await exchange(second, { code_verifier: verifier })).status,
      200,
    );
  });

  it('refuses bad client credentials with 401 and accepts HTTP Basic', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    const bad = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_secret: 'wrong-secret-wrong-secret',
    });
    assert.equal(bad.status, 401);
    assert.ok(bad.body.trackingId);

    const basic = await token(
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      true,
    );
    assert.equal(basic.status, 200);
  });

  it('refreshes without resetting the refresh token, until it expires', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    const first = (await exchange(code)).body;

    clock += 100_000;
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.refresh_token, first.refresh_token);
    assert.notEqual(refreshed.body.access_token, first.access_token);
    assert.equal(refreshed.body.refresh_token_expires_in, 500);

    // The first access token expired on its own; the new one works.
    const old = await call(`${emulator.apiUrl}/people/me`, {
      token: first.access_token,
    });
    assert.equal(old.status, 401);
    const fresh = await call(`${emulator.apiUrl}/people/me`, {
      token: refreshed.body.access_token,
    });
    assert.equal(fresh.status, 200);

    clock += 500_000;
    const late = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    assert.equal(late.status, 400);
    assert.equal(
      late.body.message,
      'The refresh token provided is expired, revoked, malformed, or invalid.',
    );
  });

  it('keeps the previous access token valid after a refresh', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    const first = (await exchange(code)).body;
    await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    const me = await call(`${emulator.apiUrl}/people/me`, {
      token: first.access_token,
    });
    assert.equal(me.status, 200);
  });

  /** Creates a telephony_calls webhook with a person's `token`. */
  const createCallsWebhook = (token: string) =>
    call(`${emulator.apiUrl}/webhooks`, {
      method: 'POST',
      token,
      body: {
        name: 'calls',
        targetUrl: 'http://127.0.0.1:9/hook',
        resource: 'telephony_calls',
        event: 'all',
      },
    });

  it('refuses a telephony_calls webhook without spark:calls_read', async () => {
    const location = await authorize({ scope: 'spark:people_read' });
    const tokens = await exchange(location.searchParams.get('code') ?? '');
    const response = await createCallsWebhook(tokens.body.access_token);
    assert.equal(response.status, 403);
    assert.equal(
      response.body.message,
      'Missing required scope: spark:calls_read',
    );
  });

  it('gives an integration webhook the integration as appId', async () => {
    const tokens = await exchange(
      (await authorize()).searchParams.get('code') ?? '',
    );
    const response = await createCallsWebhook(tokens.body.access_token);
    assert.equal(response.status, 200);
    assert.equal(
      Buffer.from(response.body.appId, 'base64url').toString(),
      `ciscospark://us/APPLICATION/${INTEGRATION.clientId}`,
    );
  });
});
