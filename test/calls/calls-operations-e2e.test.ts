import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { legsOf, suiteSandbox } from './call-test-kit.ts';
import type { ChatMessage } from './calls-sandbox.ts';

const texts = (messages: ChatMessage[]) =>
  messages.map((m) => m.markdown ?? m.text ?? '');

describe('call operations from the chat', () => {
  const sandbox = suiteSandbox({ authorize: ['alice'] });

  async function command(text: string, reply: RegExp): Promise<string> {
    await sandbox.say('alice', text);
    const chat = await sandbox.waitForChat('alice', (m) =>
      texts(m).some((t) => reply.test(t)),
    );
    return texts(chat).findLast((t) => reply.test(t)) ?? '';
  }

  async function outsideCall(from: string, name: string): Promise<void> {
    await sandbox.api('alice', '/_sandbox/calls', {
      body: { from, to: 'alice@example.com', name },
    });
    await sandbox.waitForChat('alice', (m) =>
      texts(m).some((t) => t.startsWith(`Incoming call from ${name}`)),
    );
  }

  before(async () => {
    await sandbox.say('alice', '/monitor on');
    await sandbox.waitForChat('alice', (m) =>
      texts(m).some((t) => t.includes('monitoring is on')),
    );
  });

  it('explains an answer when nothing rings', async () => {
    await command('/answer', /^No call is ringing\.$/);
  });

  it('holds, resumes, records and sends tones on an answered call', async () => {
    await outsideCall('+15555550111', 'Erin Outside');
    await command('/answer', /^Answered the call from Erin Outside/);
    await command('/hold', /^Put the call with Erin Outside .* on hold\.$/);
    assert.equal((await legsOf(sandbox, 'alice'))[0]?.state, 'held');
    await command('/resume', /^Resumed the call with Erin Outside/);
    assert.equal((await legsOf(sandbox, 'alice'))[0]?.state, 'connected');
    await command('/record start', /^Recording started on the call/);
    assert.equal(
      (await legsOf(sandbox, 'alice'))[0]?.recordingState,
      'started',
    );
    await command('/dtmf 1,23#', /^Sent 1,23# to the call with Erin/);
    await command('/calls', /^Your active call:\n\[1\] Talking with Erin/);
  });
});
