import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorizeLinkIn } from '../helpers/sandbox.ts';
import {
  EMAIL,
  firstReply,
  legsOf,
  placeCall,
  RAW_REFUSAL,
  suiteSandbox,
} from './call-test-kit.ts';

const NOT_AUTHORIZED =
  'I cannot act for you yet: send **/auth** to let me use your Webex account.';

describe('call refusals and questions, as sentences', () => {
  const sandbox = suiteSandbox({
    authorize: ['alice'],
    hangUpAfterEach: true,
  });

  /** The reply to `text`, checked to carry no raw error material. */
  async function refusal(who: 'alice' | 'bob', text: string) {
    const reply = await firstReply(sandbox, who, text);
    assert.doesNotMatch(reply, RAW_REFUSAL);
    return reply;
  }

  async function line(settings: Record<string, unknown>) {
    const response = await sandbox.api(
      'alice',
      `/_sandbox/calls/lines/${EMAIL.alice}`,
      { method: 'PUT', body: settings },
    );
    assert.equal(response.status, 200);
  }

  it('offers /auth for any call command before authorization', async () => {
    for (const command of ['/answer', '/calls', '/transfer 1001', '/park']) {
      assert.equal(await refusal('bob', command), NOT_AUTHORIZED);
    }
    await placeCall(sandbox, { from: '+15555550140', to: EMAIL.bob });
    assert.equal(await refusal('bob', '/answer'), NOT_AUTHORIZED);
    assert.equal((await legsOf(sandbox, 'bob'))[0]?.state, 'alerting');
  });

  it('says so when /answer finds nothing ringing', async () => {
    assert.equal(await refusal('alice', '/answer'), 'No call is ringing.');
  });

  it('explains /pull, /pickup and /bargein with nothing to take over', async () => {
    assert.equal(
      await refusal('alice', '/pull'),
      'You have no call in progress on another device to pull here.',
    );
    assert.equal(
      await refusal('alice', '/pickup'),
      'No call is ringing in your pickup group to pick up.',
    );
    // Bob's call only rings: nothing to join, nothing of Bob's picked up.
    await placeCall(sandbox, { from: '+15555550147', to: EMAIL.bob });
    assert.equal(
      await refusal('alice', '/bargein bob@example.com'),
      'There is no call in progress there to join (a call still ringing cannot be joined).',
    );
    assert.equal(
      await refusal('alice', '/pickup 1001'),
      'No call is ringing there for you to pick up.',
    );
    assert.deepEqual(await legsOf(sandbox, 'alice'), []);
  });

  it('asks which of two ringing calls to answer, then answers the one named', async () => {
    await placeCall(sandbox, {
      from: '+15555550141',
      to: EMAIL.alice,
      name: 'Carol Outside',
    });
    await placeCall(sandbox, {
      from: '+15555550142',
      to: EMAIL.alice,
      name: 'Dan Outside',
    });

    const question = await refusal('alice', '/answer');
    const [head, ...choices] = question.split('\n');
    assert.equal(
      head,
      'Which call should I answer? Add its number, e.g. `/answer 1`:',
    );
    assert.equal(choices.length, 2);
    assert.match(
      choices[0] ?? '',
      /^\[1\] Ringing: Carol Outside \(\+15555550141\), \d+s$/,
    );
    assert.match(
      choices[1] ?? '',
      /^\[2\] Ringing: Dan Outside \(\+15555550142\), \d+s$/,
    );
    // It never guesses: both calls still ring.
    const ringing = await legsOf(sandbox, 'alice');
    assert.deepEqual(
      ringing.map((leg) => leg.state),
      ['alerting', 'alerting'],
    );

    assert.equal(
      await firstReply(sandbox, 'alice', '/answer 2'),
      'Answered the call from Dan Outside (+15555550142).',
    );
    const after = await legsOf(sandbox, 'alice');
    const byName = (name: string) =>
      after.find((leg) => leg.remoteParty.name === name)?.state;
    assert.equal(byName('Carol Outside'), 'alerting');
    assert.equal(byName('Dan Outside'), 'connected');
  });

  it('refuses to transfer a call never answered and suggests /divert', async () => {
    await placeCall(sandbox, {
      from: '+15555550143',
      to: EMAIL.alice,
      name: 'Eve Outside',
    });
    assert.equal(
      await refusal('alice', '/transfer bob@example.com'),
      'The call from Eve Outside (+15555550143) was never answered, so it cannot be transferred: use `/divert bob@example.com` instead.',
    );
    assert.equal((await legsOf(sandbox, 'alice'))[0]?.state, 'alerting');
    assert.deepEqual(await legsOf(sandbox, 'bob'), []);
  });

  it('explains a phone that cannot answer through the API', async () => {
    await line({ apiAnswer: false });
    try {
      await placeCall(sandbox, {
        from: '+15555550144',
        to: EMAIL.alice,
        name: 'Flo Outside',
      });
      assert.equal(
        await refusal('alice', '/answer'),
        'Your phone cannot answer through me; answer on the device itself, or use the Webex app.',
      );
      assert.equal((await legsOf(sandbox, 'alice'))[0]?.state, 'alerting');
    } finally {
      await line({ apiAnswer: true });
    }
  });

  it('explains that a person without Webex Calling cannot control calls', async () => {
    const lineOfAlice = `/_sandbox/calls/lines/${EMAIL.alice}`;
    const off = await sandbox.api('alice', lineOfAlice, {
      method: 'PUT',
      body: { calling: false },
    });
    assert.equal(off.status, 204);
    try {
      for (const command of ['/calls', '/dial 1002']) {
        assert.equal(
          await refusal('alice', command),
          'Your account has no Webex Calling service, so I cannot control calls for you; ask your administrator for a Webex Calling licence.',
        );
      }
    } finally {
      await line({ calling: true });
    }
  });

  it('explains a recording or push refusal without quoting Webex or a call id', async () => {
    await placeCall(sandbox, {
      from: '+15555550148',
      to: EMAIL.alice,
      name: 'Rex Outside',
    });
    await firstReply(sandbox, 'alice', '/answer');
    const said: [string, string][] = [
      ['/record stop', 'That call is not being recorded.'],
      ['/record pause', 'That call is not being recorded.'],
      ['/record resume', 'That call is not being recorded.'],
      [
        '/record start',
        'Recording started on the call with Rex Outside (+15555550148).',
      ],
      ['/record start', 'That call is already being recorded.'],
      ['/record resume', 'The recording of that call is not paused.'],
      [
        '/record stop',
        'Recording stopped on the call with Rex Outside (+15555550148).',
      ],
      ['/record stop', 'That call is not being recorded.'],
      [
        '/push',
        'Push sends a call to the executive you assist; you assist no one.',
      ],
    ];
    for (const [command, expected] of said) {
      const reply = await refusal('alice', command);
      assert.equal(reply, expected, command);
      assert.doesNotMatch(reply, /Y2lz|Webex could not/, command);
    }
  });

  it('explains a call that cannot be muted from the chat', async () => {
    await line({ muteCapable: false });
    try {
      await placeCall(sandbox, {
        from: '+15555550145',
        to: EMAIL.alice,
        name: 'Gus Outside',
      });
      await firstReply(sandbox, 'alice', '/answer');
      assert.equal(
        await refusal('alice', '/mute'),
        'This call cannot be muted from here; use the mute button of your phone.',
      );
      assert.equal((await legsOf(sandbox, 'alice'))[0]?.muted, false);
    } finally {
      await line({ muteCapable: true });
    }
  });

  it('asks for /auth again when a permission for calls was not granted', async () => {
    // Bob consents to reading his calls only: no spark:calls_write.
    const link = new URL(
      authorizeLinkIn(await sandbox.sandbox.ask(EMAIL.bob, '/auth')),
    );
    link.searchParams.set('scope', 'spark:calls_read spark:people_read');
    link.searchParams.set('login_hint', EMAIL.bob);
    const consent = await fetch(link, { redirect: 'manual' });
    const back = consent.headers.get('location');
    assert.ok(back);
    assert.ok((await fetch(back, { redirect: 'manual' })).status < 400);

    await placeCall(sandbox, { from: '+15555550146', to: EMAIL.bob });
    assert.equal(
      await refusal('bob', '/answer'),
      'I am missing a permission for calls: send **/auth** again and accept every permission asked.',
    );
    assert.equal((await legsOf(sandbox, 'bob'))[0]?.state, 'alerting');
  });
});
