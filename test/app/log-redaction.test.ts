import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { captureLogs } from '../helpers/capture-logs.ts';
import {
  ALICE,
  authorizeLinkIn,
  startSandbox,
  type TestSandbox,
} from '../helpers/sandbox.ts';
import { whoamiModule } from '../helpers/whoami-module.ts';

describe('logs of a full scenario', () => {
  const logs = captureLogs('trace');
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startSandbox({
      logger: logs.logger,
      modules: [whoamiModule],
    });
  });
  after(() => sandbox.close());

  it('hold no token, secret or authorization code', async () => {
    const link = authorizeLinkIn(await sandbox.ask(ALICE, '/auth'));
    const consent = await fetch(`${link}&login_hint=${ALICE}`, {
      redirect: 'manual',
    });
    const location = new URL(consent.headers.get('location') ?? '');
    const code = location.searchParams.get('code') ?? '';
    assert.ok(code.length > 8);
    assert.equal((await fetch(location)).status, 200);

    const alice = await sandbox.person(ALICE);
    const first = await sandbox.running.store.getSession(alice.id);
    await sandbox.fault({ method: 'GET', path: '/v1/people/me', status: 401 });
    assert.match((await sandbox.ask(ALICE, '/whoami')).text, /Alice/);
    const second = await sandbox.running.store.getSession(alice.id);
    await sandbox.ask(ALICE, '/auth clear');
    await sandbox.restartBot();

    const { deps } = sandbox.running.bot;
    const secrets = {
      code,
      firstAccess: first?.accessToken,
      firstRefresh: first?.refreshToken,
      secondAccess: second?.accessToken,
      secondRefresh: second?.refreshToken,
      clientSecret: sandbox.config.integration.clientSecret,
      botToken: sandbox.config.bot.accessToken,
      messagesSecret: deps.deriveSecret('messages'),
      cardsSecret: deps.deriveSecret('attachmentActions'),
    };
    const text = logs.text();
    assert.ok(logs.entries().length > 20, 'the scenario logged');
    assert.match(text, /Refreshed the access token/);
    for (const [name, secret] of Object.entries(secrets)) {
      assert.ok(secret, `${name} is known`);
      assert.equal(text.includes(secret), false, `${name} was logged`);
    }
  });
});
