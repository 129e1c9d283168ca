import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createEmulator,
  type Emulator,
} from '../../src/emulator/create-emulator.ts';
import { WebexApiError } from '../../src/webex/errors.ts';
import { WebexClient } from '../../src/webex/webex-client.ts';

const ALICE_TOKEN = 'alice-access-token-0123456789';

let emulator: Emulator;
let client: WebexClient;

before(async () => {
  emulator = await createEmulator({
    seed: {
      people: [
        {
          displayName: 'Alice Example',
          email: 'alice@example.com',
          extension: '1001',
          phoneNumber: '+15555550101',
          accessToken: ALICE_TOKEN,
        },
      ],
    },
  });
  client = new WebexClient({ baseUrl: emulator.apiUrl });
});
after(() => emulator.close());

describe('WebexClient against the emulator', () => {
  it('reads the token owner with people.me', async () => {
    const me = await client.withToken(ALICE_TOKEN).people.me();

    assert.equal(me.displayName, 'Alice Example');
    assert.deepEqual(me.emails, ['alice@example.com']);
  });

  it('creates, reads, updates, lists and deletes a webhook', async () => {
    const webhooks = client.withToken(ALICE_TOKEN).webhooks;

    const created = await webhooks.create({
      name: 'Call Monitor',
      targetUrl: 'https://bot.example.invalid/callevent/a',
      resource: 'telephony_calls',
      event: 'all',
      secret: 'webhook-secret-0123',
    });
    const updated = await webhooks.update(created.id, {
      name: 'Renamed',
      targetUrl: created.targetUrl,
    });

    assert.equal((await webhooks.get(created.id)).name, 'Renamed');
    assert.equal(updated.name, 'Renamed');
    assert.deepEqual(
      (await webhooks.list()).map((webhook) => webhook.id),
      [created.id],
    );

    await webhooks.delete(created.id);

    assert.deepEqual(await webhooks.list(), []);
    const error = await webhooks
      .get(created.id)
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof WebexApiError);
    assert.equal(error.status, 404);
  });

  it('turns a bad token into a 401 WebexApiError', async () => {
    const error = await client
      .withToken('not-a-valid-token-at-all')
      .people.me()
      .catch((caught: unknown) => caught);

    assert.ok(error instanceof WebexApiError);
    assert.equal(error.isUnauthorized, true);
    assert.ok(!error.message.includes('not-a-valid-token-at-all'));
  });
});
