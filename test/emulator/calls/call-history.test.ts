import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useCallSandbox } from './call-sandbox.ts';

describe('call simulator: call history of calls sent on', () => {
  const box = useCallSandbox({ per: 'test' });

  async function ringAlice(from: string) {
    const placed = await box.sandbox('POST', '/_sandbox/calls', {
      from,
      to: 'alice@example.com',
    });
    return placed.body.legs.find(
      (l: { personId: string }) => l.personId === box.ids.alice,
    ).callId as string;
  }

  /** Alice's history as `type number` lines, newest first. */
  async function history() {
    const all = await box.api('alice', 'GET', '/telephony/calls/history');
    return all.body.items.map(
      (r: { type: string; number: string }) => `${r.type} ${r.number}`,
    );
  }

  it('records an incoming call diverted to voicemail unanswered as missed', async () => {
    const callId = await ringAlice('+15550001111');
    const diverted = await box.api('alice', 'POST', '/telephony/calls/divert', {
      callId,
      toVoicemail: true,
    });
    assert.equal(diverted.status, 204);
    assert.deepEqual(await history(), ['missed +15550001111']);
    const missed = await box.api(
      'alice',
      'GET',
      '/telephony/calls/history?type=missed',
    );
    assert.equal(missed.body.items.length, 1);
  });

  it('records an incoming call diverted to a colleague unanswered as missed', async () => {
    const callId = await ringAlice('+15550002222');
    await box.api('alice', 'POST', '/telephony/calls/divert', {
      callId,
      destination: 'carol@example.com',
    });
    assert.deepEqual(await history(), ['missed +15550002222']);
  });

  it('records a declined incoming call as missed', async () => {
    const callId = await ringAlice('+15550003333');
    await box.api('alice', 'POST', '/telephony/calls/reject', { callId });
    assert.deepEqual(await history(), ['missed +15550003333']);
  });

  it('records an answered call sent on to voicemail as received only', async () => {
    const callId = await ringAlice('+15550004444');
    await box.api('alice', 'POST', '/telephony/calls/answer', { callId });
    await box.api('alice', 'POST', '/telephony/calls/divert', {
      callId,
      toVoicemail: true,
    });
    assert.deepEqual(await history(), ['received +15550004444']);
  });
});
