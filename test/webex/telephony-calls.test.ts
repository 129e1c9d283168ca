import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { WebexClient } from '../../src/webex/webex-client.ts';
import { type ScriptedServer, startScriptedServer } from './scripted-server.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(`test/fixtures/webex/${name}.json`, 'utf8'));

let server: ScriptedServer;
let client: WebexClient;

before(async () => {
  server = await startScriptedServer();
  client = new WebexClient({ baseUrl: `${server.origin}/v1` });
});
after(() => server.close());

const calls = () => client.withToken('person-token').calls;

describe('calls', () => {
  it('dials and returns the new call ids (201)', async () => {
    server.script(() => ({
      status: 201,
      body: fixture('telephony_dial_response'),
    }));

    const result = await calls().dial({ destination: '+15555550199' });

    assert.equal(result.callId, fixture('telephony_dial_response').callId);
    assert.equal(server.requests[0]?.url, '/v1/telephony/calls/dial');
    assert.equal(server.requests[0]?.method, 'POST');
  });

  it('sends each action to its own path and resolves on 204', async () => {
    server.script(() => ({ status: 204 }));
    const api = calls();

    await api.answer({ callId: 'c1', endpointId: 'e1' });
    await api.hold({ callId: 'c1' });
    await api.startRecording({ callId: 'c1' });
    await api.transmitDtmf({ callId: 'c1', dtmf: '1,234' });

    assert.deepEqual(
      server.requests.map((request) => request.url),
      [
        '/v1/telephony/calls/answer',
        '/v1/telephony/calls/hold',
        '/v1/telephony/calls/startRecording',
        '/v1/telephony/calls/transmitDtmf',
      ],
    );
    assert.deepEqual(JSON.parse(server.requests[3]?.body ?? ''), {
      callId: 'c1',
      dtmf: '1,234',
    });
  });

  it('returns null for an attended transfer and ids for a mute one', async () => {
    server.script((request) =>
      JSON.parse(request.body).destination
        ? { status: 201, body: { callId: 'c3', callSessionId: 's3' } }
        : { status: 204 },
    );

    assert.equal(
      await calls().transfer({ callId1: 'c1', callId2: 'c2' }),
      null,
    );
    assert.deepEqual(
      await calls().transfer({ callId1: 'c1', destination: '1002' }),
      { callId: 'c3', callSessionId: 's3' },
    );
  });

  it('parks and returns the party parked against (200)', async () => {
    server.script(() => ({ body: fixture('telephony_park_response') }));

    const result = await calls().park({ callId: 'c1' });

    assert.equal(result.parkedAgainst.number, '+15555550123');
  });

  it('lists calls, details and history as typed items', async () => {
    server.script((request) => {
      if (request.url.startsWith('/v1/telephony/calls/history')) {
        return { body: fixture('telephony_call_history_response') };
      }
      if (request.url.startsWith('/v1/telephony/calls?')) {
        return { body: fixture('telephony_calls_list_response') };
      }
      return { body: fixture('telephony_calls_list_response').items[0] };
    });

    const active = await calls().list({ lineOwnerId: 'owner' });
    const details = await calls().details('a/b');
    const missed = await calls().history({ type: 'missed' });

    assert.equal(active.length, 2);
    assert.equal(details.state, 'connected');
    assert.equal(missed[0]?.type, 'received');
    assert.deepEqual(
      server.requests.map((request) => request.url),
      [
        '/v1/telephony/calls?lineOwnerId=owner',
        '/v1/telephony/calls/a%2Fb',
        '/v1/telephony/calls/history?type=missed',
      ],
    );
  });
});

describe('messages', () => {
  it('creates, fetches and deletes a message', async () => {
    server.script((request) => {
      if (request.method === 'DELETE') return { status: 204 };
      return { body: fixture('message_get_response') };
    });
    const messages = client.withToken('bot-token').messages;

    await messages.create({ toPersonEmail: 'alice@example.com', text: 'hi' });
    const message = await messages.get('m1');
    await messages.delete('m1');

    assert.equal(message.id, fixture('message_get_response').id);
    assert.deepEqual(
      server.requests.map((request) => `${request.method} ${request.url}`),
      ['POST /v1/messages', 'GET /v1/messages/m1', 'DELETE /v1/messages/m1'],
    );
    assert.deepEqual(JSON.parse(server.requests[0]?.body ?? ''), {
      toPersonEmail: 'alice@example.com',
      text: 'hi',
    });
  });
});
