import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatHistory } from '../../src/calls/format-history.ts';
import type { CallHistoryRecord } from '../../src/webex/telephony-types.ts';

const fixture = JSON.parse(
  readFileSync(
    new URL(
      '../fixtures/webex/telephony_call_history_response.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as { items: CallHistoryRecord[] };

describe('formatHistory', () => {
  it('lists newest first in the person’s time zone', () => {
    const lines = formatHistory([...fixture.items].reverse(), {
      timeZone: 'America/Denver',
      limit: 10,
    });
    assert.deepEqual(lines, [
      'Tue, Feb 16, 2021, 10:03 AM MST · Answered Bob Caller (1002)',
      'Tue, Feb 16, 2021, 8:44 AM MST · Called Carol Desk (1000)',
      'Tue, Feb 16, 2021, 8:15 AM MST · Missed Carol Desk (1000)',
    ]);
  });

  it('names private callers and honours the limit', () => {
    const lines = formatHistory(
      [
        { type: 'missed', privacyEnabled: true, time: '2025-01-01T10:00:00Z' },
        ...fixture.items,
      ],
      { timeZone: 'UTC', limit: 2 },
    );
    assert.equal(lines.length, 2);
    assert.equal(
      lines[0],
      'Wed, Jan 1, 2025, 10:00 AM UTC · Missed a private caller',
    );
  });

  it('falls back to the server’s zone for an unknown zone name', () => {
    const lines = formatHistory(fixture.items, {
      timeZone: 'Mars/Olympus',
      limit: 1,
    });
    assert.match(lines[0] ?? '', /Answered Bob Caller/);
  });

  it('says when the history is empty', () => {
    assert.deepEqual(formatHistory([], { limit: 5 }), [
      'No calls in your history.',
    ]);
  });

  it('names the kind of call asked for when there is none', () => {
    assert.deepEqual(formatHistory([], { limit: 5, type: 'missed' }), [
      'No missed calls in your history.',
    ]);
  });
});
