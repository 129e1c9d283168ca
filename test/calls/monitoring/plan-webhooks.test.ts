import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  integrationAppId,
  isOwnAppId,
} from '../../../src/calls/monitoring/integration-app-id.ts';
import { planWebhooks } from '../../../src/calls/monitoring/plan-webhooks.ts';
import type { Webhook } from '../../../src/webex/messaging-types.ts';

const clientId = 'C0123abcd';
const ours = integrationAppId(clientId);
const target = 'https://bot.example.com/webhooks/calls/path123';

function hook(id: string, extra: Partial<Webhook> = {}): Webhook {
  return {
    id,
    name: 'calls',
    targetUrl: target,
    resource: 'telephony_calls',
    event: 'all',
    status: 'active',
    appId: ours,
    ...extra,
  };
}

const wish = { name: 'calls', targetUrl: target, knownId: 'h1', clientId };

describe('integrationAppId', () => {
  it('is base64url without padding of the application URI', () => {
    assert.equal(
      Buffer.from(ours, 'base64url').toString(),
      `ciscospark://us/APPLICATION/${clientId}`,
    );
    assert.doesNotMatch(ours, /[=+/]/);
    assert.ok(isOwnAppId(ours, clientId));
    assert.ok(!isOwnAppId(integrationAppId('Cother'), clientId));
    assert.ok(!isOwnAppId(undefined, clientId));
  });
});

describe('planWebhooks', () => {
  it('creates a webhook when none of ours exists', () => {
    const plan = planWebhooks(
      [hook('x', { appId: integrationAppId('Cx') })],
      wish,
    );
    assert.deepEqual(plan, { create: true, update: false, remove: [] });
  });

  it('changes nothing when the webhook is in order', () => {
    assert.deepEqual(planWebhooks([hook('h1')], wish), {
      keepId: 'h1',
      create: false,
      update: false,
      remove: [],
    });
  });

  it('re-points a stale target and re-activates an inactive hook', () => {
    const stale = planWebhooks(
      [hook('h1', { targetUrl: 'https://old.example.com/webhooks/calls/p' })],
      wish,
    );
    assert.equal(stale.update, true);
    const inactive = planWebhooks([hook('h1', { status: 'inactive' })], wish);
    assert.equal(inactive.update, true);
  });

  it('removes our duplicates and never touches other apps', () => {
    const plan = planWebhooks(
      [
        hook('dup', { targetUrl: 'https://old.example.com/x' }),
        hook('h1'),
        hook('narrow', { event: 'created' }),
        hook('foreign', { appId: integrationAppId('Cother') }),
        hook('msgs', { resource: 'messages' }),
      ],
      wish,
    );
    assert.equal(plan.keepId, 'h1');
    assert.deepEqual(plan.remove.sort(), ['dup', 'narrow']);
  });
});
