import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BotChildLab, startBotChildLab } from '../app/bot-child-kit.ts';
import { ALICE } from '../helpers/sandbox.ts';

describe('a bot process killed while refreshing a token', () => {
  let lab: BotChildLab;

  before(async () => {
    lab = await startBotChildLab(
      {
        journalReplayAfterMs: 800,
        // The refresh lock lives 2 s: a dead holder's expires soon.
        tokenOptions: { refreshTimeoutMs: 1500, lockMarginMs: 500 },
      },
      // Shorter than the refresh margin: every command refreshes first.
      { accessTokenLifetimeSeconds: 60 },
    );
  });
  after(async () => {
    await lab?.close();
  });

  it('lets the person run commands once the dead lock expires', async () => {
    let bot = await lab.startBot();
    await lab.authorize(ALICE);
    const store = await lab.openStore();
    const authorized = await store.getSession(
      (await store.listSessions())[0]?.personId ?? '',
    );
    assert.ok(authorized, 'Alice is authorized');

    // The refresh hangs at Webex while the bot holds the refresh lock.
    await lab.sandbox('/_sandbox/faults', {
      method: 'POST',
      path: '/v1/access_token',
      stallMs: 30_000,
    });
    const before = (await lab.repliesTo(ALICE)).length;
    await lab.say(ALICE, '/calls');
    await lab.faultTaken();
    await lab.kill(bot);

    bot = await lab.startBot();
    // The replayed command waits out the dead lock, then refreshes.
    await lab.waitForReply(ALICE, before + 1);
    await lab.say(ALICE, '/calls');
    await lab.waitForReply(ALICE, before + 2);
    const replies = (await lab.repliesTo(ALICE)).slice(before);
    assert.equal(replies.length, 2);
    for (const reply of replies) {
      assert.doesNotMatch(reply.markdown ?? reply.text, /unavailable|wrong/i);
    }

    // The new tokens were kept before they were used.
    const refreshed = await store.getSession(authorized.personId);
    await store.close();
    assert.ok(refreshed);
    assert.notEqual(refreshed.accessToken, authorized.accessToken);
    assert.equal(refreshed.refreshToken, authorized.refreshToken);
    await lab.stop(bot);
  });
});
