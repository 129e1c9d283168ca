/**
 * The fidelity sweep: a full scenario over real HTTP (OAuth, people,
 * messages, cards, webhooks, every call-control operation, faults), with
 * every `/v1` response checked against the official spec and every
 * delivery against the real samples, signature included.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createEmulator,
  type Emulator,
} from '../../src/emulator/create-emulator.ts';
import { validateResponse } from '../helpers/openapi.ts';
import { seedWithCarol } from './calls/call-sandbox.ts';
import {
  BOT_TOKEN,
  INTEGRATION,
  type JsonResponse,
} from './emulator-fixture.ts';
import {
  assertDelivery,
  assertKeysLike,
  assertParty,
  assertWebexError,
  MESSAGING,
  operationOf,
  responseProblems,
  sample,
  specOperations,
} from './fidelity-check.ts';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.ts';

/** Operations the emulator leaves out: admin-only or never used. */
const NOT_EMULATED = [
  'PUT /messages/{messageId}',
  'PUT /people/{personId}',
  'DELETE /people/{personId}',
];

const SECRETS = { bot: 'bot-secret-0001', alice: 'alice-secret', bob: 'bob-s' };

describe('fidelity sweep over real HTTP', () => {
  const operations = specOperations();
  const covered = new Set<string>();
  let emulator: Emulator;
  const hooks = {} as Record<'bot' | 'alice' | 'bob', WebhookReceiver>;
  const tokens = {} as Record<'alice' | 'bob' | 'carol', string>;

  /** A `/v1` call whose answer is checked against the spec. */
  async function api(
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<JsonResponse> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = path.startsWith('http') ? path : `${emulator.apiUrl}${path}`;
    const response = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const result = {
      status: response.status,
      headers: response.headers,
      body: text === '' ? undefined : JSON.parse(text),
    };

    const bare = new URL(url).pathname.replace(/^\/v1/, '');
    const operation = operationOf(operations, method, bare);
    assert.ok(operation, `${method} ${bare} is not in the specs`);
    if (result.status >= 400) assertWebexError(result.body, result.headers);
    else covered.add(operation.key);
    assert.deepEqual(
      responseProblems(
        operation.file,
        operation.template,
        method,
        result.status,
        result.body,
      ),
      [],
      `${method} ${bare} → ${result.status}`,
    );
    return result;
  }

  function sandbox(method: string, path: string, body?: unknown) {
    return fetch(`${emulator.url}/_sandbox${path}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
    }).then(async (response) => ({
      status: response.status,
      // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
      body: (await response.text().then((t) => (t ? JSON.parse(t) : t))) as any,
    }));
  }

  async function signIn(email: string): Promise<string> {
    const verifier = 'v'.repeat(43);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirectUri = INTEGRATION.redirectUris[0] as string;
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: INTEGRATION.clientId,
      redirect_uri: redirectUri,
      scope: INTEGRATION.scopes.join(' '),
      state: `flow-${email}`,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      login_hint: email,
    });
    const authorize = await fetch(`${emulator.apiUrl}/authorize?${query}`, {
      redirect: 'manual',
    });
    assert.equal(authorize.status, 302);
    const back = new URL(authorize.headers.get('location') ?? '');
    assert.equal(back.searchParams.get('state'), `flow-${email}`);

    const exchange = await fetch(`${emulator.apiUrl}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: INTEGRATION.clientId,
        client_secret: INTEGRATION.clientSecret,
        code: back.searchParams.get('code') ?? '',
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    });
    assert.equal(exchange.status, 200);
    const granted = (await exchange.json()) as Record<string, unknown>;
    assert.deepEqual(
      Object.keys(granted),
      Object.keys(sample('oauth_token_response_authorization_code')),
    );
    assert.equal(granted.scope, INTEGRATION.scopes.join(' '));
    return String(granted.access_token);
  }

  before(async () => {
    emulator = await createEmulator({
      seed: seedWithCarol(),
      webhooks: { retryDelaysMs: [], timeoutMs: 2000 },
    });
    for (const name of ['bot', 'alice', 'bob'] as const) {
      hooks[name] = await startReceiver();
    }
  });

  after(async () => {
    await emulator.close();
    for (const hook of Object.values(hooks)) await hook.close();
  });

  it('signs people in through OAuth and shows them as the sample does', async () => {
    tokens.alice = await signIn('alice@example.com');
    tokens.bob = await signIn('bob@example.com');
    tokens.carol = await signIn('carol@example.com');

    const me = await api(tokens.alice, 'GET', '/people/me');
    assertKeysLike(
      me.body,
      Object.keys(sample('people_me_response')),
      // Shown by Webex only when set: no sandbox person has them.
      ['avatar', 'sipAddresses'],
      'people/me',
    );
    assert.match(me.body.phoneNumbers[0].value, /^\+1 \d{3} \d{3} \d{4}$/);
    assert.equal(me.body.extension, '1001');
    assert.equal(me.body.type, 'person');

    const bot = await api(BOT_TOKEN, 'GET', '/people/me');
    assert.equal(bot.body.type, 'bot');
    const byId = await api(BOT_TOKEN, 'GET', `/people/${me.body.id}`);
    assert.deepEqual(byId.body, me.body);
    await api(BOT_TOKEN, 'GET', '/people/nobody');
  });

  it('creates webhooks with every field of the sample and the app id', async () => {
    const expectedAppId = Buffer.from(
      `ciscospark://us/APPLICATION/${INTEGRATION.clientId}`,
    )
      .toString('base64')
      .replace(/=+$/, '');
    const listKeys = Object.keys(
      (
        sample('webhooks_list_response').items as Record<string, unknown>[]
      )[0] ?? {},
    );

    for (const resource of ['messages', 'attachmentActions'] as const) {
      const made = await api(BOT_TOKEN, 'POST', '/webhooks', {
        name: `bot ${resource}`,
        targetUrl: hooks.bot.url,
        resource,
        event: 'created',
        secret: SECRETS.bot,
      });
      assert.equal(made.status, 200);
      assertKeysLike(made.body, listKeys, ['secret'], 'webhook');
    }
    for (const name of ['alice', 'bob'] as const) {
      const made = await api(tokens[name], 'POST', '/webhooks', {
        name: `calls of ${name}`,
        targetUrl: hooks[name].url,
        resource: 'telephony_calls',
        event: 'all',
        secret: SECRETS[name],
      });
      assert.equal(made.body.appId, expectedAppId);
      assert.equal(made.body.event, 'all');
    }

    const list = await api(tokens.alice, 'GET', '/webhooks');
    assert.equal(list.body.items.length, 1);
    const [hook] = list.body.items;
    assertKeysLike(hook, listKeys, ['secret'], 'listed webhook');
    await api(tokens.alice, 'GET', `/webhooks/${hook.id}`);
    const renamed = await api(tokens.alice, 'PUT', `/webhooks/${hook.id}`, {
      name: 'renamed',
      targetUrl: hook.targetUrl,
      status: 'active',
    });
    assert.equal(renamed.body.name, 'renamed');
    await api(BOT_TOKEN, 'GET', `/webhooks/${hook.id}`);
  });

  it('sends messages and cards, delivering metadata only, signed', async () => {
    const alice = await api(tokens.alice, 'GET', '/people/me');
    const first = await sandbox('POST', '/messages', {
      fromEmail: 'alice@example.com',
      toEmail: 'callcontrol@webex.bot',
      text: '/dial 1234',
    });
    assert.equal(first.status, 201);
    const [delivery] = await hooks.bot.waitFor(1);
    assert.ok(delivery);
    assertDelivery(delivery, SECRETS.bot);

    const got = await api(BOT_TOKEN, 'GET', `/messages/${first.body.id}`);
    assert.deepEqual(
      Object.keys(got.body),
      Object.keys(sample('message_get_response')),
    );

    const card = await api(BOT_TOKEN, 'POST', '/messages', {
      toPersonId: alice.body.id,
      markdown: 'Incoming call from **Bob**',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: { type: 'AdaptiveCard', version: '1.3', body: [] },
        },
      ],
    });
    assert.equal(card.status, 200);
    assert.equal(card.body.toPersonId, alice.body.id);

    const page = await api(
      BOT_TOKEN,
      'GET',
      `/messages?roomId=${card.body.roomId}&max=1`,
    );
    assert.equal(page.body.items[0].id, card.body.id);
    const next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '');
    assert.ok(next?.[1], 'a Link to the next page');
    const older = await api(BOT_TOKEN, 'GET', next[1]);
    assert.equal(older.body.items[0].id, first.body.id);
    const direct = await api(
      BOT_TOKEN,
      'GET',
      `/messages/direct?personId=${alice.body.id}`,
    );
    assert.equal(direct.body.items.length, 2);

    const action = await api(tokens.alice, 'POST', '/attachment/actions', {
      type: 'submit',
      messageId: card.body.id,
      inputs: { action: 'answer' },
    });
    assert.equal(action.status, 202);
    const deliveries = await hooks.bot.waitFor(2);
    assertDelivery(deliveries[1] as (typeof deliveries)[0], SECRETS.bot);
    const read = await api(
      BOT_TOKEN,
      'GET',
      `/attachment/actions/${action.body.id}`,
    );
    assert.deepEqual(
      Object.keys(read.body),
      Object.keys(sample('attachment_action_get_response')),
    );

    const gone = await api(BOT_TOKEN, 'DELETE', `/messages/${card.body.id}`);
    assert.equal(gone.status, 204);
    await api(BOT_TOKEN, 'GET', `/messages/${card.body.id}`);
  });

  it('runs every call-control operation with spec answers and sample events', async () => {
    const { alice, bob, carol } = tokens;
    const post = (token: string, op: string, body: unknown = {}) =>
      api(token, 'POST', `/telephony/calls/${op}`, body);
    const only = async (token: string) =>
      (await api(token, 'GET', '/telephony/calls')).body.items;

    // An outside caller rings Alice; she answers and uses her call.
    const inbound = await sandbox('POST', '/calls', {
      from: '+15555550199',
      to: 'alice@example.com',
      name: 'Bob Caller',
    });
    assert.equal(inbound.status, 201);
    const [ringing] = await only(alice);
    assertKeysLike(
      ringing,
      Object.keys(
        (sample('telephony_calls_list_response').items as object[])[1] ?? {},
      ),
      [],
      'listed call',
    );
    assertParty(ringing.remoteParty);
    await api(alice, 'GET', `/telephony/calls/${ringing.id}`);
    const callId = ringing.id;
    for (const op of [
      'answer',
      'hold',
      'resume',
      'mute',
      'unmute',
      'startRecording',
      'pauseRecording',
      'resumeRecording',
      'stopRecording',
    ]) {
      assert.equal((await post(alice, op, { callId })).status, 204, op);
    }
    await post(alice, 'transmitDtmf', { callId, dtmf: '1,234' });
    await post(alice, 'hold', { callId });

    // Alice consults Bob (click-to-dial), then transfers the two calls.
    const consult = await post(alice, 'dial', { destination: '1002' });
    assert.equal(consult.status, 201);
    await post(alice, 'answer', { callId: consult.body.callId });
    const [bobLeg] = await only(bob);
    await post(bob, 'answer', { callId: bobLeg.id });
    await post(alice, 'transfer', {
      callId1: callId,
      callId2: consult.body.callId,
    });

    // Bob parks the caller against himself and retrieves it.
    const parked = await post(bob, 'park', { callId: bobLeg.id });
    assert.equal(parked.status, 200);
    assertParty(parked.body.parkedAgainst);
    const retrieved = await post(bob, 'retrieve', {});
    assert.equal(retrieved.status, 201);
    await sandbox('POST', `/calls/${retrieved.body.callId}/answer`);

    // Carol barges in, Bob pulls the call to his desk phone, hangs up.
    const barge = await post(carol, 'bargeIn', { target: '1002' });
    await post(carol, 'answer', { callId: barge.body.callId });
    await post(carol, 'hangup', { callId: barge.body.callId });
    const pulled = await post(bob, 'pull', {});
    await post(bob, 'answer', { callId: pulled.body.callId });
    for (const call of await only(bob)) {
      await post(bob, 'hangup', { callId: call.id });
    }

    // Calls that ring: a mute transfer, a pickup, a divert, a push and a
    // rejection, each from an outside caller.
    const ring = async (to: string) => {
      await sandbox('POST', '/calls', {
        from: '+15555550188',
        to,
        name: 'Dana Caller',
      });
    };
    await ring('alice@example.com');
    const [second] = await only(alice);
    await post(alice, 'answer', { callId: second.id });
    const mute = await post(alice, 'transfer', {
      callId1: second.id,
      destination: '1003',
    });
    assert.equal(mute.status, 201);
    const [carolRinging] = await only(carol);
    await post(carol, 'answer', { callId: carolRinging.id });
    await post(carol, 'hangup', { callId: carolRinging.id });

    await ring('bob@example.com');
    const picked = await post(alice, 'pickup', { target: '1002' });
    await post(alice, 'answer', { callId: picked.body.callId });
    for (const call of await only(alice)) {
      await post(alice, 'divert', { callId: call.id, toVoicemail: true });
    }

    await sandbox('PUT', '/calls/lines/carol@example.com', {
      executive: 'alice@example.com',
    });
    await ring('carol@example.com');
    const [assisted] = await only(carol);
    await post(carol, 'answer', { callId: assisted.id });
    await post(carol, 'push', { callId: assisted.id });
    const [pushed] = await only(alice);
    await post(alice, 'reject', { callId: pushed.id, action: 'busy' });

    assert.deepEqual(await only(alice), []);
    const history = await api(alice, 'GET', '/telephony/calls/history');
    assert.deepEqual(
      Object.keys(history.body.items[0]),
      Object.keys(
        (sample('telephony_call_history_response').items as object[])[0] ?? {},
      ),
    );
    await api(alice, 'GET', '/telephony/calls/history?type=missed');
    await post(alice, 'hangup', { callId: 'gone' });
  });

  it('delivered every telephony event with the samples’ envelope, signed', async () => {
    // Events are queued in order; give the last ones a moment to land.
    await sleep(200);
    for (const name of ['alice', 'bob'] as const) {
      const received = hooks[name].received;
      assert.ok(received.length > 10, `${name} received events`);
      for (const delivery of received) assertDelivery(delivery, SECRETS[name]);
      const first = received[0]?.body as { data: { eventType: string } };
      assert.equal(first.data.eventType, 'received');
    }
    const events = hooks.alice.received.map(
      (r) => `${r.body.event}/${r.body.data.eventType}`,
    );
    assert.deepEqual(events.slice(0, 3), [
      'created/received',
      'updated/updated',
      'updated/answered',
    ]);
  });

  it('refuses with 429 and Retry-After when a fault is armed', async () => {
    const armed = await sandbox('POST', '/faults', {
      path: '/v1/telephony/calls',
      status: 429,
      retryAfter: 3,
      count: 1,
    });
    assert.equal(armed.status, 201);
    const limited = await api(tokens.alice, 'GET', '/telephony/calls');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
    const fine = await api(tokens.alice, 'GET', '/telephony/calls');
    assert.equal(fine.status, 200);
  });

  it('exercised every operation of both specs it emulates', async () => {
    const webhooks = await api(BOT_TOKEN, 'GET', '/webhooks');
    for (const hook of webhooks.body.items) {
      await api(BOT_TOKEN, 'DELETE', `/webhooks/${hook.id}`);
    }
    const missing = [...operations.keys()].filter(
      (key) => !covered.has(key) && !NOT_EMULATED.includes(key),
    );
    assert.deepEqual(missing, []);
    assert.deepEqual(
      validateResponse(MESSAGING, '/webhooks', 'get', 200, { items: [] }),
      [],
    );
  });
});
