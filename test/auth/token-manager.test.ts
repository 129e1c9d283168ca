import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TokenManager } from '../../src/auth/token-manager.ts';
import {
  ALICE,
  authorizeLinkIn,
  BOB,
  startSandbox,
  type TestSandbox,
} from '../helpers/sandbox.ts';
import { whoamiModule } from '../helpers/whoami-module.ts';

const MINUTE = 60_000;

describe('acting for a person with refreshed tokens', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startSandbox({
      modules: [whoamiModule],
      emulator: { accessTokenLifetimeSeconds: 600 },
    });
  });
  after(() => sandbox.close());

  const refreshes = async () =>
    (await sandbox.requests()).filter(
      (request) => request.path === '/v1/access_token',
    ).length;

  it('refreshes once for twenty simultaneous commands', async () => {
    assert.equal((await sandbox.authorize(ALICE)).status, 200);
    const alice = await sandbox.person(ALICE);
    const first = await sandbox.running.store.getSession(alice.id);
    // 4 minutes left: under the 5-minute margin.
    sandbox.advanceClock(6 * MINUTE);

    const before = await refreshes();
    const replied = (await sandbox.repliesTo(ALICE)).length;
    await Promise.all(
      Array.from({ length: 20 }, () => sandbox.say(ALICE, '/whoami')),
    );
    const last = await sandbox.waitForReply(ALICE, replied + 20);
    assert.match(last.text, /Webex says you are Alice Example/);

    assert.equal((await refreshes()) - before, 1);
    const after = await sandbox.running.store.getSession(alice.id);
    assert.notEqual(after?.accessToken, first?.accessToken);
  });

  it('refreshes and retries once when Webex answers 401', async () => {
    const before = await refreshes();
    await sandbox.fault({ method: 'GET', path: '/v1/people/me', status: 401 });
    const reply = await sandbox.ask(ALICE, '/whoami');
    assert.match(reply.text, /Webex says you are Alice Example/);
    assert.equal((await refreshes()) - before, 1);
  });

  it('does not refresh a token that came without a lifetime', async () => {
    const bob = await sandbox.person(BOB);
    const now = sandbox.now();
    await sandbox.running.store.putSession({
      personId: bob.id,
      email: BOB,
      displayName: 'Bob Example',
      accessToken: bob.accessToken ?? '',
      refreshToken: 'not-used',
      accessTokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      scopes: '',
      needsReauth: false,
      createdAt: now,
      updatedAt: now,
    });

    const before = await refreshes();
    for (let i = 0; i < 3; i++) {
      assert.match((await sandbox.ask(BOB, '/whoami')).text, /Bob Example/);
    }
    assert.equal(await refreshes(), before);
    await sandbox.running.store.deleteSession(bob.id);
  });

  it('refreshes once across two instances sharing the store', async () => {
    const alice = await sandbox.person(ALICE);
    const { deps } = sandbox.running.bot;
    const instances = [1, 2].map(
      () =>
        new TokenManager({
          store: deps.store,
          webex: deps.webex,
          logger: deps.logger,
          now: sandbox.now,
          lockPollMs: 5,
        }),
    );
    sandbox.advanceClock(6 * MINUTE);

    const before = await refreshes();
    const sessions = await Promise.all(
      instances.flatMap((tokens) => [
        tokens.session(alice.id),
        tokens.session(alice.id),
      ]),
    );
    assert.equal((await refreshes()) - before, 1);
    assert.equal(new Set(sessions.map((s) => s.accessToken)).size, 1);
  });

  it('keeps acting for Alice after a restart, tokens sealed on disk', async () => {
    await sandbox.restartBot();
    assert.match(
      (await sandbox.ask(ALICE, '/whoami')).text,
      /Webex says you are Alice Example/,
    );

    const alice = await sandbox.person(ALICE);
    const session = await sandbox.running.store.getSession(alice.id);
    assert.ok(session);
    const files = await readdir(sandbox.dataDir);
    const bytes = Buffer.concat(
      await Promise.all(
        files
          .filter((file) => file.startsWith('bot.db'))
          .map((file) => readFile(join(sandbox.dataDir, file))),
      ),
    );
    assert.ok(bytes.length > 0);
    assert.equal(bytes.includes(session.accessToken), false);
    assert.equal(bytes.includes(session.refreshToken), false);
  });

  it('keeps reading tokens sealed before a key rotation', async () => {
    const oldKey = (
      await readFile(join(sandbox.dataDir, 'token-encryption.key'), 'utf8')
    ).trim();
    const newKey = randomBytes(32).toString('base64');

    await sandbox.restartBot({ TOKEN_ENCRYPTION_KEY: newKey });
    assert.match(
      (await sandbox.ask(ALICE, '/whoami')).text,
      /I cannot act for you yet: send \/auth/,
      'without the old key the sealed session is unreadable',
    );

    await sandbox.restartBot({
      TOKEN_ENCRYPTION_KEY: newKey,
      TOKEN_ENCRYPTION_PREVIOUS_KEYS: oldKey,
    });
    assert.match(
      (await sandbox.ask(ALICE, '/whoami')).text,
      /Webex says you are Alice Example/,
    );
  });

  it('asks once for a new authorization when the refresh token is refused', async () => {
    // Past the refresh token's 90 days: Webex refuses it.
    sandbox.advanceClock(91 * 24 * 60 * MINUTE);
    const replied = (await sandbox.repliesTo(ALICE)).length;
    await sandbox.say(ALICE, '/whoami');

    const link = await sandbox.waitForReply(ALICE, replied + 1);
    assert.match(link.text, /no longer accepts my authorization/);
    authorizeLinkIn(link);
    const sentence = await sandbox.waitForReply(ALICE, replied + 2);
    assert.match(sentence.text, /send \/auth to authorize me again/i);

    const alice = await sandbox.person(ALICE);
    const session = await sandbox.running.store.getSession(alice.id);
    assert.equal(session?.needsReauth, true);

    const again = await sandbox.ask(ALICE, '/whoami');
    assert.match(again.text, /authorize me again/);
    assert.doesNotMatch(again.text, /no longer accepts/);
    assert.equal((await sandbox.repliesTo(ALICE)).length, replied + 3);
  });
});
