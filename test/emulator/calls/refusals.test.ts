import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HttpResult, useCallSandbox } from './call-sandbox.ts';

function assertWebexError(result: HttpResult, status: number, text: RegExp) {
  assert.equal(result.status, status);
  assert.match(result.body.message, text);
  assert.deepEqual(result.body.errors, [{ description: result.body.message }]);
  assert.match(result.body.trackingId, /^ROUTER_/);
  assert.equal(result.headers.get('trackingId'), result.body.trackingId);
}

describe('call simulator: refusals', () => {
  const box = useCallSandbox({ per: 'suite' });

  async function incoming(to: string) {
    const placed = await box.sandbox('POST', '/_sandbox/calls', {
      from: '+15550004444',
      to,
    });
    return placed.body.legs[0].callId as string;
  }

  it('refuses a request without callId', async () => {
    const result = await box.api('alice', 'POST', '/telephony/calls/hold', {});
    assertWebexError(result, 400, /callId/);
  });

  it('refuses an unknown call id as not found', async () => {
    const result = await box.api('alice', 'POST', '/telephony/calls/hangup', {
      callId: 'Y2lzY29zcGFyazovL3VzL0NBTEwvbm9uZQ',
    });
    assertWebexError(result, 404, /not found/);
  });

  it("refuses someone else's call exactly like an unknown one", async () => {
    const callId = await incoming('bob@example.com');
    const answer = await box.api('alice', 'POST', '/telephony/calls/answer', {
      callId,
    });
    assertWebexError(answer, 404, /not found/);
    const details = await box.api('alice', 'GET', `/telephony/calls/${callId}`);
    assertWebexError(details, 404, /not found/);
  });

  it('refuses to answer a call that is not alerting', async () => {
    const callId = await incoming('carol@example.com');
    await box.api('carol', 'POST', '/telephony/calls/answer', { callId });
    const again = await box.api('carol', 'POST', '/telephony/calls/answer', {
      callId,
    });
    assertWebexError(again, 400, /not alerting/);
  });

  it('refuses API answer on devices that cannot, but the phone still answers', async () => {
    const line = await box.sandbox(
      'PUT',
      '/_sandbox/calls/lines/bob@example.com',
      {
        apiAnswer: false,
      },
    );
    assert.equal(line.status, 200);
    assert.equal(line.body.apiAnswer, false);
    const callId = await incoming('bob@example.com');
    const answer = await box.api('bob', 'POST', '/telephony/calls/answer', {
      callId,
    });
    assertWebexError(answer, 400, /does not support answer via API/);
    const fromPhone = await box.sandbox(
      'POST',
      `/_sandbox/calls/${callId}/answer`,
    );
    assert.equal(fromPhone.status, 204);
    await box.api('bob', 'POST', '/telephony/calls/hangup', { callId });
  });

  it('refuses to transfer an unanswered call', async () => {
    const callId = await incoming('alice@example.com');
    const result = await box.api('alice', 'POST', '/telephony/calls/transfer', {
      callId1: callId,
      destination: '1003',
    });
    assertWebexError(result, 400, /cannot be transferred/);
    await box.api('alice', 'POST', '/telephony/calls/hangup', { callId });
  });

  it('applies the mandatory-id rules of transfer', async () => {
    const noFirst = await box.api(
      'alice',
      'POST',
      '/telephony/calls/transfer',
      {
        destination: '1003',
      },
    );
    assertWebexError(noFirst, 400, /callId1 is required/);
    const none = await box.api(
      'alice',
      'POST',
      '/telephony/calls/transfer',
      {},
    );
    assertWebexError(none, 400, /exactly two/);
  });

  it('tells a bot it is not a Webex Calling user', async () => {
    const result = await box.api('bot', 'GET', '/telephony/calls');
    assertWebexError(result, 403, /not a Webex Calling user/);
  });

  it('refuses a person whose Webex Calling service was taken away', async () => {
    const off = await box.sandbox(
      'PUT',
      '/_sandbox/calls/lines/carol@example.com',
      {
        calling: false,
      },
    );
    assert.equal(off.status, 204);
    const refused = await box.api('carol', 'POST', '/telephony/calls/dial', {
      destination: '1001',
    });
    assertWebexError(refused, 403, /not a Webex Calling user/);

    const on = await box.sandbox(
      'PUT',
      '/_sandbox/calls/lines/carol@example.com',
      {
        calling: true,
      },
    );
    assert.equal(on.status, 200);
    const listed = await box.api('carol', 'GET', '/telephony/calls');
    assert.equal(listed.status, 200);
  });

  it('refuses mute on a call that is not mute capable', async () => {
    const callId = await incoming('carol@example.com');
    const result = await box.api('carol', 'POST', '/telephony/calls/mute', {
      callId,
    });
    assertWebexError(result, 400, /not mute capable/);
    await box.api('carol', 'POST', '/telephony/calls/hangup', { callId });
  });

  it('refuses DTMF outside 0-9 * # A-D and commas', async () => {
    const callId = await incoming('carol@example.com');
    await box.api('carol', 'POST', '/telephony/calls/answer', { callId });
    const bad = await box.api(
      'carol',
      'POST',
      '/telephony/calls/transmitDtmf',
      {
        callId,
        dtmf: '12E',
      },
    );
    assertWebexError(bad, 400, /Invalid dtmf/);
    const good = await box.api(
      'carol',
      'POST',
      '/telephony/calls/transmitDtmf',
      {
        callId,
        dtmf: '1,23*#AD',
      },
    );
    assert.equal(good.status, 204);
    await box.api('carol', 'POST', '/telephony/calls/hangup', { callId });
  });

  it('refuses an unknown history type and a divert without destination', async () => {
    const history = await box.api(
      'alice',
      'GET',
      '/telephony/calls/history?type=all',
    );
    assertWebexError(history, 400, /Invalid type/);
    const callId = await incoming('alice@example.com');
    const divert = await box.api('alice', 'POST', '/telephony/calls/divert', {
      callId,
    });
    assertWebexError(divert, 400, /destination is required/);
    await box.api('alice', 'POST', '/telephony/calls/hangup', { callId });
  });
});
