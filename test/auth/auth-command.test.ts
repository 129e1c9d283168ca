import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BotModule } from '../../src/app/bot-module.ts';
import { ALICE, startSandbox, type TestSandbox } from '../helpers/sandbox.ts';
import { webexCall } from '../helpers/webex-calls.ts';

describe('/auth', () => {
  const cleared: string[] = [];
  const listener: BotModule = {
    name: 'listener',
    async onSessionCleared(personId) {
      cleared.push(personId);
    },
  };
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startSandbox({ modules: [listener] });
  });
  after(() => sandbox.close());

  it('offers a link to someone it holds no tokens for', async () => {
    const reply = await sandbox.ask(ALICE, '/auth');
    assert.match(reply.text, /I hold no authorization for you yet/);
    assert.match(
      reply.markdown ?? '',
      /\]\(http:\/\/127\.0\.0\.1:\d+\/v1\/authorize\?/,
    );
  });

  it('forgets the tokens and the integration webhooks on /auth clear', async () => {
    assert.equal((await sandbox.authorize(ALICE)).status, 200);
    const alice = await sandbox.person(ALICE);
    const session = await sandbox.running.store.getSession(alice.id);
    assert.ok(session);

    const hook = {
      name: 'calls',
      targetUrl: 'https://bot.example.com/calls/x',
      resource: 'telephony_calls',
      event: 'all',
    };
    const api = sandbox.emulator.apiUrl;
    const ours = await webexCall<{ id: string }>(
      api,
      session.accessToken,
      'POST',
      'webhooks',
      hook,
    );
    const personal = await webexCall<{ id: string }>(
      api,
      alice.accessToken ?? '',
      'POST',
      'webhooks',
      hook,
    );
    assert.equal(ours.status, 200);

    const reply = await sandbox.ask(ALICE, '/auth clear');
    assert.match(reply.text, /deleted your tokens\. I removed 1 webhook/);
    assert.equal(await sandbox.running.store.getSession(alice.id), undefined);
    assert.deepEqual(cleared, [alice.id]);

    const left = await webexCall<{ items: Array<{ id: string }> }>(
      api,
      alice.accessToken ?? '',
      'GET',
      'webhooks',
    );
    const ids = left.body.items.map((item) => item.id);
    assert.equal(ids.includes(ours.body.id), false);
    assert.equal(ids.includes(personal.body.id), true);
  });

  it('has nothing to clear for someone without tokens', async () => {
    const reply = await sandbox.ask(ALICE, '/auth clear');
    assert.match(reply.text, /nothing to clear/);
  });

  it('names an argument it did not expect', async () => {
    const reply = await sandbox.ask(ALICE, '/auth force extra');
    assert.equal(
      reply.markdown,
      'I did not expect `extra` after `/auth force`: it takes nothing ' +
        'more.\n\nUsage: `/auth [force|clear]`',
    );
  });

  it('quotes an unknown mode as written', async () => {
    const reply = await sandbox.ask(ALICE, '/auth Nope');
    assert.match(reply.markdown ?? '', /^I do not know `\/auth Nope`\./);
  });
});
