import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallSelectionError } from '../../src/calls/errors.ts';
import { telephonyErrorSentence } from '../../src/calls/telephony-error-sentence.ts';
import { WebexApiError } from '../../src/webex/errors.ts';

function refusal(operation: string, status: number, message: string) {
  return new WebexApiError({
    operation,
    status,
    webexMessage: message,
    errors: [{ description: message }],
    trackingId: 'ROUTER_test',
  });
}

describe('telephonyErrorSentence', () => {
  const cases: [string, number, string, RegExp][] = [
    [
      'calls.answer',
      400,
      'Call c1 is connected, not alerting: only an alerting call can be answered.',
      /not ringing any more/,
    ],
    [
      'calls.answer',
      400,
      'The device does not support answer via API: answer call c1 on the device itself.',
      /cannot answer through me/,
    ],
    [
      'calls.transfer',
      400,
      'Call c1 is alerting: only an answered call can be transferred.',
      // A code span: markdown would take a bare <destination> for a tag.
      /`\/divert <destination>`/,
    ],
    [
      'calls.dial',
      403,
      'bob@example.com is not a Webex Calling user: call control needs a person with a Webex Calling licence and line.',
      /no Webex Calling/,
    ],
    [
      'calls.dial',
      403,
      'The server understood the request, but refused to fulfill it because the access token is missing required scopes or the user is missing required roles or licenses.',
      /permission|Webex Calling/,
    ],
    [
      'calls.hold',
      403,
      'Missing required scope: spark:calls_write',
      /permission/,
    ],
    [
      'calls.hangup',
      404,
      'Call c9 was not found for this user: it has ended or belongs to someone else.',
      /not there any more/,
    ],
    [
      'calls.pull',
      404,
      'The user has no answered call to pull to another device.',
      /no call in progress on another device to pull/,
    ],
    [
      'calls.pickup',
      404,
      'No incoming call is alerting in the call pickup group.',
      /No call is ringing in your pickup group/,
    ],
    [
      'calls.pickup',
      404,
      'No incoming call is alerting for 1002.',
      /No call is ringing there for you to pick up/,
    ],
    [
      'calls.bargeIn',
      404,
      '1002 has no answered call to barge in on.',
      /no call in progress there to join/,
    ],
    [
      'calls.bargeIn',
      404,
      'Target 1999 is not a Webex Calling user of the organization.',
      /not a Webex Calling user of your organization/,
    ],
    [
      'calls.stopRecording',
      400,
      'Cannot stop recording of call Y2lzY29zcGFyazovL3VzL0NBTEwvYWJj: its recording is stopped.',
      /^That call is not being recorded\.$/,
    ],
    [
      'calls.pauseRecording',
      400,
      'Cannot pause recording of call c1: its recording is paused.',
      /already paused/,
    ],
    [
      'calls.startRecording',
      400,
      'Call c1 is alerting: it must be answered first.',
      /not answered yet/,
    ],
    [
      'calls.push',
      400,
      "Call c1 is not associated with an executive: push needs the user to be an executive's assistant.",
      /you assist no one/,
    ],
    [
      'calls.hold',
      400,
      'Call c1 is already held: resume it instead.',
      /^That call is already on hold\.$/,
    ],
    [
      'calls.park',
      409,
      'A call is already parked against Bob Example: retrieve it first or park elsewhere.',
      /already parked there/,
    ],
  ];
  for (const [operation, status, message, expected] of cases) {
    it(`explains ${operation} ${status}: ${message.slice(0, 40)}`, () => {
      const sentence = telephonyErrorSentence(
        refusal(operation, status, message),
      );
      assert.match(sentence ?? '', expected);
      assert.doesNotMatch(sentence ?? '', /ROUTER_|\b40\d\b/);
    });
  }

  it('never quotes a Webex message that names a call by its id', () => {
    const id = Buffer.from(
      'ciscospark://us/CALL/8f0e0c8b-4c4f-4a0e-9b53-2f6a4a1c7e11',
    ).toString('base64');
    for (const message of [
      `Call ${id} cannot do that right now.`,
      'Session 8f0e0c8b-4c4f-4a0e-9b53-2f6a4a1c7e11 is busy.',
    ]) {
      const sentence = telephonyErrorSentence(
        refusal('calls.hold', 409, message),
      );
      assert.equal(
        sentence,
        'Webex could not do that with this call as it is now. Send /calls to see your calls.',
      );
    }
    assert.equal(
      telephonyErrorSentence(
        refusal('calls.hold', 409, 'The line is busy with another request'),
      ),
      'Webex could not do that with this call: The line is busy with another request.',
    );
  });

  it('passes call-command mistakes through and ignores other errors', () => {
    assert.equal(
      telephonyErrorSentence(new CallSelectionError('Which call?')),
      'Which call?',
    );
    assert.equal(telephonyErrorSentence(new Error('boom')), undefined);
    assert.equal(
      telephonyErrorSentence(refusal('messages.create', 400, 'bad')),
      undefined,
    );
  });
});
