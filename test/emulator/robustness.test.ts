/**
 * Bad input never crashes the emulator: each gets a clear 4xx with a
 * Webex error body, and a webhook target that never answers only costs
 * its own webhook.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createEmulator,
  type Emulator,
} from '../../src/emulator/create-emulator.ts';
import {
  ALICE_TOKEN,
  BOT_TOKEN,
  call,
  INTEGRATION,
} from './emulator-fixture.ts';
import { assertWebexError } from './fidelity-check.ts';

describe('emulator robustness', () => {
  let emulator: Emulator;
  let silent: Server;
  let silentUrl: string;

  before(async () => {
    emulator = await createEmulator({
      webhooks: {
        timeoutMs: 100,
        retryDelaysMs: [],
        maxConsecutiveFailures: 2,
      },
    });
    // Accepts connections and never answers.
    silent = createServer(() => undefined);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
  });

  after(async () => {
    await emulator.close();
    silent.closeAllConnections();
    silent.close();
  });

  async function send(
    path: string,
    init: { method?: string; type?: string; body?: string; auth?: string },
  ) {
    const headers: Record<string, string> = {};
    if (init.type) headers['content-type'] = init.type;
    if (init.auth) headers.authorization = init.auth;
    const response = await fetch(`${emulator.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  }

  async function refused(
    status: number,
    path: string,
    init: Parameters<typeof send>[1] = {},
  ) {
    const result = await send(path, init);
    assert.equal(result.status, status, `${path}: ${result.text}`);
    assertWebexError(JSON.parse(result.text), result.headers);
  }

  const alice = `Bearer ${ALICE_TOKEN}`;
  const json = 'application/json';

  it('refuses malformed JSON, text bodies and huge bodies with 4xx', async () => {
    await refused(400, '/v1/messages', {
      method: 'POST',
      type: json,
      body: '{"text":',
      auth: alice,
    });
    await refused(415, '/v1/messages', {
      method: 'POST',
      type: 'text/plain',
      body: 'hello',
      auth: alice,
    });
    await refused(413, '/v1/messages', {
      method: 'POST',
      type: json,
      body: JSON.stringify({ text: 'x'.repeat(2_000_000) }),
      auth: alice,
    });
    await refused(400, '/v1/telephony/calls/dial', {
      method: 'POST',
      type: json,
      body: '[1,2]',
      auth: alice,
    });
    await refused(400, '/_sandbox/people', {
      method: 'POST',
      type: json,
      body: 'null',
    });
  });

  it('answers unknown routes with a Webex 404', async () => {
    await refused(404, '/v1/nowhere', { auth: alice });
    await refused(404, '/nowhere');
    await refused(401, '/v1/nowhere');
  });

  it('reads a repeated query parameter as its first value', async () => {
    const people = await send(
      '/v1/people?email=alice@example.com&email=bob@example.com',
      { auth: alice },
    );
    assert.equal(people.status, 200);
    assert.equal(
      JSON.parse(people.text).items[0].emails[0],
      'alice@example.com',
    );
    await refused(404, '/v1/messages/direct?personEmail=x@y.z&personEmail=a', {
      auth: alice,
    });
    const page = await send(
      `/v1/authorize?response_type=code&client_id=${INTEGRATION.clientId}&scope=spark:kms&scope=x&login_hint=a&login_hint=b`,
      {},
    );
    assert.equal(page.status, 200);
    assert.match(page.text, /Sign in to the Webex sandbox/);
  });

  it('refuses bad percent-escapes in a filter and in Basic credentials', async () => {
    await refused(400, '/v1/webhooks', {
      method: 'POST',
      type: json,
      auth: alice,
      body: JSON.stringify({
        name: 'x',
        targetUrl: silentUrl,
        resource: 'messages',
        event: 'created',
        filter: 'roomId=%E0%A4%A',
      }),
    });
    const basic = Buffer.from('C%zz:secret%').toString('base64');
    await refused(401, '/v1/access_token', {
      method: 'POST',
      type: 'application/x-www-form-urlencoded',
      auth: `Basic ${basic}`,
      body: 'grant_type=refresh_token&refresh_token=x',
    });
  });

  it('deactivates a webhook whose target never answers and keeps serving', async () => {
    const hook = await call(`${emulator.apiUrl}/webhooks`, {
      method: 'POST',
      token: BOT_TOKEN,
      body: {
        name: 'silent',
        targetUrl: silentUrl,
        resource: 'messages',
        event: 'created',
      },
    });
    for (const text of ['one', 'two']) {
      await call(`${emulator.url}/_sandbox/messages`, {
        method: 'POST',
        body: {
          fromEmail: 'alice@example.com',
          toEmail: 'callcontrol@webex.bot',
          text,
        },
      });
    }
    let status = 'active';
    for (let waited = 0; waited < 2000 && status === 'active'; waited += 50) {
      await sleep(50);
      const me = await call(`${emulator.apiUrl}/people/me`, {
        token: BOT_TOKEN,
      });
      assert.equal(me.status, 200);
      const got = await call(`${emulator.apiUrl}/webhooks/${hook.body.id}`, {
        token: BOT_TOKEN,
      });
      status = got.body.status;
    }
    assert.equal(status, 'inactive');
    const attempts = await call(`${emulator.url}/_sandbox/deliveries`);
    assert.match(attempts.body.items[0].error, /no answer within 100 ms/);
  });
});
