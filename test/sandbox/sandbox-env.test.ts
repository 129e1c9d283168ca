import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/config/index.ts';
import {
  createEmulator,
  type Emulator,
} from '../../src/emulator/create-emulator.ts';
import { defaultSeed } from '../../src/emulator/seed.ts';
import { readSandboxState, sandboxEnv } from '../../src/sandbox/sandbox-env.ts';
import { sandboxSeed } from '../../src/sandbox/sandbox-seed.ts';

describe('sandbox settings', () => {
  let emulator: Emulator;

  before(async () => {
    emulator = await createEmulator({
      seed: sandboxSeed('http://localhost:6123/redirect'),
    });
  });

  after(async () => {
    await emulator.close();
  });

  it('registers the bot redirect on the integration once', () => {
    const seed = sandboxSeed('http://localhost:6123/redirect');
    const uris = seed.integrations?.[0]?.redirectUris ?? [];
    assert.ok(uris.includes('http://localhost:6123/redirect'));
    assert.ok(uris.includes('http://localhost:6001/redirect'));

    const usual = sandboxSeed('http://localhost:6001/redirect');
    assert.deepEqual(
      usual.integrations?.[0]?.redirectUris,
      defaultSeed().integrations?.[0]?.redirectUris,
    );
  });

  it("builds a valid bot config from the emulator's seeded state", async () => {
    const state = await readSandboxState(emulator.url);
    const config = parseConfig(
      sandboxEnv(state, {
        apiUrl: emulator.apiUrl,
        botPort: 6123,
        dataDir: '/tmp/wxc-sandbox-test',
        logLevel: 'silent',
        tokenEncryptionKey: Buffer.alloc(32, 7).toString('base64'),
      }),
    );
    const bot = state.people.find((person) => person.type === 'bot');
    const integration = state.integrations[0];

    assert.equal(config.bot.email, bot?.email);
    assert.equal(config.bot.accessToken, bot?.accessToken);
    assert.equal(config.bot.name, bot?.displayName);
    assert.equal(config.integration.clientId, integration?.clientId);
    assert.equal(config.integration.clientSecret, integration?.clientSecret);
    assert.deepEqual([...config.integration.scopes], integration?.scopes);
    assert.equal(config.webexApiUrl, emulator.apiUrl);
    assert.equal(config.publicUrl, 'http://localhost:6123');
    assert.equal(config.redirectUrl, 'http://localhost:6123/redirect');
    assert.equal(config.port, 6123);
    assert.deepEqual(config.tokenEncryptionKey, Buffer.alloc(32, 7));
    assert.equal(config.store.backend, 'sqlite');
    assert.equal(
      config.store.sqlitePath,
      '/tmp/wxc-sandbox-test/sandbox-store.db',
    );
  });

  it('refuses a seed without a bot', () => {
    assert.throws(
      () =>
        sandboxEnv(
          { people: [], integrations: [] },
          {
            apiUrl: emulator.apiUrl,
            botPort: 6123,
            dataDir: '/tmp/x',
            logLevel: 'silent',
            tokenEncryptionKey: Buffer.alloc(32, 7).toString('base64'),
          },
        ),
      /no bot/,
    );
  });
});
