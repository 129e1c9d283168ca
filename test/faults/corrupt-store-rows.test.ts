/**
 * A damaged or foreign session row in the store (garbage in a sealed
 * token, or tokens sealed for another person) is skipped with one
 * warning naming only the person id; everyone else is served as usual,
 * and the owner of the bad row is asked to authorize again.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { captureLogs } from '../helpers/capture-logs.ts';
import {
  ALICE,
  BOB,
  startSandbox,
  type TestSandbox,
} from '../helpers/sandbox.ts';
import { whoamiModule } from '../helpers/whoami-module.ts';

const NOT_AUTHORIZED =
  'I cannot act for you yet: send **/auth** to let me use your Webex account.';

describe('a corrupt or foreign session row', () => {
  const logs = captureLogs('debug');
  let sandbox: TestSandbox;
  let aliceId: string;
  let bobId: string;
  before(async () => {
    sandbox = await startSandbox({
      logger: logs.logger,
      modules: [whoamiModule],
    });
    await sandbox.authorize(ALICE);
    await sandbox.authorize(BOB);
    aliceId = (await sandbox.person(ALICE)).id;
    bobId = (await sandbox.person(BOB)).id;
  });
  after(() => sandbox.close());

  /** Runs `sql` on the bot's SQLite file through a second connection. */
  const write = (sql: string, ...params: unknown[]) => {
    const db = new Database(join(sandbox.dataDir, 'bot.db'));
    try {
      assert.equal(db.prepare(sql).run(...params).changes, 1);
    } finally {
      db.close();
    }
  };
  const warningsAbout = (personId: string) =>
    logs
      .entries()
      .filter((entry) => entry.level === 40 && entry.personId === personId);
  const reply = async (email: string, text: string) => {
    const message = await sandbox.ask(email, text);
    return message.markdown ?? message.text;
  };

  it('skips garbage in a sealed token with one warning naming the person', async () => {
    write(
      'UPDATE sessions SET access_token_sealed = ? WHERE person_id = ?',
      'v1:garbage\u0000\u00ff not base64 at all',
      bobId,
    );
    const store = sandbox.running.store;
    const listed = await store.listSessions();
    assert.deepEqual(
      listed.map((session) => session.personId),
      [aliceId],
    );
    await store.listSessions();
    assert.equal(await store.getSession(bobId), undefined);

    const warnings = warningsAbout(bobId);
    assert.equal(warnings.length, 1);
    assert.match(String(warnings[0]?.msg), new RegExp(`session of ${bobId}`));
    assert.doesNotMatch(logs.text(), /garbage/);
  });

  it('keeps serving Alice, and asks Bob to authorize again', async () => {
    assert.equal(
      await reply(ALICE, '/whoami'),
      'Webex says you are Alice Example.',
    );
    assert.equal(await reply(BOB, '/whoami'), NOT_AUTHORIZED);
    assert.equal(warningsAbout(bobId).length, 1);
    assert.equal(warningsAbout(aliceId).length, 0);
  });

  it('skips tokens sealed for another person the same way', async () => {
    await sandbox.authorize(BOB);
    assert.equal(
      await reply(BOB, '/whoami'),
      'Webex says you are Bob Example.',
    );
    const before = warningsAbout(bobId).length;

    // Alice's sealed tokens, moved under Bob's id: bound to her id, they
    // must not open as his.
    write(
      `UPDATE sessions SET
         (access_token_sealed, refresh_token_sealed) =
         (SELECT access_token_sealed, refresh_token_sealed
            FROM sessions WHERE person_id = ?)
       WHERE person_id = ?`,
      aliceId,
      bobId,
    );
    assert.deepEqual(
      (await sandbox.running.store.listSessions()).map((s) => s.personId),
      [aliceId],
    );
    assert.equal(await reply(BOB, '/whoami'), NOT_AUTHORIZED);
    assert.equal(warningsAbout(bobId).length, before + 1);
    assert.equal(
      await reply(ALICE, '/whoami'),
      'Webex says you are Alice Example.',
    );
  });
});
