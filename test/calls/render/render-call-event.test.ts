import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { renderCallEvent } from '../../../src/calls/render/render-call-event.ts';

function fixture(name: string): {
  event: string;
  data: Record<string, unknown>;
} {
  const url = new URL(`../../fixtures/webex/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

const bob = {
  name: 'Bob Caller',
  number: '+15555550199',
  privacyEnabled: false,
  callType: 'external' as const,
};

describe('renderCallEvent', () => {
  it('shows a queue call as a card with how it reached the person', () => {
    const delivery = fixture(
      'webhook_delivery_telephony_calls_created_received',
    );
    const message = renderCallEvent(delivery.event, delivery.data);

    assert.ok(message);
    assert.match(message.text, /Incoming call from Sales Queue - Bob Caller/);
    assert.match(message.text, /through the call queue Sales Queue/);
    const content = message.card?.content as Record<string, unknown>;
    assert.equal(content.version, '1.3');
    const actions = content.actions as { title: string; data: unknown }[];
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Answer', 'Decline', 'Send to voicemail'],
    );
    assert.deepEqual(actions[0]?.data, {
      action: 'answer',
      callId: delivery.data.callId,
    });
  });

  it('says a call answered elsewhere, from the real capture', () => {
    const delivery = fixture(
      'webhook_delivery_telephony_calls_deleted_disconnected',
    );
    const message = renderCallEvent(delivery.event, delivery.data);
    assert.equal(
      message?.text,
      'The call from Bob Caller (+15555550199) was answered elsewhere.',
    );
  });

  it('offers hold, transfer and hang up once answered', () => {
    const delivery = fixture(
      'webhook_delivery_telephony_calls_updated_answered',
    );
    const message = renderCallEvent(delivery.event, delivery.data, {
      state: 'alerting',
    });
    assert.equal(message?.text, 'Connected with Bob Caller (+15555550199).');
    const content = message?.card?.content as Record<string, unknown>;
    const titles = (content.actions as { title: string }[]).map((a) => a.title);
    assert.deepEqual(titles, ['Hold', 'Transfer', 'Hang up']);
    const body = content.body as { type: string; id?: string }[];
    assert.ok(
      body.some((b) => b.type === 'Input.Text' && b.id === 'destination'),
    );
  });

  it('reports hold and resume, and offers Resume while held', () => {
    const base = { callId: 'c1', personality: 'originator', remoteParty: bob };
    const held = renderCallEvent(
      'updated',
      { ...base, eventType: 'held', state: 'held' } as never,
      { state: 'connected' },
    );
    assert.match(held?.text ?? '', /is on hold/);
    const content = held?.card?.content as { actions: { title: string }[] };
    const actions = content.actions;
    assert.equal(actions[0]?.title, 'Resume');

    const resumed = renderCallEvent(
      'updated',
      { ...base, eventType: 'resumed', state: 'connected' } as never,
      { state: 'held' },
    );
    assert.match(resumed?.text ?? '', /is resumed/);
  });

  it('tells when the other side holds the call', () => {
    const message = renderCallEvent(
      'updated',
      {
        callId: 'c1',
        eventType: 'updated',
        state: 'remoteHeld',
        remoteParty: bob,
      } as never,
      { state: 'connected' },
    );
    assert.equal(message?.text, 'Bob Caller (+15555550199) put you on hold.');
  });

  it('reports recording changes, and a resume after pause', () => {
    const data = {
      callId: 'c1',
      eventType: 'updated',
      state: 'connected',
      remoteParty: bob,
    };
    const started = renderCallEvent(
      'updated',
      { ...data, recordingState: 'started' } as never,
      { state: 'connected' },
    );
    assert.equal(started?.text, 'Recording started.');
    const resumed = renderCallEvent(
      'updated',
      { ...data, recordingState: 'started' } as never,
      { state: 'connected', recordingState: 'paused' },
    );
    assert.equal(resumed?.text, 'Recording resumed.');
  });

  it('says nothing of a recording pending, and tells it started', () => {
    const data = {
      callId: 'c1',
      eventType: 'recording',
      state: 'connected',
      remoteParty: bob,
    };
    const pending = renderCallEvent(
      'updated',
      { ...data, recordingState: 'pending' } as never,
      { state: 'connected' },
    );
    assert.equal(pending, undefined);
    const started = renderCallEvent(
      'updated',
      { ...data, recordingState: 'started' } as never,
      { state: 'connected', recordingState: 'pending' },
    );
    assert.equal(started?.text, 'Recording started.');
  });

  it('names the new party of a call in progress, with a card for it', () => {
    const alice = { name: 'Alice Example', number: '1001' };
    const data = {
      callId: 'c1',
      eventType: 'transferred',
      state: 'connected',
      personality: 'terminator',
      remoteParty: bob,
    };
    const told = renderCallEvent('updated', data as never, {
      state: 'connected',
      remoteParty: alice as never,
    });
    assert.equal(
      told?.text,
      'You are now talking with Bob Caller (+15555550199), transferred by Alice Example.',
    );
    assert.ok(told?.card);
    const unseen = renderCallEvent('updated', data as never);
    assert.equal(
      unseen?.text,
      'You are now talking with Bob Caller (+15555550199): the call was transferred to you.',
    );
    const same = renderCallEvent(
      'updated',
      { ...data, eventType: 'updated' } as never,
      { state: 'connected', remoteParty: bob },
    );
    assert.equal(same, undefined);
  });

  it('gives the duration of an answered call that ended', () => {
    const message = renderCallEvent('deleted', {
      callId: 'c1',
      eventType: 'disconnected',
      state: 'disconnected',
      personality: 'originator',
      remoteParty: bob,
      answered: '2025-01-01T10:00:00.000Z',
      disconnected: '2025-01-01T10:02:05.000Z',
    } as never);
    assert.equal(
      message?.text,
      'The call with Bob Caller (+15555550199) ended after 2m 05s.',
    );
  });

  it('calls an unanswered incoming call missed', () => {
    const message = renderCallEvent('deleted', {
      callId: 'c1',
      state: 'disconnected',
      personality: 'terminator',
      remoteParty: { privacyEnabled: true, callType: 'external' },
    } as never);
    assert.equal(message?.text, 'Missed call from a private number.');
  });

  it('reports a transfer and a diversion', () => {
    const data = { callId: 'c1', state: 'connected', remoteParty: bob };
    assert.match(
      renderCallEvent('updated', { ...data, eventType: 'transferred' } as never)
        ?.text ?? '',
      /was transferred/,
    );
    assert.match(
      renderCallEvent('updated', { ...data, eventType: 'forwarded' } as never)
        ?.text ?? '',
      /was diverted/,
    );
  });

  it('stays quiet for an endpoint update while still ringing', () => {
    const message = renderCallEvent(
      'updated',
      {
        callId: 'c1',
        eventType: 'updated',
        state: 'alerting',
        remoteParty: bob,
      } as never,
      { state: 'alerting' },
    );
    assert.equal(message, undefined);
  });

  it('shows unknown states and event types generically', () => {
    const odd = renderCallEvent(
      'updated',
      { callId: 'c1', eventType: 'teleported', state: 'floating' } as never,
      { state: 'connected' },
    );
    assert.equal(odd?.text, 'The call with an unknown party is now floating.');
    const unknownType = renderCallEvent(
      'updated',
      { callId: 'c1', eventType: 'sparkled', state: 'connected' } as never,
      { state: 'connected' },
    );
    assert.match(unknownType?.text ?? '', /“sparkled” \(connected\)/);
  });

  it('never throws on an empty or odd payload', () => {
    assert.doesNotThrow(() => renderCallEvent('created', {}));
    assert.doesNotThrow(() =>
      renderCallEvent('updated', {
        remoteParty: null,
        redirections: [],
      } as never),
    );
    const noNumber = renderCallEvent('created', {
      callId: 'c2',
      eventType: 'received',
      state: 'alerting',
      personality: 'terminator',
      remoteParty: { privacyEnabled: false, callType: 'external' },
    } as never);
    assert.equal(noNumber?.text, 'Incoming call from an unknown party.');
  });
});
