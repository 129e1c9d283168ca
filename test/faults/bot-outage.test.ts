/**
 * The bot goes down long enough for Webex to give up on its webhooks
 * (Webex turns a webhook `inactive` after repeated failed deliveries).
 * When it comes back, it re-activates its own webhooks and each
 * monitored person's telephony webhook, and events flow again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCallsModule } from '../../src/calls/calls-module.ts';
import {
  ALICE,
  startSandbox,
  type TestSandbox,
  waitFor,
} from '../helpers/sandbox.ts';

interface HookView {
  id: string;
  resource: string;
  status: string;
  targetUrl: string;
}

describe('a bot outage long enough for Webex to disable its webhooks', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startSandbox({
      modules: [createCallsModule({ reconcileIntervalMs: 0 })],
      emulator: {
        webhooks: {
          timeoutMs: 500,
          retryDelaysMs: [10, 10],
          maxConsecutiveFailures: 2,
        },
      },
    });
    await sandbox.authorize(ALICE);
    assert.match(
      (await sandbox.ask(ALICE, '/monitor on')).text,
      /monitoring is on/i,
    );
  });
  after(() => sandbox.close());

  const hooks = async () =>
    (await sandbox.state()).webhooks as unknown as HookView[];
  const statusOf = async (resource: string) =>
    (await hooks())
      .filter((hook) => hook.resource === resource)
      .map((hook) => hook.status);
  const callFromCarol = async () => {
    const response = await fetch(`${sandbox.emulator.url}/_sandbox/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: '+15555550123',
        to: ALICE,
        name: 'Carol Outside',
      }),
    });
    assert.equal(response.status, 201);
    const { legs } = (await response.json()) as { legs: { callId: string }[] };
    return legs;
  };
  const hangUp = async (legs: { callId: string }[]) => {
    for (const callId of new Set(legs.map((leg) => leg.callId))) {
      await fetch(`${sandbox.emulator.url}/_sandbox/calls/${callId}/hangup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    }
  };

  it('finds its webhooks inactive after failed deliveries, then active after a restart', async () => {
    assert.deepEqual(await statusOf('messages'), ['active']);
    assert.deepEqual(await statusOf('telephony_calls'), ['active']);

    await sandbox.running.close();
    await sandbox.say(ALICE, '/help');
    const missed = await callFromCarol();
    await waitFor(async () => {
      const down = [
        ...(await statusOf('messages')),
        ...(await statusOf('telephony_calls')),
      ];
      return down.every((status) => status === 'inactive') ? true : undefined;
    }, 'Webex to disable the webhooks of the stopped bot');
    await hangUp(missed);

    await sandbox.restartBot();
    assert.deepEqual(await statusOf('messages'), ['active']);
    assert.deepEqual(await statusOf('attachmentActions'), ['active']);
    assert.deepEqual(await statusOf('telephony_calls'), ['active']);
    const targets = (await hooks()).map((hook) => hook.targetUrl);
    assert.ok(targets.every((url) => url.startsWith(sandbox.running.url)));
  });

  it('answers a new chat command after the restart', async () => {
    assert.match((await sandbox.ask(ALICE, '/help')).text, /\/dial/);
  });

  it('relays a new call to the chat after the restart', async () => {
    const before = (await sandbox.repliesTo(ALICE)).length;
    const legs = await callFromCarol();
    const message = await waitFor(
      async () =>
        (await sandbox.repliesTo(ALICE))
          .slice(before)
          .find((reply) => /Incoming call from Carol Outside/.test(reply.text)),
      'the incoming call in the chat',
    );
    assert.ok(message.attachments?.length, 'the call comes with a card');
    await hangUp(legs);
  });
});
