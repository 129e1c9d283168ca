import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import {
  reconcileOwnWebhooks,
  type WantedWebhook,
} from '../../src/bot/own-webhooks.ts';
import { findFreePort } from '../../src/sandbox/find-free-port.ts';
import type { WebhooksApi } from '../../src/webex/index.ts';
import {
  ALICE,
  startSandbox,
  type TestSandbox,
  waitFor,
} from '../helpers/sandbox.ts';

const logger = pino({ level: 'silent' });

describe('reconciling the bot webhooks', () => {
  let sandbox: TestSandbox;
  let api: WebhooksApi;
  let wanted: WantedWebhook[];
  before(async () => {
    sandbox = await startSandbox({
      emulator: { webhooks: { maxConsecutiveFailures: 1 } },
    });
    const { deps } = sandbox.running.bot;
    api = deps.webex.withToken(sandbox.config.bot.accessToken).webhooks;
    wanted = [
      {
        name: 'wxc-callcontrol messages',
        resource: 'messages',
        event: 'created',
        targetUrl: `${sandbox.config.publicUrl}/webhooks/messages`,
        secret: deps.deriveSecret('messages'),
      },
    ];
  });
  after(() => sandbox.close());

  const writes = async () =>
    (await sandbox.requests()).filter(
      (request) =>
        request.path.startsWith('/v1/webhooks') && request.method !== 'GET',
    ).length;

  it('changes nothing when run again', async () => {
    const before = await writes();
    const report = await reconcileOwnWebhooks(api, wanted, logger);
    assert.deepEqual(report, {
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: 1,
    });
    assert.equal(await writes(), before);
  });

  it('deletes duplicates and leaves other deployments alone', async () => {
    const [want] = wanted;
    assert.ok(want);
    await api.create({ ...want, secret: 'another-secret-000000' });
    const foreign = await api.create({
      ...want,
      name: 'staging messages',
      targetUrl: 'https://staging.example.com/webhooks/messages',
    });

    const report = await reconcileOwnWebhooks(api, wanted, logger);
    assert.equal(report.deleted, 1);
    const hooks = await api.list();
    const messages = hooks.filter((hook) => hook.resource === 'messages');
    assert.equal(messages.length, 2);
    assert.ok(hooks.some((hook) => hook.id === foreign.id));
    await api.delete(foreign.id);
  });

  it('moves its webhook to a changed target', async () => {
    const [want] = wanted;
    assert.ok(want);
    const moved = { ...want, targetUrl: `${want.targetUrl}?v=2` };
    const report = await reconcileOwnWebhooks(api, [moved], logger);
    assert.equal(report.updated, 1);
    const hooks = (await api.list()).filter((h) => h.resource === 'messages');
    assert.deepEqual(
      hooks.map((hook) => hook.targetUrl),
      [moved.targetUrl],
    );
    await reconcileOwnWebhooks(api, wanted, logger);
  });

  it('reactivates a webhook Webex turned off', async () => {
    const [want] = wanted;
    assert.ok(want);
    const dead = {
      ...want,
      targetUrl: `http://127.0.0.1:${await findFreePort()}/webhooks/messages`,
    };
    await reconcileOwnWebhooks(api, [dead], logger);
    await sandbox.say(ALICE, 'anyone there?');
    await waitFor(async () => {
      const hooks = await api.list();
      const hook = hooks.find((h) => h.resource === 'messages');
      return hook?.status === 'inactive' ? true : undefined;
    }, 'the webhook to turn inactive');

    const report = await reconcileOwnWebhooks(api, [dead], logger);
    assert.equal(report.updated, 1);
    const hook = (await api.list()).find((h) => h.resource === 'messages');
    assert.equal(hook?.status, 'active');
    assert.equal(hook?.targetUrl, dead.targetUrl);
    await reconcileOwnWebhooks(api, wanted, logger);
  });
});
