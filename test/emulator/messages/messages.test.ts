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
const getSample = JSON.parse(
  readFileSync('test/fixtures/webex/message_get_response.json', 'utf8'),
);
const card = {
  contentType: 'application/vnd.microsoft.card.adaptive',
  content: { type: 'AdaptiveCard', version: '1.3', body: [] },
};

describe('messages', () => {
  let emulator: Emulator;
  let messages: string;

  before(async () => {
    emulator = await createEmulator();
    messages = `${emulator.apiUrl}/messages`;
  });
  after(() => emulator.close());
  beforeEach(() => call(`${emulator.url}/_sandbox/reset`, { method: 'POST' }));

  function send(token: string, body: Record<string, unknown>) {
    return call(messages, { method: 'POST', token, body });
  }

  it('sends a 1:1 message that matches the spec and the sample fields', async () => {
    const sent = await send(BOT_TOKEN, {
      toPersonEmail: 'alice@example.com',
      text: '/dial 1234',
    });
    assert.equal(sent.status, 200);
    assert.deepEqual(
      validateResponse(SPEC, '/messages', 'post', 200, sent.body),
      [],
    );
    assert.equal(sent.body.roomType, 'direct');

    const got = await call(`${messages}/${sent.body.id}`, {
      token: ALICE_TOKEN,
    });
    assert.deepEqual(
      validateResponse(SPEC, '/messages/{messageId}', 'get', 200, got.body),
      [],
    );
    assert.deepEqual(Object.keys(got.body), Object.keys(getSample));
  });

  it('keeps markdown and renders html and plain text from it', async () => {
    const sent = await send(ALICE_TOKEN, {
      toPersonEmail: 'bob@example.com',
      markdown: '**Call** from *Bob*',
    });
    assert.equal(sent.body.markdown, '**Call** from *Bob*');
    assert.equal(
      sent.body.html,
      '<p><strong>Call</strong> from <em>Bob</em></p>',
    );
    assert.equal(sent.body.text, 'Call from Bob');
  });

  it('refuses text over 7439 bytes', async () => {
    const ok = await send(ALICE_TOKEN, {
      toPersonEmail: 'bob@example.com',
      text: 'x'.repeat(7439),
    });
    assert.equal(ok.status, 200);
    const tooLong = await send(ALICE_TOKEN, {
      toPersonEmail: 'bob@example.com',
      markdown: 'é'.repeat(3720),
    });
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.body.errors[0].description, /7439 bytes/);
  });

  it('refuses a message with empty or blank text and markdown, from the API and the sandbox', async () => {
    for (const content of [
      {},
      { text: '' },
      { text: '  \n' },
      { markdown: '' },
      { text: '', markdown: ' ' },
      { text: '', attachments: [] },
    ]) {
      const refused = await send(ALICE_TOKEN, {
        toPersonEmail: 'bob@example.com',
        ...content,
      });
      assert.equal(refused.status, 400, JSON.stringify(content));
      assert.match(refused.body.errors[0].description, /non-empty text/);
    }
    const fromSandbox = await call(`${emulator.url}/_sandbox/messages`, {
      method: 'POST',
      body: {
        fromEmail: 'alice@example.com',
        toEmail: 'callcontrol@webex.bot',
        text: '',
      },
    });
    assert.equal(fromSandbox.status, 400);
    const state = await call(`${emulator.url}/_sandbox/state`);
    assert.equal(state.body.messages.length, 0);

    const cardOnly = await send(BOT_TOKEN, {
      toPersonEmail: 'alice@example.com',
      text: '',
      attachments: [card],
    });
    assert.equal(cardOnly.status, 200);
  });

  it('accepts one adaptive card and refuses malformed ones', async () => {
    const ok = await send(BOT_TOKEN, {
      toPersonEmail: 'alice@example.com',
      text: 'fallback',
      attachments: [card],
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.attachments, [card]);

    for (const attachments of [
      [card, card],
      [{ ...card, contentType: 'text/plain' }],
      [{ ...card, content: { type: 'AdaptiveCard', body: [] } }],
    ]) {
      const refused = await send(BOT_TOKEN, {
        toPersonEmail: 'alice@example.com',
        text: 'fallback',
        attachments,
      });
      assert.equal(refused.status, 400, JSON.stringify(attachments));
      assert.ok(refused.body.trackingId);
    }
  });

  it('lists newest first and pages with a Link header', async () => {
    const ids = [];
    for (let n = 0; n < 5; n += 1) {
      const sent = await send(ALICE_TOKEN, {
        toPersonEmail: 'bob@example.com',
        text: `message ${n}`,
      });
      ids.push(sent.body.id);
    }
    const roomId = (await call(`${messages}/${ids[0]}`, { token: BOB_TOKEN }))
      .body.roomId;

    const first = await call(`${messages}?roomId=${roomId}&max=2`, {
      token: BOB_TOKEN,
    });
    assert.deepEqual(
      validateResponse(SPEC, '/messages', 'get', 200, first.body),
      [],
    );
    assert.deepEqual(
      first.body.items.map((m: { id: string }) => m.id),
      [ids[4], ids[3]],
    );
    const link = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '');
    assert.ok(link?.[1]);

    const seen = [...first.body.items];
    let next: string | undefined = link[1];
    while (next) {
      const page = await call(next, { token: BOB_TOKEN });
      seen.push(...page.body.items);
      next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
    }
    assert.deepEqual(
      seen.map((m: { id: string }) => m.id),
      [...ids].reverse(),
    );
  });

  it('finds 1:1 messages by personEmail and personId', async () => {
    const sent = await send(ALICE_TOKEN, {
      toPersonEmail: 'bob@example.com',
      text: 'hi',
    });
    const byEmail = await call(
      `${messages}/direct?personEmail=alice@example.com`,
      { token: BOB_TOKEN },
    );
    assert.deepEqual(
      validateResponse(SPEC, '/messages/direct', 'get', 200, byEmail.body),
      [],
    );
    assert.equal(byEmail.body.items[0].id, sent.body.id);

    const byId = await call(
      `${messages}/direct?personId=${sent.body.personId}`,
      { token: BOB_TOKEN },
    );
    assert.equal(byId.body.items.length, 1);
  });

  it('hides a message from people outside its room and lets its sender delete it', async () => {
    const sent = await send(ALICE_TOKEN, {
      toPersonEmail: 'bob@example.com',
      text: 'private',
    });
    const outsider = await call(`${messages}/${sent.body.id}`, {
      token: BOT_TOKEN,
    });
    assert.equal(outsider.status, 404);

    const byOther = await call(`${messages}/${sent.body.id}`, {
      method: 'DELETE',
      token: BOB_TOKEN,
    });
    assert.equal(byOther.status, 403);
    const deleted = await call(`${messages}/${sent.body.id}`, {
      method: 'DELETE',
      token: ALICE_TOKEN,
    });
    assert.equal(deleted.status, 204);
    const gone = await call(`${messages}/${sent.body.id}`, {
      token: ALICE_TOKEN,
    });
    assert.equal(gone.status, 404);
  });

  it('sets mentionedPeople from markdown mentions in group rooms', async () => {
    const room = await call(`${emulator.url}/_sandbox/rooms`, {
      method: 'POST',
      body: {
        title: 'Team',
        memberEmails: ['alice@example.com', 'bob@example.com'],
      },
    });
    const sent = await send(ALICE_TOKEN, {
      roomId: room.body.id,
      markdown: 'ping <@personEmail:bob@example.com|Bob>',
    });
    const bob = await call(`${emulator.apiUrl}/people/me`, {
      token: BOB_TOKEN,
    });
    assert.deepEqual(sent.body.mentionedPeople, [bob.body.id]);
    assert.match(sent.body.html, /<spark-mention data-object-type="person"/);
  });

  it('submits a card action with 202 and returns it by id', async () => {
    const cardMessage = await send(BOT_TOKEN, {
      toPersonEmail: 'alice@example.com',
      text: 'fallback',
      attachments: [card],
    });
    const submitted = await call(`${emulator.apiUrl}/attachment/actions`, {
      method: 'POST',
      token: ALICE_TOKEN,
      body: {
        type: 'submit',
        messageId: cardMessage.body.id,
        inputs: { action: 'answer' },
      },
    });
    assert.equal(submitted.status, 202);
    assert.deepEqual(
      validateResponse(
        SPEC,
        '/attachment/actions',
        'post',
        202,
        submitted.body,
      ),
      [],
    );
    const got = await call(
      `${emulator.apiUrl}/attachment/actions/${submitted.body.id}`,
      { token: BOT_TOKEN },
    );
    assert.deepEqual(got.body.inputs, { action: 'answer' });
    const sample = JSON.parse(
      readFileSync(
        'test/fixtures/webex/attachment_action_get_response.json',
        'utf8',
      ),
    );
    assert.deepEqual(Object.keys(got.body), Object.keys(sample));
  });
});
