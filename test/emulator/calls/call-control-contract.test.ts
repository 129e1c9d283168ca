import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  validateAgainstSchema,
  validateResponse,
} from '../../helpers/openapi.ts';
import { useCallSandbox } from './call-sandbox.ts';

const SPEC = 'webex-call-control.subset.json';

function assertResponse(
  method: string,
  path: string,
  result: { status: number; body: unknown },
) {
  assert.deepEqual(
    validateResponse(SPEC, path, method, result.status, result.body),
    [],
  );
}

describe('call simulator: responses match the call-control spec', () => {
  const box = useCallSandbox({ per: 'suite' });

  it('answers dial, list, details, park, retrieve, transfer and history per schema', async () => {
    const dial = await box.api('alice', 'POST', '/telephony/calls/dial', {
      destination: '+15550001234',
    });
    assert.equal(dial.status, 201);
    assertResponse('post', '/telephony/calls/dial', dial);
    await box.sandbox('POST', `/_sandbox/calls/${dial.body.callId}/answer`);
    await box.sandbox('POST', `/_sandbox/calls/${dial.body.callId}/answer`);

    const list = await box.api('alice', 'GET', '/telephony/calls');
    assertResponse('get', '/telephony/calls', list);
    for (const call of list.body.items) {
      assert.equal(typeof call.muteCapable, 'boolean');
      assert.equal(typeof call.muted, 'boolean');
    }
    const details = await box.api(
      'alice',
      'GET',
      `/telephony/calls/${dial.body.callId}`,
    );
    assertResponse('get', '/telephony/calls/{callId}', details);

    const transfer = await box.api(
      'alice',
      'POST',
      '/telephony/calls/transfer',
      {
        callId1: dial.body.callId,
        destination: '+15550004321',
      },
    );
    assertResponse('post', '/telephony/calls/transfer', transfer);
    await box.api('alice', 'POST', '/telephony/calls/hangup', {
      callId: transfer.body.callId,
    });

    const park = await box.api('alice', 'POST', '/telephony/calls/park', {
      callId: dial.body.callId,
    });
    assert.equal(park.status, 200);
    assertResponse('post', '/telephony/calls/park', park);
    const retrieve = await box.api(
      'alice',
      'POST',
      '/telephony/calls/retrieve',
      {},
    );
    assert.equal(retrieve.status, 201);
    assertResponse('post', '/telephony/calls/retrieve', retrieve);

    const history = await box.api('alice', 'GET', '/telephony/calls/history');
    assertResponse('get', '/telephony/calls/history', history);
    assert.ok(history.body.items.length > 0);
  });

  it('sends event data that is a Call with callId for id', async () => {
    await box.sandbox('POST', '/_sandbox/calls', {
      from: '+15550002468',
      to: 'bob@example.com',
      private: true,
    });
    for (const { data } of await box.deliveries('bob', 2)) {
      const { callId, eventType, eventTimestamp, ...rest } = data;
      assert.equal(typeof eventType, 'string');
      assert.equal(typeof eventTimestamp, 'string');
      assert.deepEqual(
        validateAgainstSchema(SPEC, 'Call', { id: callId, ...rest }),
        [],
      );
      assert.deepEqual(Object.keys(data).slice(0, 3), [
        'eventType',
        'eventTimestamp',
        'callId',
      ]);
    }
  });
});
