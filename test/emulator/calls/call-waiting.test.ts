import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  connect,
  type Name,
  outsideCallAnswered,
  useCallSandbox,
} from './call-sandbox.ts';

const RING = ['created/received/alerting', 'updated/updated/alerting'];
const HELD = 'updated/held/held';
const ANSWERED = 'updated/answered/connected';

describe('call simulator: one active call per line', () => {
  const box = useCallSandbox({ per: 'test' });

  async function states(name: Name) {
    const list = await box.api(name, 'GET', '/telephony/calls');
    return Object.fromEntries(
      list.body.items.map((c: { id: string; state: string }) => [
        c.id,
        c.state,
      ]),
    );
  }

  it('holds the active call when a second call is answered, and swaps on resume', async () => {
    const first = await connect(box, 'bob', 'alice');
    const second = await outsideCallAnswered(box, 'alice', '+15550001111');

    const alice = await box.deliveries('alice', 7);
    assert.deepEqual((await box.steps('alice', 7)).slice(3), [
      ...RING,
      HELD,
      ANSWERED,
    ]);
    assert.equal(alice[5]?.data.callId, first.alice);
    assert.equal(alice[6]?.data.callId, second);
    assert.deepEqual((await box.steps('bob', 3)).slice(2), [
      'updated/remoteHeld/remoteHeld',
    ]);
    assert.deepEqual(await states('alice'), {
      [first.alice]: 'held',
      [second]: 'connected',
    });

    const resumed = await box.api('alice', 'POST', '/telephony/calls/resume', {
      callId: first.alice,
    });
    assert.equal(resumed.status, 204);
    const after = await box.deliveries('alice', 9);
    assert.deepEqual((await box.steps('alice', 9)).slice(7), [
      HELD,
      'updated/resumed/connected',
    ]);
    assert.equal(after[7]?.data.callId, second);
    assert.equal(after[8]?.data.callId, first.alice);
    assert.deepEqual((await box.steps('bob', 4)).slice(3), [
      'updated/remoteResumed/connected',
    ]);
  });

  it("holds the active call when the person's phone answers a second call", async () => {
    const first = await outsideCallAnswered(box, 'alice', '+15550002222');
    const placed = await box.sandbox('POST', '/_sandbox/calls', {
      from: 'carol@example.com',
      to: 'alice@example.com',
    });
    const second = placed.body.legs.find(
      (l: { personId: string }) => l.personId === box.ids.alice,
    ).callId;
    await box.sandbox('POST', `/_sandbox/calls/${second}/answer`);

    assert.deepEqual((await box.steps('alice', 7)).slice(3), [
      ...RING,
      HELD,
      ANSWERED,
    ]);
    assert.deepEqual(await states('alice'), {
      [first]: 'held',
      [second]: 'connected',
    });
    assert.deepEqual(await box.steps('carol', 2), [
      'created/originated/connecting',
      ANSWERED,
    ]);
  });

  it('holds the active call before a click-to-dial places its call', async () => {
    await outsideCallAnswered(box, 'alice', '+15550003333');
    const dial = await box.api('alice', 'POST', '/telephony/calls/dial', {
      destination: 'carol@example.com',
    });
    await box.sandbox('POST', `/_sandbox/calls/${dial.body.callId}/answer`);
    assert.deepEqual((await box.steps('alice', 6)).slice(3), [
      'created/originated/alerting',
      HELD,
      'updated/originated/connecting',
    ]);
  });

  it('holds the active call when a retrieved call connects', async () => {
    const parkedCall = await connect(box, 'bob', 'carol');
    await box.api('carol', 'POST', '/telephony/calls/park', {
      callId: parkedCall.carol,
    });
    await outsideCallAnswered(box, 'alice', '+15550004444');
    const retrieved = await box.api(
      'alice',
      'POST',
      '/telephony/calls/retrieve',
      {
        destination: 'carol@example.com',
      },
    );
    await box.api('alice', 'POST', '/telephony/calls/answer', {
      callId: retrieved.body.callId,
    });
    assert.deepEqual((await box.steps('alice', 6)).slice(3), [
      'created/originated/alerting',
      HELD,
      ANSWERED,
    ]);
  });

  it('holds the active call when a picked-up call connects', async () => {
    await outsideCallAnswered(box, 'alice', '+15550005555');
    await box.sandbox('POST', '/_sandbox/calls', {
      from: 'bob@example.com',
      to: 'carol@example.com',
    });
    const picked = await box.api('alice', 'POST', '/telephony/calls/pickup', {
      target: 'carol@example.com',
    });
    await box.sandbox('POST', `/_sandbox/calls/${picked.body.callId}/answer`);
    assert.deepEqual((await box.steps('alice', 6)).slice(3), [
      'created/originated/alerting',
      HELD,
      ANSWERED,
    ]);
  });

  it('holds the active call when a barge-in connects', async () => {
    await connect(box, 'bob', 'carol');
    await outsideCallAnswered(box, 'alice', '+15550006666');
    const barge = await box.api('alice', 'POST', '/telephony/calls/bargeIn', {
      target: 'bob@example.com',
    });
    await box.sandbox('POST', `/_sandbox/calls/${barge.body.callId}/answer`);
    assert.deepEqual((await box.steps('alice', 6)).slice(3), [
      'created/originated/alerting',
      HELD,
      ANSWERED,
    ]);
  });

  it('pulls the active call, not the held one', async () => {
    const held = await outsideCallAnswered(box, 'alice', '+15550007777');
    const active = await outsideCallAnswered(box, 'alice', '+15550008888');
    const pulled = await box.api('alice', 'POST', '/telephony/calls/pull', {});
    await box.api('alice', 'POST', '/telephony/calls/answer', {
      callId: pulled.body.callId,
    });

    const alice = await box.deliveries('alice', 10);
    assert.deepEqual((await box.steps('alice', 10)).slice(7), [
      'created/originated/alerting',
      'deleted/disconnected/disconnected',
      'updated/updated/connected',
    ]);
    assert.equal(alice[9]?.data.callId, active);
    assert.equal(alice[9]?.data.endpointType, 'APPLICATION');
    assert.deepEqual(await states('alice'), {
      [held]: 'held',
      [active]: 'connected',
    });
  });
});
