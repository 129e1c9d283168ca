import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ALICE,
  authorizeLinkIn,
  BOB,
  startSandbox,
  type TestSandbox,
} from '../helpers/sandbox.ts';

describe('authorization through the sandbox', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());

  it('authorizes Alice: page, chat message and a stored session', async () => {
    const page = await sandbox.authorize(ALICE);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /You are authorized/);
    assert.match(html, /Alice Example/);

    const replies = await sandbox.repliesTo(ALICE);
    const told = await sandbox.waitForReply(ALICE, replies.length);
    assert.match(told.text, /You are authorized: I can act for you until/);

    const alice = await sandbox.person(ALICE);
    const session = await sandbox.running.store.getSession(alice.id);
    assert.equal(session?.email, ALICE);
    assert.equal(session?.needsReauth, false);

    const status = await sandbox.ask(ALICE, '/auth');
    assert.match(status.text, /I hold your authorization/);
  });

  it('sends a PKCE link bound to a fresh state', async () => {
    const link = new URL(authorizeLinkIn(await sandbox.ask(BOB, '/auth')));
    assert.equal(link.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(
      link.searchParams.get('redirect_uri'),
      sandbox.config.redirectUrl,
    );
    const state = link.searchParams.get('state') ?? '';
    assert.ok(Buffer.from(state, 'base64url').length >= 16);
  });

  it("discards the tokens when Bob signs in on Alice's link", async () => {
    const alice = await sandbox.person(ALICE);
    await sandbox.running.store.deleteSession(alice.id);
    const link = authorizeLinkIn(await sandbox.ask(ALICE, '/auth force'));
    const asked = (await sandbox.repliesTo(ALICE)).length;

    const consent = await fetch(`${link}&login_hint=${BOB}`, {
      redirect: 'manual',
    });
    const page = await fetch(consent.headers.get('location') ?? '', {
      redirect: 'manual',
    });
    assert.equal(page.status, 403);
    const html = await page.text();
    assert.match(html, /You signed in as Bob Example \(bob@example\.com\)/);
    assert.match(
      html,
      /To authorize, go back to the chat, send \/auth for a new link and sign in there as alice@example\.com\./,
    );

    const told = await sandbox.waitForReply(ALICE, asked + 1);
    assert.match(
      told.text,
      /signed in as Bob Example \(bob@example\.com\) on the link I sent you, so I discarded those tokens\. To authorize, send \/auth for a new link and sign in there as alice@example\.com\.$/,
    );
    assert.equal(await sandbox.running.store.getSession(alice.id), undefined);
    const bob = await sandbox.person(BOB);
    assert.equal(await sandbox.running.store.getSession(bob.id), undefined);
  });

  it('rejects a replayed state without exchanging the code again', async () => {
    const link = authorizeLinkIn(await sandbox.ask(BOB, '/auth force'));
    const consent = await fetch(`${link}&login_hint=${BOB}`, {
      redirect: 'manual',
    });
    const location = consent.headers.get('location') ?? '';
    assert.equal((await fetch(location)).status, 200);

    const exchanges = async () =>
      (await sandbox.requests()).filter(
        (request) => request.path === '/v1/access_token',
      ).length;
    const before = await exchanges();
    const replay = await fetch(location);
    assert.equal(replay.status, 400);
    assert.match(await replay.text(), /already been used/);
    assert.equal(await exchanges(), before);
  });

  it('rejects an expired state', async () => {
    const link = authorizeLinkIn(await sandbox.ask(BOB, '/auth force'));
    const asked = (await sandbox.repliesTo(BOB)).length;
    sandbox.advanceClock(6 * 60_000);

    const consent = await fetch(`${link}&login_hint=${BOB}`, {
      redirect: 'manual',
    });
    const page = await fetch(consent.headers.get('location') ?? '');
    assert.equal(page.status, 400);
    assert.match(await page.text(), /has expired/);
    const told = await sandbox.waitForReply(BOB, asked + 1);
    assert.match(told.text, /had expired/);
  });

  /** Declines the link `/auth force` sends `email`; returns the page. */
  async function decline(email: string): Promise<Response> {
    const link = new URL(
      authorizeLinkIn(await sandbox.ask(email, '/auth force')),
    );
    const form = new URLSearchParams(link.searchParams);
    form.set('decision', 'decline');
    const consent = await fetch(link.origin + link.pathname, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    const location = consent.headers.get('location') ?? '';
    assert.match(location, /error=access_denied/);
    return fetch(location);
  }

  it('tells a person who declined', async () => {
    const bob = await sandbox.person(BOB);
    await sandbox.running.store.deleteSession(bob.id);
    const asked = (await sandbox.repliesTo(BOB)).length + 1;

    const page = await decline(BOB);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /The bot will not act for you/);
    const told = await sandbox.waitForReply(BOB, asked + 1);
    assert.match(told.text, /You declined the authorization, so I cannot/);
  });

  it('keeps the earlier authorization when a new link is declined', async () => {
    await sandbox.authorize(ALICE);
    const asked = (await sandbox.repliesTo(ALICE)).length + 1;

    const page = await decline(ALICE);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /You declined the new authorization/);
    assert.match(html, /stays in place: the bot can still act for you until /);
    assert.doesNotMatch(html, /will not act for you/);

    const told = await sandbox.waitForReply(ALICE, asked + 1);
    assert.match(
      told.text,
      /^You declined the new authorization\. The one you gave before stays in place: I can still act for you until .+\. Send \/auth clear/,
    );
    const status = await sandbox.ask(ALICE, '/auth');
    assert.match(status.text, /I hold your authorization/);
  });

  it('explains a failed code exchange and stores nothing', async () => {
    const bob = await sandbox.person(BOB);
    await sandbox.running.store.deleteSession(bob.id);
    const link = authorizeLinkIn(await sandbox.ask(BOB, '/auth force'));
    const asked = (await sandbox.repliesTo(BOB)).length;
    await sandbox.fault({
      method: 'POST',
      path: '/v1/access_token',
      status: 400,
    });

    const consent = await fetch(`${link}&login_hint=${BOB}`, {
      redirect: 'manual',
    });
    const page = await fetch(consent.headers.get('location') ?? '');
    assert.equal(page.status, 502);
    assert.match(await page.text(), /did not complete the authorization/);
    const told = await sandbox.waitForReply(BOB, asked + 1);
    assert.match(told.text, /did not complete the authorization/);
    assert.equal(await sandbox.running.store.getSession(bob.id), undefined);
  });

  it('answers a redirect without state with a 400 page', async () => {
    const page = await fetch(`${sandbox.running.url}/redirect?code=abc`);
    assert.equal(page.status, 400);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  });
});
