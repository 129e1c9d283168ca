import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createEmulator,
  type Emulator,
} from '../../../src/emulator/create-emulator.ts';
import { validateResponse } from '../../helpers/openapi.ts';
import {
  ALICE_TOKEN,
  BOB_TOKEN,
  BOT_TOKEN,
  call,
} from '../emulator-fixture.ts';

const SPEC = 'webex-messaging.subset.json';
function fixture(name: string) {
  return JSON.parse(readFileSync(`test/fixtures/webex/${name}`, 'utf8'));
}

describe('emulator API surface', () => {
  let emulator: Emulator;

  before(async () => {
    emulator = await createEmulator();
  });
  after(() => emulator.close());
  beforeEach(() => call(`${emulator.url}/_sandbox/reset`, { method: 'POST' }));

  it('answers people/me per the Person schema, with the sample fields it knows', async () => {
    const me = await call(`${emulator.apiUrl}/people/me`, {
      token: ALICE_TOKEN,
    });
    assert.deepEqual(
      validateResponse(SPEC, '/people/me', 'get', 200, me.body),
      [],
    );
    const sampleKeys = Object.keys(fixture('people_me_response.json'));
    for (const key of Object.keys(me.body))
      assert.ok(sampleKeys.includes(key), key);
    for (const key of [
      'id',
      'emails',
      'phoneNumbers',
      'extension',
      'orgId',
      'type',
    ]) {
      assert.ok(key in me.body, key);
    }

    const byId = await call(`${emulator.apiUrl}/people/${me.body.id}`, {
      token: BOB_TOKEN,
    });
    assert.deepEqual(byId.body, me.body);
    const unknown = await call(`${emulator.apiUrl}/people/nobody`, {
      token: BOB_TOKEN,
    });
    assert.equal(unknown.status, 404);
    const byEmail = await call(
      `${emulator.apiUrl}/people?email=alice@example.com`,
      { token: BOB_TOKEN },
    );
    assert.equal(byEmail.body.items[0].id, me.body.id);
  });

  it('refuses a missing or unknown token with the Webex error body', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const response = await call(`${emulator.apiUrl}/people/me`, {
        ...(token ? { token } : {}),
      });
      assert.equal(response.status, 401);
      assert.deepEqual(
        Object.keys(response.body),
        Object.keys(fixture('error_response.json')),
      );
      assert.equal(
        response.headers.get('trackingid'),
        response.body.trackingId,
      );
    }
  });

  it('answers unknown routes with 404 and malformed JSON with 400', async () => {
    const missing = await call(`${emulator.url}/v2/nothing`);
    assert.equal(missing.status, 404);
    assert.ok(missing.body.errors[0].description);

    const malformed = await fetch(`${emulator.apiUrl}/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ALICE_TOKEN}`,
        'content-type': 'application/json',
      },
      body: '{"text": ',
    });
    assert.equal(malformed.status, 400);
    const refused = (await malformed.json()) as { trackingId?: string };
    assert.ok(refused.trackingId);
  });

  it('serves webhooks per the spec, scoped to their owner', async () => {
    const created = await call(`${emulator.apiUrl}/webhooks`, {
      method: 'POST',
      token: ALICE_TOKEN,
      body: {
        name: 'Test Webhook',
        targetUrl: 'https://bot.example.invalid/',
        resource: 'messages',
        event: 'created',
        secret: 'shh-it-is-a-secret',
      },
    });
    assert.equal(created.status, 200);
    assert.deepEqual(
      validateResponse(SPEC, '/webhooks', 'post', 200, created.body),
      [],
    );
    const sampleKeys = Object.keys(
      fixture('webhooks_list_response.json').items[0],
    );
    assert.deepEqual(
      Object.keys(created.body).filter((key) => key !== 'secret'),
      sampleKeys,
    );
    assert.equal(created.body.secret, 'shh-it-is-a-secret');

    const list = await call(`${emulator.apiUrl}/webhooks`, {
      token: ALICE_TOKEN,
    });
    assert.deepEqual(
      validateResponse(SPEC, '/webhooks', 'get', 200, list.body),
      [],
    );
    assert.equal(list.body.items.length, 1);

    const url = `${emulator.apiUrl}/webhooks/${created.body.id}`;
    assert.equal((await call(url, { token: BOB_TOKEN })).status, 404);
    assert.equal(
      (await call(`${emulator.apiUrl}/webhooks`, { token: BOB_TOKEN })).body
        .items.length,
      0,
    );
    const deactivate = await call(url, {
      method: 'PUT',
      token: ALICE_TOKEN,
      body: {
        name: 'x',
        targetUrl: 'https://bot.example.invalid/',
        status: 'inactive',
      },
    });
    assert.equal(deactivate.status, 400);
    assert.equal(
      (await call(url, { method: 'DELETE', token: ALICE_TOKEN })).status,
      204,
    );
    assert.equal((await call(url, { token: ALICE_TOKEN })).status, 404);
  });

  it('pages webhooks with max and a Link header', async () => {
    for (let n = 0; n < 3; n += 1) {
      await call(`${emulator.apiUrl}/webhooks`, {
        method: 'POST',
        token: ALICE_TOKEN,
        body: {
          name: `w${n}`,
          targetUrl: 'https://a.invalid/',
          resource: 'messages',
          event: 'all',
        },
      });
    }
    const page = await call(`${emulator.apiUrl}/webhooks?max=2`, {
      token: ALICE_TOKEN,
    });
    assert.equal(page.body.items.length, 2);
    const next = /<([^>]+)>; rel="next"/.exec(
      page.headers.get('link') ?? '',
    )?.[1];
    assert.ok(next);
    const rest = await call(next, { token: ALICE_TOKEN });
    assert.deepEqual(
      rest.body.items.map((w: { name: string }) => w.name),
      ['w2'],
    );
  });

  it('injects faults: status, Retry-After, count and path prefixes', async () => {
    await call(`${emulator.url}/_sandbox/faults`, {
      method: 'POST',
      body: { path: '/v1/people/*', status: 429, retryAfter: 3, count: 2 },
    });
    const statuses = [];
    for (let n = 0; n < 3; n += 1) {
      const response = await call(`${emulator.apiUrl}/people/me`, {
        token: ALICE_TOKEN,
      });
      statuses.push(response.status);
      if (n === 0) {
        assert.equal(response.headers.get('retry-after'), '3');
        assert.ok(response.body.trackingId);
      }
    }
    assert.deepEqual(statuses, [429, 429, 200]);

    await call(`${emulator.url}/_sandbox/faults`, {
      method: 'POST',
      body: { method: 'POST', path: '/v1/messages', status: 503, count: 5 },
    });
    await call(`${emulator.url}/_sandbox/faults`, { method: 'DELETE' });
    const after = await call(`${emulator.apiUrl}/messages`, {
      method: 'POST',
      token: ALICE_TOKEN,
      body: { toPersonEmail: 'bob@example.com', text: 'hi' },
    });
    assert.equal(after.status, 200);
  });

  it('logs requests without tokens or queries, and resets to the seed', async () => {
    await call(`${emulator.apiUrl}/people/me?secret=1`, { token: ALICE_TOKEN });
    const created = await call(`${emulator.url}/_sandbox/people`, {
      method: 'POST',
      body: {
        displayName: 'Carol Desk',
        email: 'carol@example.com',
        extension: '1003',
      },
    });
    assert.equal(created.status, 201);
    const carol = await call(`${emulator.apiUrl}/people/me`, {
      token: created.body.accessToken,
    });
    assert.equal(carol.body.extension, '1003');

    const requests = await call(`${emulator.url}/_sandbox/requests`);
    assert.deepEqual(
      requests.body.items.map((r: { path: string; status: number }) => [
        r.path,
        r.status,
      ]),
      [
        ['/v1/people/me', 200],
        ['/v1/people/me', 200],
      ],
    );
    assert.doesNotMatch(JSON.stringify(requests.body), /token|secret/);

    await call(`${emulator.url}/_sandbox/reset`, { method: 'POST' });
    const state = await call(`${emulator.url}/_sandbox/state`);
    assert.deepEqual(
      state.body.people.map((p: { email: string }) => p.email),
      ['callcontrol@webex.bot', 'alice@example.com', 'bob@example.com'],
    );
    assert.equal(state.body.integrations[0].clientSecret.length > 0, true);
    assert.ok('calls' in state.body);
  });

  it("resets the bot's own webhooks too, while its token keeps working", async () => {
    const made = await call(`${emulator.apiUrl}/webhooks`, {
      method: 'POST',
      token: BOT_TOKEN,
      body: {
        name: 'bot messages',
        targetUrl: 'http://127.0.0.1:9/webhooks',
        resource: 'messages',
        event: 'created',
      },
    });
    assert.equal(made.status, 200);

    await call(`${emulator.url}/_sandbox/reset`, { method: 'POST' });
    const after = await call(`${emulator.apiUrl}/webhooks`, {
      token: BOT_TOKEN,
    });
    assert.equal(after.status, 200);
    assert.deepEqual(after.body.items, []);
  });

  it('streams changes as server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(`${emulator.url}/_sandbox/events`, {
      signal: controller.signal,
    });
    assert.match(
      response.headers.get('content-type') ?? '',
      /text\/event-stream/,
    );
    const reader = response.body?.getReader();
    assert.ok(reader);

    await call(`${emulator.url}/_sandbox/messages`, {
      method: 'POST',
      body: {
        fromEmail: 'alice@example.com',
        toEmail: 'bob@example.com',
        text: 'hi',
      },
    });
    let text = '';
    while (!text.includes('event: message.created')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += Buffer.from(chunk.value).toString('utf8');
    }
    controller.abort();
    assert.match(text, /event: message\.created\ndata: \{/);
  });
});
