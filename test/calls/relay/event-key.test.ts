import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { callEventKey } from '../../../src/calls/relay/event-key.ts';
import type { TelephonyEventData } from '../../../src/webex/telephony-types.ts';

const delivery = JSON.parse(
  readFileSync(
    'test/fixtures/webex/webhook_delivery_telephony_calls_updated_answered.json',
    'utf8',
  ),
) as { id: string; data: TelephonyEventData };

describe('callEventKey', () => {
  it('gives a redelivery of the same event the same key', () => {
    const again = JSON.parse(JSON.stringify(delivery)) as typeof delivery;
    assert.equal(
      callEventKey(delivery.id, delivery.data),
      callEventKey(again.id, again.data),
    );
  });

  it('tells apart two events that share type, time and state', () => {
    const recording = { ...delivery.data, eventType: 'recording' };
    const pending = { ...recording, recordingState: 'pending' as const };
    const started = { ...recording, recordingState: 'started' as const };
    assert.notEqual(
      callEventKey(delivery.id, pending),
      callEventKey(delivery.id, started),
    );
  });

  it('keeps the events of two webhooks apart', () => {
    assert.notEqual(
      callEventKey(delivery.id, delivery.data),
      callEventKey(`${delivery.id}x`, delivery.data),
    );
  });
});
