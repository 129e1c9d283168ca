import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suiteSandbox } from './call-test-kit.ts';

const texts = (messages: { markdown?: string; text?: string }[]) =>
  messages.map((m) => m.markdown ?? m.text ?? '');

describe('call control through the chat', () => {
  const sandbox = suiteSandbox({ authorize: ['alice', 'bob'] });

  it('turns monitoring on with one webhook at an opaque path', async () => {
    await sandbox.say('alice', '/monitor on');
    await sandbox.waitForChat('alice', (m) =>
      texts(m).some((t) => t.includes('Call monitoring is on')),
    );
    const monitors = await sandbox.store.listMonitors();
    assert.equal(monitors.length, 1);
    const [monitor] = monitors;
    assert.ok(monitor?.webhookId);
    assert.ok(!monitor.hookPath.includes(monitor.personId));
  });

  it('lets Alice dial Bob, and relays the call when Bob answers', async () => {
    await sandbox.say('bob', '/monitor on');
    await sandbox.waitForChat('bob', (m) =>
      texts(m).some((t) => t.includes('Call monitoring is on')),
    );
    await sandbox.say('alice', '/dial 1002');
    await sandbox.waitForChat('alice', (m) =>
      texts(m).some((t) => t.startsWith('Calling 1002')),
    );
    // Alice picks up her own phone for the click-to-dial.
    const calls = (await (
      await sandbox.api('alice', '/telephony/calls')
    ).json()) as {
      items: { id: string; state: string }[];
    };
    const own = calls.items[0];
    assert.ok(own);
    await sandbox.api('alice', `/_sandbox/calls/${own.id}/answer`, {
      body: {},
    });

    const bobChat = await sandbox.waitForChat('bob', (m) =>
      texts(m).some((t) => t.startsWith('Incoming call from Alice Example')),
    );
    const card = bobChat.at(-1)?.attachments?.[0]?.content;
    assert.equal(card?.version, '1.3');

    await sandbox.say('bob', '/answer');
    await sandbox.waitForChat('bob', (m) =>
      texts(m).some((t) =>
        t.startsWith('Answered the call from Alice Example'),
      ),
    );
    await sandbox.waitForChat('alice', (m) =>
      texts(m).some((t) => t.startsWith('Connected with Bob Example')),
    );
    await sandbox.say('alice', '/hangup');
    await sandbox.waitForChat('alice', (m) =>
      texts(m).some((t) => /ended after/.test(t)),
    );
  });
});
