import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  aliceAnswersOutsideCall,
  EMAIL,
  firstReply,
  legOf,
  legsOf,
  placeCall,
  sandboxAct,
  simulator,
  suiteSandbox,
} from './call-test-kit.ts';

describe('transfer, park and divert from the chat', () => {
  const sandbox = suiteSandbox({
    authorize: ['alice'],
    hangUpAfterEach: true,
  });
  let bobId: string;

  before(async () => {
    bobId = (await sandbox.sandbox.person(EMAIL.bob)).id;
  });

  it('joins two answered calls with a /transfer that names no one', async () => {
    await aliceAnswersOutsideCall(sandbox, '+15555550111', 'Erin Outside');
    const fromBob = await placeCall(sandbox, {
      from: EMAIL.bob,
      to: EMAIL.alice,
    });
    assert.equal(
      await firstReply(sandbox, 'alice', '/answer'),
      'Answered the call from Bob Example (1002).',
    );

    assert.equal(
      await firstReply(sandbox, 'alice', '/transfer'),
      'Transferred: Erin Outside (+15555550111) and Bob Example (1002) are now talking.',
    );
    assert.deepEqual(await legsOf(sandbox, 'alice'), []);
    const [bobLeg] = await legsOf(sandbox, 'bob');
    assert.equal(bobLeg?.id, legOf(fromBob, EMAIL.bob).callId);
    assert.equal(bobLeg?.state, 'connected');
    assert.equal(bobLeg?.remoteParty.name, 'Erin Outside');
  });

  it('hands an answered call over to Bob once he answers a mute transfer', async () => {
    await aliceAnswersOutsideCall(sandbox, '+15555550112', 'Fay Outside');
    assert.equal(
      await firstReply(sandbox, 'alice', '/transfer bob@example.com'),
      'Transferring the call with Fay Outside (+15555550112) to bob@example.com: it moves over once they answer, and stays with you until then.',
    );

    const [ringing] = await legsOf(sandbox, 'bob');
    assert.equal(ringing?.state, 'alerting');
    assert.equal((await legsOf(sandbox, 'alice')).length, 2);
    await sandboxAct(sandbox, ringing?.id ?? '', 'answer');

    assert.deepEqual(await legsOf(sandbox, 'alice'), []);
    const [bobLeg] = await legsOf(sandbox, 'bob');
    assert.equal(bobLeg?.state, 'connected');
    assert.equal(bobLeg?.remoteParty.name, 'Fay Outside');
  });

  it('reads a bare number after the destination as the call number', async () => {
    await aliceAnswersOutsideCall(sandbox, '+15555550116', 'Jon Outside');
    await aliceAnswersOutsideCall(sandbox, '+15555550117', 'Kim Outside');

    assert.equal(
      await firstReply(sandbox, 'alice', '/dtmf 12# 2'),
      'Sent 12# to the call with Kim Outside (+15555550117).',
    );
    assert.equal(
      await firstReply(sandbox, 'alice', '/transfer 1002 2'),
      'Transferring the call with Kim Outside (+15555550117) to 1002: it moves over once they answer, and stays with you until then.',
    );
    const [ringing] = await legsOf(sandbox, 'bob');
    assert.equal(ringing?.state, 'alerting');
    assert.equal(ringing?.remoteParty.name, 'Alice Example');
  });

  it('shows the form it takes when /transfer gets too many words', async () => {
    const reply = await firstReply(sandbox, 'alice', '/transfer 1002 now 2');
    assert.equal(
      reply.split('\n')[0],
      'I did not expect “now” after /transfer: write it as `/transfer 1002 2`.',
    );
  });

  it('mute-transfers to an extension typed with punctuation', async () => {
    await aliceAnswersOutsideCall(sandbox, '+15555550113', 'Gil Outside');
    assert.equal(
      await firstReply(sandbox, 'alice', '/transfer 10-02'),
      'Transferring the call with Gil Outside (+15555550113) to 1002: it moves over once they answer, and stays with you until then.',
    );
    const [ringing] = await legsOf(sandbox, 'bob');
    assert.equal(ringing?.state, 'alerting');
    assert.equal(ringing?.remoteParty.name, 'Alice Example');
  });

  it('parks against Bob, names him, and retrieves from his extension', async () => {
    await aliceAnswersOutsideCall(sandbox, '+15555550114', 'Hal Outside');
    assert.equal(
      await firstReply(sandbox, 'alice', '/park bob@example.com'),
      'Parked the call with Hal Outside (+15555550114) at Bob Example (1002). Get it back with /retrieve 1002.',
    );
    const parked = await simulator(sandbox);
    assert.equal(parked.parks.length, 1);
    assert.equal(parked.parks[0]?.againstPersonId, bobId);
    assert.deepEqual(await legsOf(sandbox, 'alice'), []);

    assert.equal(
      await firstReply(sandbox, 'alice', '/retrieve 1002'),
      'Retrieving the call parked at 1002.',
    );
    // Like a dial, Alice's own phone rings first.
    const [own] = await legsOf(sandbox, 'alice');
    assert.equal(own?.personality, 'clickToDial');
    assert.equal(own?.state, 'alerting');
    await sandboxAct(sandbox, own?.id ?? '', 'answer');

    const [back] = await legsOf(sandbox, 'alice');
    assert.equal(back?.state, 'connected');
    assert.equal(back?.remoteParty.name, 'Hal Outside');
    assert.deepEqual((await simulator(sandbox)).parks, []);
  });

  it('sends a ringing call to voicemail', async () => {
    const legs = await placeCall(sandbox, { from: EMAIL.bob, to: EMAIL.alice });
    assert.equal(
      await firstReply(sandbox, 'alice', '/divert voicemail'),
      'Sent the call from Bob Example (1002) to voicemail.',
    );
    assert.deepEqual(await legsOf(sandbox, 'alice'), []);
    // Bob, the caller, now talks to Alice's voicemail.
    const [caller] = await legsOf(sandbox, 'bob');
    assert.equal(caller?.id, legOf(legs, EMAIL.bob).callId);
    assert.equal(caller?.state, 'connected');
    assert.equal(caller?.remoteParty.name, 'Alice Example');
  });

  it('diverts a ringing call to Bob, who sees it diverted', async () => {
    await placeCall(sandbox, {
      from: '+15555550115',
      to: EMAIL.alice,
      name: 'Ivy Outside',
    });
    assert.equal(
      await firstReply(sandbox, 'alice', '/divert bob@example.com'),
      'Sent the call from Ivy Outside (+15555550115) to bob@example.com.',
    );
    assert.deepEqual(await legsOf(sandbox, 'alice'), []);
    const [ringing] = await legsOf(sandbox, 'bob');
    assert.equal(ringing?.state, 'alerting');
    assert.equal(ringing?.remoteParty.name, 'Ivy Outside');
    assert.equal(ringing?.redirections?.[0]?.reason, 'divert');
  });

  // Last: these parks stay for the rest of the file.
  it('parks the numbered call against a destination, and reads a lone number as the destination', async () => {
    await aliceAnswersOutsideCall(sandbox, '+15555550118', 'Lou Outside');
    await aliceAnswersOutsideCall(sandbox, '+15555550119', 'Mia Outside');
    assert.equal(
      await firstReply(sandbox, 'alice', '/park 1002 1'),
      'Parked the call with Lou Outside (+15555550118) at Bob Example (1002). Get it back with /retrieve 1002.',
    );
    // One call left, and "1001" alone is where to park it.
    assert.equal(
      await firstReply(sandbox, 'alice', '/park 1001'),
      'Parked the call with Mia Outside (+15555550119) at Alice Example (1001). Get it back with /retrieve 1001.',
    );
  });
});
