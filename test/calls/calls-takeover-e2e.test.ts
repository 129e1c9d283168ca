import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aliceAnswersOutsideCall,
  EMAIL,
  firstReply,
  legOf,
  legsOf,
  placeCall,
  sandboxAct,
  suiteSandbox,
} from './call-test-kit.ts';

describe('taking calls over and acting on them from the chat', () => {
  const sandbox = suiteSandbox({
    authorize: ['alice'],
    hangUpAfterEach: true,
  });

  /** Alice's phone rings for a pickup, barge-in or pull: she answers. */
  async function aliceAnswersHerPhone() {
    const own = (await legsOf(sandbox, 'alice')).find(
      (leg) => leg.personality === 'clickToDial',
    );
    assert.equal(own?.state, 'alerting');
    await sandboxAct(sandbox, own?.id ?? '', 'answer');
    return own?.id ?? '';
  }

  it('declines a ringing call as busy', async () => {
    await placeCall(sandbox, {
      from: '+15555550170',
      to: EMAIL.alice,
      name: 'Ken Outside',
    });
    assert.equal(
      await firstReply(sandbox, 'alice', '/reject busy'),
      'Declined the call from Ken Outside (+15555550170).',
    );
    assert.deepEqual(await legsOf(sandbox, 'alice'), []);
  });

  it('mutes and unmutes an answered call', async () => {
    await aliceAnswersOutsideCall(sandbox, '+15555550171', 'Lea Outside');
    assert.equal(
      await firstReply(sandbox, 'alice', '/mute'),
      'Muted the call with Lea Outside (+15555550171).',
    );
    assert.equal((await legsOf(sandbox, 'alice'))[0]?.muted, true);
    assert.equal(
      await firstReply(sandbox, 'alice', '/mute'),
      'That call is already muted.',
    );
    assert.equal(
      await firstReply(sandbox, 'alice', '/unmute'),
      'Unmuted the call with Lea Outside (+15555550171).',
    );
    assert.equal((await legsOf(sandbox, 'alice'))[0]?.muted, false);
    assert.equal(
      await firstReply(sandbox, 'alice', '/unmute'),
      'That call is not muted.',
    );
  });

  it("picks up Bob's ringing call", async () => {
    await placeCall(sandbox, {
      from: '+15555550172',
      to: EMAIL.bob,
      name: 'Max Outside',
    });
    assert.equal(
      await firstReply(sandbox, 'alice', '/pickup bob@example.com'),
      'Picking up the call ringing at bob@example.com.',
    );
    await aliceAnswersHerPhone();

    const [taken] = await legsOf(sandbox, 'alice');
    assert.equal(taken?.state, 'connected');
    assert.equal(taken?.remoteParty.name, 'Max Outside');
    assert.deepEqual(await legsOf(sandbox, 'bob'), []);
  });

  it("barges in on Bob's call in progress", async () => {
    const legs = await placeCall(sandbox, {
      from: '+15555550173',
      to: EMAIL.bob,
      name: 'Ned Outside',
    });
    await sandboxAct(sandbox, legOf(legs, EMAIL.bob).callId, 'answer');
    assert.equal(
      await firstReply(sandbox, 'alice', '/bargein 1002'),
      'Joining the call of 1002.',
    );
    await aliceAnswersHerPhone();

    const [joined] = await legsOf(sandbox, 'alice');
    assert.equal(joined?.state, 'connected');
    assert.equal(joined?.remoteParty.name, 'Bob Example');
    assert.equal((await legsOf(sandbox, 'bob'))[0]?.state, 'connected');
  });

  it('pushes an answered call to the executive Alice assists', async () => {
    const line = await sandbox.api(
      'alice',
      `/_sandbox/calls/lines/${EMAIL.alice}`,
      { method: 'PUT', body: { executive: EMAIL.bob } },
    );
    assert.equal(line.status, 200);
    await aliceAnswersOutsideCall(sandbox, '+15555550174', 'Ola Outside');
    assert.equal(
      await firstReply(sandbox, 'alice', '/push'),
      'Pushed the call with Ola Outside (+15555550174) to your executive.',
    );

    assert.deepEqual(await legsOf(sandbox, 'alice'), []);
    const [ringing] = await legsOf(sandbox, 'bob');
    assert.equal(ringing?.state, 'alerting');
    assert.equal(ringing?.remoteParty.name, 'Ola Outside');
  });

  it('pulls the call in progress to the device that answers', async () => {
    await aliceAnswersOutsideCall(sandbox, '+15555550175', 'Pia Outside');
    const [call] = await legsOf(sandbox, 'alice');
    assert.equal(
      await firstReply(sandbox, 'alice', '/pull'),
      'Pulling your call to your preferred device.',
    );
    const pullLeg = await aliceAnswersHerPhone();

    // The temporary call made for the pull is released; the call stays.
    const legs = await legsOf(sandbox, 'alice');
    assert.deepEqual(
      legs.map((leg) => [leg.id, leg.state]),
      [[call?.id, 'connected']],
    );
    assert.notEqual(pullLeg, call?.id);
  });
});
