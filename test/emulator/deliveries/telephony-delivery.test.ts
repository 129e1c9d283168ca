import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { EventDispatcher } from '../../../src/emulator/deliveries/dispatch-events.ts';
import { WebhookDeliveries } from '../../../src/emulator/deliveries/webhook-deliveries.ts';
import { createEmulatorCore } from '../../../src/emulator/emulator-core.ts';
import {
  EmulatorState,
  SANDBOX_APP_ID,
} from '../../../src/emulator/emulator-state.ts';
import { EventBus } from '../../../src/emulator/sandbox/event-bus.ts';
import { defaultSeed, parseSeed } from '../../../src/emulator/seed.ts';
import { startReceiver, type WebhookReceiver } from '../webhook-receiver.ts';

const sample = JSON.parse(
  readFileSync(
    'test/fixtures/webex/webhook_delivery_telephony_calls_created_received.json',
    'utf8',
  ),
);

describe('telephony_calls deliveries', () => {
  let receiver: WebhookReceiver;
  let deliveries: WebhookDeliveries;

  before(async () => {
    receiver = await startReceiver();
  });
  after(async () => {
    deliveries.close();
    await receiver.close();
  });

  it("delivers to the person's own telephony_calls webhooks, as the sample", async () => {
    const now = () => Date.parse('2025-08-14T18:52:41.729Z');
    const state = new EmulatorState(now);
    state.load(parseSeed(defaultSeed()));
    const bus = new EventBus(now);
    deliveries = new WebhookDeliveries(
      state,
      bus,
      { timeoutMs: 500, retryDelaysMs: [], maxConsecutiveFailures: 3 },
      now,
      pino({ level: 'silent' }),
    );
    const core = createEmulatorCore(
      state,
      new EventDispatcher(state, deliveries, bus),
      now,
    );
    const alice = core.findPersonByEmail('alice@example.com');
    const bob = core.findPersonByEmail('bob@example.com');
    assert.ok(alice && bob);
    assert.equal(core.findPersonByNumber('tel:+1 555 555 0101')?.id, alice.id);
    assert.equal(core.findPersonByNumber('1002')?.id, bob.id);

    for (const owner of [alice, bob]) {
      state.webhooks.set(`hook-${owner.email}`, {
        id: `hook-${owner.email}`,
        name: 'Call Monitor',
        targetUrl: receiver.url,
        resource: 'telephony_calls',
        event: 'all',
        filter: null,
        secret: null,
        orgId: owner.orgId,
        createdBy: owner.id,
        appId: SANDBOX_APP_ID,
        ownedBy: 'creator',
        status: 'active',
        created: '2025-06-30T20:13:25.614Z',
      });
    }
    core.emitTelephonyEvent({
      personId: alice.id,
      event: 'created',
      data: sample.data,
    });

    const [delivery] = await receiver.waitFor(1);
    assert.deepEqual(Object.keys(delivery?.body ?? {}), Object.keys(sample));
    assert.equal(delivery?.body.event, 'created');
    assert.equal(delivery?.body.actorId, alice.id);
    assert.equal(delivery?.body.id, 'hook-alice@example.com');
    assert.deepEqual(delivery?.body.data, sample.data);
  });
});
