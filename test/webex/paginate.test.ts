import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseLinkHeader } from '../../src/webex/paginate.ts';
import { WebexClient } from '../../src/webex/webex-client.ts';
import { type ScriptedServer, startScriptedServer } from './scripted-server.ts';

let server: ScriptedServer;

before(async () => {
  server = await startScriptedServer();
});
after(() => server.close());

describe('pagination', () => {
  it('follows rel="next" verbatim across three pages', async () => {
    const next = (cursor: string) =>
      `<${server.origin}/v1/webhooks?max=2&cursor=${cursor}>; rel="next"`;
    server.script((request) => {
      const cursor = new URL(request.url, server.origin).searchParams.get(
        'cursor',
      );
      if (cursor === null) {
        return {
          headers: { link: next('b') },
          body: { items: [{ id: 'w1' }, { id: 'w2' }] },
        };
      }
      if (cursor === 'b') {
        return {
          headers: { link: `${next('c')}, <${server.origin}/x>; rel="prev"` },
          body: { items: [{ id: 'w3' }, { id: 'w4' }] },
        };
      }
      return { body: { items: [{ id: 'w5' }] } };
    });
    const client = new WebexClient({ baseUrl: `${server.origin}/v1` });

    const webhooks = await client.withToken('t0k3n').webhooks.list({ max: 2 });

    assert.deepEqual(
      webhooks.map((webhook) => webhook.id),
      ['w1', 'w2', 'w3', 'w4', 'w5'],
    );
    assert.deepEqual(
      server.requests.map((request) => request.url),
      [
        '/v1/webhooks?max=2',
        '/v1/webhooks?max=2&cursor=b',
        '/v1/webhooks?max=2&cursor=c',
      ],
    );
    assert.ok(
      server.requests.every((r) => r.headers.authorization === 'Bearer t0k3n'),
    );
  });

  it('fetches a page only when the iterator needs it', async () => {
    server.script(() => ({
      headers: { link: `<${server.origin}/v1/messages?page=2>; rel="next"` },
      body: { items: [{ id: 'm1' }, { id: 'm2' }] },
    }));
    const client = new WebexClient({ baseUrl: `${server.origin}/v1` });

    for await (const message of client
      .withToken('t0k3n')
      .messages.list({ roomId: 'r1' })) {
      assert.equal(message.id, 'm1');
      break;
    }

    assert.equal(server.requests.length, 1);
  });

  it('never sends the token to a next link on another origin', async () => {
    server.script(() => ({
      headers: { link: '<http://198.51.100.7/v1/webhooks?p=2>; rel="next"' },
      body: { items: [{ id: 'w1' }] },
    }));
    const client = new WebexClient({ baseUrl: `${server.origin}/v1` });

    await assert.rejects(
      client.withToken('t0k3n').webhooks.list(),
      /refusing to send a Webex request to http:\/\/198\.51\.100\.7/,
    );
    assert.equal(server.requests.length, 1);
  });

  it('parses several relations of a Link header', () => {
    assert.deepEqual(
      parseLinkHeader('<https://a/1?x=1>; rel="next", <https://a/0>; rel=prev'),
      { next: 'https://a/1?x=1', prev: 'https://a/0' },
    );
    assert.deepEqual(parseLinkHeader(null), {});
  });
});
