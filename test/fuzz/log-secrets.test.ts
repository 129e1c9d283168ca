/**
 * A full scenario logged at debug level: authorize, monitor calls, an
 * outside call rung and answered from the card, then /hangup. Every
 * secret in play (tokens, client secret, webhook secrets of the bot and
 * of the monitored person, the authorization code) is collected from
 * the emulator, the store and the redirect URL; none is in the logs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCallsModule } from '../../src/calls/calls-module.ts';
import { captureLogs } from '../helpers/capture-logs.ts';
import {
  ALICE,
  authorizeLinkIn,
  BOT,
  type SandboxMessage,
  startSandbox,
  type TestSandbox,
  waitFor,
} from '../helpers/sandbox.ts';

interface StateSecrets {
  people: { email: string; accessToken: string | null }[];
  integrations: { clientSecret: string }[];
  webhooks: { resource: string; secret?: string }[];
}

describe('the logs of a call scenario at debug level', () => {
  const logs = captureLogs('debug');
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startSandbox({
      logger: logs.logger,
      modules: [createCallsModule({ reconcileIntervalMs: 0 })],
    });
  });
  after(() => sandbox.close());

  const newReply = async (pattern: RegExp): Promise<SandboxMessage> =>
    waitFor(
      async () =>
        (await sandbox.repliesTo(ALICE)).find((message) =>
          pattern.test(message.markdown ?? message.text),
        ),
      `a reply matching ${pattern}`,
      8000,
    );

  it('hold none of the secrets in play', async () => {
    // Authorize by hand, to keep the code from the redirect URL.
    const link = authorizeLinkIn(await sandbox.ask(ALICE, '/auth'));
    const consent = await fetch(`${link}&login_hint=${ALICE}`, {
      redirect: 'manual',
    });
    const location = new URL(consent.headers.get('location') ?? '');
    const code = location.searchParams.get('code') ?? '';
    assert.ok(code.length >= 16, 'the redirect carries a code');
    assert.equal((await fetch(location)).status, 200);

    await sandbox.ask(ALICE, '/monitor on');
    await newReply(/monitoring is on/i);

    const placed = await fetch(`${sandbox.emulator.url}/_sandbox/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: '+15555550177',
        to: ALICE,
        name: 'Carol Outside',
      }),
    });
    assert.equal(placed.status, 201);
    const card = await newReply(/^Incoming call from Carol Outside/);
    const content = card.attachments?.[0]?.content as
      | { actions?: { data: Record<string, unknown> }[] }
      | undefined;
    const actions = content?.actions ?? [];
    const answer = actions.find((action) => action.data.action === 'answer');
    assert.ok(answer, 'the card has an Answer button');

    const alice = await sandbox.person(ALICE);
    const pressed = await fetch(
      `${sandbox.emulator.apiUrl}/attachment/actions`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${alice.accessToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          type: 'submit',
          messageId: card.id,
          inputs: answer.data,
        }),
      },
    );
    assert.equal(pressed.status, 202);
    await newReply(/^Answered the call from Carol Outside/);
    await sandbox.say(ALICE, '/hangup');
    await newReply(/ended after/);

    const state = (await sandbox.state()) as unknown as StateSecrets;
    const session = await sandbox.running.store.getSession(alice.id);
    const monitor = await sandbox.running.store.getMonitor(alice.id);
    const { deps } = sandbox.running.bot;
    const secrets: Record<string, string | null | undefined> = {
      code,
      accessToken: session?.accessToken,
      refreshToken: session?.refreshToken,
      monitorSecret: monitor?.secret,
      botMessagesSecret: deps.deriveSecret('messages'),
      botCardsSecret: deps.deriveSecret('attachmentActions'),
      configClientSecret: sandbox.config.integration.clientSecret,
    };
    for (const person of state.people) {
      secrets[`personal token of ${person.email}`] = person.accessToken;
    }
    state.integrations.forEach((integration, i) => {
      secrets[`client secret #${i}`] = integration.clientSecret;
    });
    state.webhooks.forEach((hook, i) => {
      secrets[`${hook.resource} webhook secret #${i}`] = hook.secret;
    });
    assert.ok(secrets[`personal token of ${BOT}`], 'the bot token is known');
    assert.equal(
      state.webhooks.filter((hook) => hook.secret !== undefined).length,
      3,
      'two bot webhooks and Alice’s call webhook, each with a secret',
    );

    const text = logs.text();
    assert.match(text, /"level":20/, 'debug lines were written');
    assert.match(text, /webex request/);
    for (const [name, secret] of Object.entries(secrets)) {
      assert.ok(secret && secret.length >= 16, `${name} is known`);
      assert.equal(text.includes(secret), false, `${name} was logged`);
    }
  });
});
