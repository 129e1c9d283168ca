import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallSelectionError } from '../../src/calls/errors.ts';
import { formatCallList } from '../../src/calls/format-calls.ts';
import {
  isAnyCall,
  isRinging,
  parseCallIndex,
  selectCall,
} from '../../src/calls/select-call.ts';
import type { Call } from '../../src/webex/telephony-types.ts';

function call(id: string, state: Call['state'], created: string): Call {
  return {
    id,
    callSessionId: `s-${id}`,
    personality: 'terminator',
    state,
    remoteParty: {
      name: `Party ${id}`,
      number: `100${id}`,
      privacyEnabled: false,
      callType: 'location',
    },
    created,
    muteCapable: true,
    muted: false,
  };
}

const now = Date.parse('2025-01-01T10:05:00Z');
const active = call('1', 'connected', '2025-01-01T10:00:00Z');
const waiting = call('2', 'alerting', '2025-01-01T10:04:00Z');
const ringingToo = call('3', 'alerting', '2025-01-01T10:04:30Z');
const options = {
  verb: 'answer',
  command: 'answer',
  noneMessage: 'No call is ringing.',
  fits: isRinging,
  now,
};

describe('selectCall', () => {
  it('takes the only call that fits without a number', () => {
    assert.equal(selectCall([waiting, active], options).id, '2');
  });

  it('picks [n] from the list ordered by creation time', () => {
    const calls = [ringingToo, active, waiting];
    assert.equal(selectCall(calls, { ...options, index: 1 }).id, '1');
    assert.equal(selectCall(calls, { ...options, index: 3 }).id, '3');
    assert.throws(
      () => selectCall(calls, { ...options, index: 4 }),
      /no call 4: you have 3/,
    );
  });

  it('asks, listing the candidates, when two calls ring', () => {
    assert.throws(
      () => selectCall([active, waiting, ringingToo], options),
      (error: unknown) => {
        assert.ok(error instanceof CallSelectionError);
        assert.match(error.message, /Which call should I answer\?/);
        assert.match(error.message, /\[2\] Ringing: Party 2/);
        assert.match(error.message, /\[3\] Ringing: Party 3/);
        assert.doesNotMatch(error.message, /\[1\]/);
        return true;
      },
    );
  });

  it('asks when a call waits beside an active one for /hangup', () => {
    assert.throws(
      () =>
        selectCall([active, waiting], {
          ...options,
          verb: 'hang up',
          command: 'hangup',
          fits: isAnyCall,
        }),
      /Which call should I hang up\? Add its number, e\.g\. `\/hangup 1`:/,
    );
  });

  it('says so when no call fits', () => {
    assert.throws(() => selectCall([active], options), /No call is ringing/);
  });
});

describe('parseCallIndex', () => {
  it('reads [n], #n and n, and nothing else', () => {
    assert.equal(parseCallIndex('[2]'), 2);
    assert.equal(parseCallIndex('#3'), 3);
    assert.equal(parseCallIndex('1'), 1);
    assert.equal(parseCallIndex('0'), undefined);
    assert.equal(parseCallIndex('1001x'), undefined);
    assert.equal(parseCallIndex(undefined), undefined);
  });
});

describe('formatCallList', () => {
  it('numbers calls oldest first with state, party and duration', () => {
    const text = formatCallList([waiting, active], now);
    assert.equal(
      text,
      [
        'Your active calls:',
        '[1] Talking with Party 1 (1001), 5m 00s',
        '[2] Ringing: Party 2 (1002), 1m 00s',
      ].join('\n'),
    );
    assert.equal(formatCallList([], now), 'You have no active call.');
  });
});
