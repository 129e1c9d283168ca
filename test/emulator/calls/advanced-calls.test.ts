import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  connect,
  outsideCallAnswered,
  useCallSandbox,
} from './call-sandbox.ts';

const RING = ['created/received/alerting', 'updated/updated/alerting'];
const ENDED = 'deleted/disconnected/disconnected';

describe('call simulator: transfer, park, divert and takeovers', () => {
  const box = useCallSandbox({ per: 'test' });

  it('joins the far ends of an attended transfer', async () => {
    await connect(box, 'bob', 'alice');
    await outsideCallAnswered(box, 'alice', '+15550005555');
    const result = await box.api(
      'alice',
      'POST',
      '/telephony/calls/transfer',
      {},
    );
    assert.equal(result.status, 204);

    // Answering the outside call held Bob's call.
    assert.deepEqual((await box.steps('alice', 9)).slice(5), [
      'updated/held/held',
      'updated/answered/connected',
      ENDED,
      ENDED,
    ]);
    assert.deepEqual(await box.steps('bob', 4), [
      'created/originated/connecting',
      'updated/answered/connected',
      'updated/remoteHeld/remoteHeld',
      'updated/transferred/connected',
    ]);
    const bob = await box.api('bob', 'GET', '/telephony/calls');
    assert.equal(bob.body.items[0].remoteParty.number, '+15550005555');
    assert.deepEqual((await box.api('alice', 'GET', '/telephony/calls')).body, {
      items: [],
    });
  });

  it('hands a call over in a mute transfer once the destination answers', async () => {
    const callId = await outsideCallAnswered(box, 'alice', '+15550006666');
    const result = await box.api('alice', 'POST', '/telephony/calls/transfer', {
      callId1: callId,
      destination: '1003',
    });
    assert.equal(result.status, 201);
    assert.deepEqual(Object.keys(result.body), ['callId', 'callSessionId']);
    const carol = await box.api('carol', 'GET', '/telephony/calls');
    await box.sandbox(
      'POST',
      `/_sandbox/calls/${carol.body.items[0].id}/answer`,
    );

    assert.deepEqual((await box.steps('alice', 7)).slice(3), [
      'created/originated/connecting',
      'updated/answered/connected',
      ENDED,
      ENDED,
    ]);
    assert.deepEqual(await box.steps('carol', 4), [
      ...RING,
      'updated/answered/connected',
      'updated/transferred/connected',
    ]);
    const after = await box.api('carol', 'GET', '/telephony/calls');
    assert.equal(after.body.items[0].remoteParty.number, '+15550006666');
  });

  it('parks a call against the parker and lets another person retrieve it', async () => {
    const ids = await connect(box, 'bob', 'alice');
    const parked = await box.api('alice', 'POST', '/telephony/calls/park', {
      callId: ids.alice,
    });
    assert.equal(parked.status, 200);
    assert.deepEqual(parked.body, {
      parkedAgainst: {
        name: 'Alice Example',
        number: '1001',
        personId: box.ids.alice,
        privacyEnabled: false,
        callType: 'location',
      },
    });

    const retrieved = await box.api(
      'carol',
      'POST',
      '/telephony/calls/retrieve',
      {
        destination: parked.body.parkedAgainst.number,
      },
    );
    assert.equal(retrieved.status, 201);
    await box.api('carol', 'POST', '/telephony/calls/answer', {
      callId: retrieved.body.callId,
    });

    assert.deepEqual((await box.steps('alice', 4)).slice(3), [ENDED]);
    assert.deepEqual((await box.steps('bob', 4)).slice(2), [
      'updated/remoteHeld/remoteHeld',
      'updated/retrieved/connected',
    ]);
    assert.deepEqual(await box.steps('carol', 2), [
      'created/originated/alerting',
      'updated/answered/connected',
    ]);
    const bob = await box.api('bob', 'GET', '/telephony/calls');
    assert.equal(bob.body.items[0].remoteParty.name, 'Carol Example');
  });

  it('diverts a sandbox caller to voicemail', async () => {
    const placed = await box.sandbox('POST', '/_sandbox/calls', {
      from: 'bob@example.com',
      to: 'alice@example.com',
    });
    const aliceLeg = placed.body.legs.find(
      (l: { personId: string }) => l.personId === box.ids.alice,
    );
    const result = await box.api('alice', 'POST', '/telephony/calls/divert', {
      callId: aliceLeg.callId,
      toVoicemail: true,
    });
    assert.equal(result.status, 204);

    assert.deepEqual(await box.steps('alice', 3), [...RING, ENDED]);
    assert.deepEqual(await box.steps('bob', 2), [
      'created/originated/connecting',
      'updated/forwarded/connected',
    ]);
    const missed = await box.api(
      'alice',
      'GET',
      '/telephony/calls/history?type=missed',
    );
    assert.deepEqual(
      missed.body.items.map((r: { name: string }) => r.name),
      ['Bob Example'],
    );
  });

  it('diverts an outside caller to Carol with the redirection listed', async () => {
    const placed = await box.sandbox('POST', '/_sandbox/calls', {
      from: '+15550007777',
      to: 'alice@example.com',
    });
    await box.api('alice', 'POST', '/telephony/calls/divert', {
      callId: placed.body.legs[0].callId,
      destination: 'carol@example.com',
    });
    const [created] = await box.deliveries('carol', 2);
    assert.equal(created?.data.eventType, 'received');
    assert.equal(
      created?.data.remoteParty &&
        (created.data.remoteParty as { number: string }).number,
      '+15550007777',
    );
    assert.deepEqual(created?.data.redirections, [
      {
        reason: 'divert',
        redirectingParty: {
          name: 'Alice Example',
          number: '1001',
          personId: box.ids.alice,
          privacyEnabled: false,
          callType: 'location',
        },
      },
    ]);
  });

  it('starts, pauses, resumes and stops recording', async () => {
    const callId = await outsideCallAnswered(box, 'alice', '+15550008888');
    for (const action of ['start', 'pause', 'resume', 'stop']) {
      const result = await box.api(
        'alice',
        'POST',
        `/telephony/calls/${action}Recording`,
        {
          callId,
        },
      );
      assert.equal(result.status, 204);
    }
    const alice = await box.deliveries('alice', 8);
    assert.deepEqual(
      alice.slice(3).map((d) => `${d.data.eventType}/${d.data.recordingState}`),
      [
        'recording/pending',
        'recording/started',
        'recording/paused',
        'recording/started',
        'recording/stopped',
      ],
    );
  });

  it("picks up Alice's ringing call on Carol's device", async () => {
    const placed = await box.sandbox('POST', '/_sandbox/calls', {
      from: 'bob@example.com',
      to: 'alice@example.com',
    });
    const picked = await box.api('carol', 'POST', '/telephony/calls/pickup', {
      target: 'alice@example.com',
    });
    assert.equal(picked.status, 201);
    assert.equal(picked.body.callSessionId, placed.body.callSessionId);
    await box.sandbox('POST', `/_sandbox/calls/${picked.body.callId}/answer`);

    const alice = await box.deliveries('alice', 3);
    assert.equal(alice[2]?.event, 'deleted');
    assert.equal(alice[2]?.data.completedElsewhere, true);
    assert.deepEqual(await box.steps('bob', 2), [
      'created/originated/connecting',
      'updated/answered/connected',
    ]);
    const bob = await box.api('bob', 'GET', '/telephony/calls');
    assert.equal(bob.body.items[0].remoteParty.name, 'Carol Example');
  });

  it('barges in on an answered call and pulls a call to another device', async () => {
    const ids = await connect(box, 'bob', 'alice');
    const barge = await box.api('carol', 'POST', '/telephony/calls/bargeIn', {
      target: '1001',
    });
    assert.equal(barge.status, 201);
    await box.sandbox('POST', `/_sandbox/calls/${barge.body.callId}/answer`);
    const carol = await box.api('carol', 'GET', '/telephony/calls');
    assert.equal(carol.body.items[0].state, 'connected');

    const pulled = await box.api('alice', 'POST', '/telephony/calls/pull', {});
    assert.equal(pulled.status, 201);
    await box.api('alice', 'POST', '/telephony/calls/answer', {
      callId: pulled.body.callId,
    });
    const list = await box.api('alice', 'GET', '/telephony/calls');
    assert.deepEqual(
      list.body.items.map((c: { id: string }) => c.id),
      [ids.alice],
    );
    assert.deepEqual((await box.steps('alice', 6)).slice(3), [
      'created/originated/alerting',
      ENDED,
      'updated/updated/connected',
    ]);

    await box.api('alice', 'POST', '/telephony/calls/hangup', {
      callId: ids.alice,
    });
    assert.deepEqual((await box.steps('carol', 3)).slice(2), [ENDED]);
  });

  it('pushes a call from an assistant to the executive', async () => {
    await box.sandbox('PUT', '/_sandbox/calls/lines/alice@example.com', {
      executive: 'carol@example.com',
    });
    const callId = await outsideCallAnswered(box, 'alice', '+15550009999');
    const pushed = await box.api('alice', 'POST', '/telephony/calls/push', {
      callId,
    });
    assert.equal(pushed.status, 204);
    assert.deepEqual(await box.steps('carol', 2), RING);
  });
});
