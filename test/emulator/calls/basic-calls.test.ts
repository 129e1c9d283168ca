import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CallSandbox, useCallSandbox } from './call-sandbox.ts';

const RING = ['created/received/alerting', 'updated/updated/alerting'];

/** Alice dials Bob, answers her own device, Bob answers his phone. */
async function connectAliceToBob(box: CallSandbox) {
  const dial = await box.api('alice', 'POST', '/telephony/calls/dial', {
    destination: 'bob@example.com',
  });
  assert.equal(dial.status, 201);
  const aliceCall = dial.body.callId as string;
  await box.sandbox('POST', `/_sandbox/calls/${aliceCall}/answer`);
  const bobCalls = await box.api('bob', 'GET', '/telephony/calls');
  const bobCall = bobCalls.body.items[0].id as string;
  const answered = await box.sandbox(
    'POST',
    `/_sandbox/calls/${bobCall}/answer`,
  );
  assert.equal(answered.status, 204);
  return { aliceCall, bobCall, sessionId: dial.body.callSessionId };
}

describe('call simulator: basic calls', () => {
  const box = useCallSandbox({ per: 'test', ringTimeoutMs: 150 });

  it('alerts Alice for an outside call and connects it when she answers', async () => {
    const placed = await box.sandbox('POST', '/_sandbox/calls', {
      from: '+15550001111',
      to: 'alice@example.com',
      name: 'Pat Outside',
    });
    assert.equal(placed.status, 201);
    const [leg] = placed.body.legs;
    assert.equal(leg.personId, box.ids.alice);
    assert.equal(placed.body.legs.length, 1);

    const answered = await box.api('alice', 'POST', '/telephony/calls/answer', {
      callId: leg.callId,
    });
    assert.equal(answered.status, 204);

    assert.deepEqual(await box.steps('alice', 3), [
      ...RING,
      'updated/answered/connected',
    ]);
    const [, , last] = await box.deliveries('alice', 3);
    assert.equal(last?.data.endpointType, 'APPLICATION');
    assert.equal(last?.data.muteCapable, true);
    const details = await box.api(
      'alice',
      'GET',
      `/telephony/calls/${leg.callId}`,
    );
    assert.deepEqual(details.body.remoteParty, {
      name: 'Pat Outside',
      number: '+15550001111',
      privacyEnabled: false,
      callType: 'external',
    });
    const history = await box.api('alice', 'GET', '/telephony/calls/history');
    assert.deepEqual(
      history.body.items.map((r: { type: string; number: string }) => [
        r.type,
        r.number,
      ]),
      [['received', '+15550001111']],
    );
  });

  it('shows a private outside caller without name or number', async () => {
    await box.sandbox('POST', '/_sandbox/calls', {
      from: '+15550001111',
      to: '1001',
      private: true,
    });
    const list = await box.api('alice', 'GET', '/telephony/calls');
    assert.deepEqual(list.body.items[0].remoteParty, {
      privacyEnabled: true,
      callType: 'external',
    });
  });

  it('runs a click-to-dial from Alice to Bob until Bob answers on his phone', async () => {
    const { aliceCall, bobCall, sessionId } = await connectAliceToBob(box);

    assert.deepEqual(await box.steps('alice', 3), [
      'created/originated/alerting',
      'updated/originated/connecting',
      'updated/answered/connected',
    ]);
    assert.deepEqual(await box.steps('bob', 3), [
      ...RING,
      'updated/answered/connected',
    ]);
    const alice = await box.deliveries('alice', 3);
    assert.deepEqual(
      alice.map((d) => d.data.personality),
      ['clickToDial', 'originator', 'originator'],
    );
    const bob = await box.deliveries('bob', 3);
    assert.equal(bob[2]?.data.endpointType, 'DEVICE');
    assert.equal(bob[2]?.data.callSessionId, sessionId);
    assert.equal(bob[0]?.data.personality, 'terminator');
    assert.deepEqual(bob[0]?.data.remoteParty, {
      name: 'Alice Example',
      number: '1001',
      personId: box.ids.alice,
      privacyEnabled: false,
      callType: 'location',
    });
    assert.notEqual(aliceCall, bobCall);

    const placed = await box.api(
      'alice',
      'GET',
      '/telephony/calls/history?type=placed',
    );
    assert.equal(placed.body.items[0].name, 'Bob Example');
  });

  it('holds and resumes from both sides', async () => {
    const { aliceCall, bobCall } = await connectAliceToBob(box);
    const act = (who: 'alice' | 'bob', action: string, callId: string) =>
      box.api(who, 'POST', `/telephony/calls/${action}`, { callId });

    assert.equal((await act('alice', 'hold', aliceCall)).status, 204);
    assert.equal((await act('bob', 'hold', bobCall)).status, 204);
    assert.equal((await act('alice', 'resume', aliceCall)).status, 204);
    assert.equal((await act('bob', 'resume', bobCall)).status, 204);

    assert.deepEqual((await box.steps('alice', 7)).slice(3), [
      'updated/held/held',
      'updated/remoteHeld/held',
      'updated/resumed/remoteHeld',
      'updated/remoteResumed/connected',
    ]);
    assert.deepEqual((await box.steps('bob', 7)).slice(3), [
      'updated/remoteHeld/remoteHeld',
      'updated/held/held',
      'updated/remoteResumed/held',
      'updated/resumed/connected',
    ]);
  });

  it('disconnects both people when one hangs up a connected call', async () => {
    const { aliceCall } = await connectAliceToBob(box);
    const hangup = await box.api('alice', 'POST', '/telephony/calls/hangup', {
      callId: aliceCall,
    });
    assert.equal(hangup.status, 204);

    const alice = await box.deliveries('alice', 4);
    const bob = await box.deliveries('bob', 4);
    assert.equal(alice[3]?.event, 'deleted');
    assert.equal(bob[3]?.event, 'deleted');
    assert.equal(bob[3]?.data.eventType, 'disconnected');
    assert.equal(typeof bob[3]?.data.disconnected, 'string');
    assert.equal('appearance' in (bob[3]?.data ?? {}), false);
    const list = await box.api('bob', 'GET', '/telephony/calls');
    assert.deepEqual(list.body, { items: [] });
  });

  it('lets the far end answer and hang up an outside call Bob placed', async () => {
    const placed = await box.sandbox('POST', '/_sandbox/calls', {
      from: 'bob@example.com',
      to: '+15550002222',
    });
    const callId = placed.body.legs[0].callId;
    await box.sandbox('POST', `/_sandbox/calls/${callId}/answer`);
    await box.sandbox('POST', `/_sandbox/calls/${callId}/hangup`);
    assert.deepEqual(await box.steps('bob', 3), [
      'created/originated/connecting',
      'updated/answered/connected',
      'deleted/disconnected/disconnected',
    ]);
  });

  it('records an unanswered incoming call as missed after the ring timeout', async () => {
    await box.sandbox('POST', '/_sandbox/calls', {
      from: '+15550003333',
      to: 'alice@example.com',
      name: 'Sam Caller',
    });
    await sleep(250);
    assert.deepEqual(await box.steps('alice', 3), [
      ...RING,
      'deleted/disconnected/disconnected',
    ]);
    const missed = await box.api(
      'alice',
      'GET',
      '/telephony/calls/history?type=missed',
    );
    assert.equal(missed.body.items.length, 1);
    assert.deepEqual(
      { ...missed.body.items[0], time: undefined },
      {
        type: 'missed',
        name: 'Sam Caller',
        number: '+15550003333',
        privacyEnabled: false,
        time: undefined,
      },
    );
  });

  it('rejects a call to busy, ending the caller too', async () => {
    const placed = await box.sandbox('POST', '/_sandbox/calls', {
      from: 'bob@example.com',
      to: 'alice@example.com',
    });
    const aliceLeg = placed.body.legs.find(
      (l: { personId: string }) => l.personId === box.ids.alice,
    );
    const rejected = await box.api('alice', 'POST', '/telephony/calls/reject', {
      callId: aliceLeg.callId,
      action: 'busy',
    });
    assert.equal(rejected.status, 204);
    assert.deepEqual(await box.steps('bob', 2), [
      'created/originated/connecting',
      'deleted/disconnected/disconnected',
    ]);
  });

  it('keeps the caller ringing when the call is ignored', async () => {
    const placed = await box.sandbox('POST', '/_sandbox/calls', {
      from: 'bob@example.com',
      to: 'alice@example.com',
    });
    const aliceLeg = placed.body.legs.find(
      (l: { personId: string }) => l.personId === box.ids.alice,
    );
    await box.api('alice', 'POST', '/telephony/calls/reject', {
      callId: aliceLeg.callId,
      action: 'ignore',
    });
    const bob = await box.api('bob', 'GET', '/telephony/calls');
    assert.equal(bob.body.items[0].state, 'connecting');
    assert.deepEqual(await box.steps('alice', 3), [
      ...RING,
      'deleted/disconnected/disconnected',
    ]);
    await sleep(250);
    assert.deepEqual(await box.steps('bob', 2), [
      'created/originated/connecting',
      'deleted/disconnected/disconnected',
    ]);
  });
});
