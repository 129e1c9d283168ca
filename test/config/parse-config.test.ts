import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/config-error.ts';
import {
  hasWebexCredentials,
  parseConfig,
} from '../../src/config/parse-config.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

const minimal = {
  WXC_CC_INTEGRATION_CLIENT_ID: 'Cabc',
  WXC_CC_INTEGRATION_CLIENT_SECRET: 'client-secret-value',
  WXC_CC_BOT_EMAIL: 'callcontrol@webex.bot',
  WXC_CC_BOT_ACCESS_TOKEN: 'bot-token-value',
  PUBLIC_URL: 'https://bot.example.com/',
};

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies every default', () => {
    const config = parseConfig(minimal);

    assert.deepEqual(config.integration.scopes, [
      'spark:calls_write',
      'spark:kms',
      'spark:calls_read',
      'spark-admin:telephony_config_read',
      'spark:people_read',
    ]);
    assert.equal(config.bot.name, 'callcontrol');
    assert.equal(config.publicUrl, 'https://bot.example.com');
    assert.equal(config.port, 6001);
    assert.equal(config.redirectUrl, 'http://localhost:6001/redirect');
    assert.equal(config.webexApiUrl, 'https://webexapis.com/v1');
    assert.deepEqual(config.store, {
      url: 'sqlite:./data/wxc-callcontrol.db',
      backend: 'sqlite',
      sqlitePath: './data/wxc-callcontrol.db',
      prefix: 'wxc-cc:',
    });
    assert.equal(config.tokenEncryptionKey, null);
    assert.equal(config.dataDir, './data');
    assert.equal(config.logLevel, 'info');
    assert.equal(config.ngrokAuthtoken, null);
  });

  it('reads every variable', () => {
    const config = parseConfig({
      ...minimal,
      WXC_CC_INTEGRATION_CLIENT_SCOPES: 'spark:calls_read  spark:kms',
      WXC_CC_BOT_NAME: 'Call Control',
      PORT: '8080',
      WXC_CC_REDIRECT_URL: 'https://bot.example.com/redirect',
      WEBEX_API_URL: 'http://127.0.0.1:7001/v1/',
      STORE_URL: 'rediss://cache.example.com:6380/0',
      STORE_PREFIX: 'bot-a:',
      TOKEN_ENCRYPTION_KEY: KEY,
      DATA_DIR: '/var/lib/wxc',
      LOG_LEVEL: 'DEBUG',
      NGROK_AUTHTOKEN: 'ngrok-token',
    });

    assert.deepEqual(config.integration, {
      clientId: 'Cabc',
      clientSecret: 'client-secret-value',
      scopes: ['spark:calls_read', 'spark:kms'],
    });
    assert.deepEqual(config.bot, {
      email: 'callcontrol@webex.bot',
      accessToken: 'bot-token-value',
      name: 'Call Control',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.redirectUrl, 'https://bot.example.com/redirect');
    assert.equal(config.webexApiUrl, 'http://127.0.0.1:7001/v1');
    assert.deepEqual(config.store, {
      url: 'rediss://cache.example.com:6380/0',
      backend: 'redis',
      sqlitePath: null,
      prefix: 'bot-a:',
    });
    assert.deepEqual(config.tokenEncryptionKey, Buffer.alloc(32, 7));
    assert.equal(config.dataDir, '/var/lib/wxc');
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.ngrokAuthtoken, 'ngrok-token');
  });

  it('accepts a bare SQLite path and a tunnel instead of PUBLIC_URL', () => {
    const { PUBLIC_URL: _unset, ...rest } = minimal;
    const config = parseConfig({
      ...rest,
      STORE_URL: './state.db',
      NGROK_AUTHTOKEN: 'ngrok-token',
      PORT: '9000',
    });

    assert.equal(config.publicUrl, null);
    assert.equal(config.store.sqlitePath, './state.db');
    assert.equal(config.redirectUrl, 'http://localhost:9000/redirect');
  });

  it('lists every bad variable with a fix, in one error', () => {
    const error = problemsOf({
      WXC_CC_BOT_EMAIL: 'not-an-email',
      WXC_CC_BOT_ACCESS_TOKEN: '   ',
      PORT: '70000',
      WEBEX_API_URL: 'ftp://webex',
      STORE_URL: 'mysql://db',
      TOKEN_ENCRYPTION_KEY: 'c2hvcnQtc2VjcmV0LWtleQ==',
      LOG_LEVEL: 'loud',
    });

    assert.deepEqual(error.problems.map((problem) => problem.variable).sort(), [
      'LOG_LEVEL',
      'PORT',
      'PUBLIC_URL',
      'STORE_URL',
      'TOKEN_ENCRYPTION_KEY',
      'WEBEX_API_URL',
      'WXC_CC_BOT_ACCESS_TOKEN',
      'WXC_CC_BOT_EMAIL',
      'WXC_CC_INTEGRATION_CLIENT_ID',
      'WXC_CC_INTEGRATION_CLIENT_SECRET',
    ]);
    assert.match(
      error.message,
      /PUBLIC_URL is not set: set it to the https URL .* or set NGROK_AUTHTOKEN/,
    );
    assert.match(
      error.message,
      /TOKEN_ENCRYPTION_KEY .*openssl rand -base64 32/,
    );
    assert.ok(!error.message.includes('c2hvcnQtc2VjcmV0LWtleQ'));
  });

  it('keeps the default database in DATA_DIR, beside the key', () => {
    const config = parseConfig({ ...minimal, DATA_DIR: '/var/lib/wxc/' });
    assert.equal(config.store.url, 'sqlite:/var/lib/wxc/wxc-callcontrol.db');
    assert.equal(config.store.sqlitePath, '/var/lib/wxc/wxc-callcontrol.db');

    const explicit = parseConfig({
      ...minimal,
      DATA_DIR: '/var/lib/wxc',
      STORE_URL: 'sqlite:/elsewhere.db',
    });
    assert.equal(explicit.store.sqlitePath, '/elsewhere.db');
  });

  it('reads previous token keys for a key rotation, refusing bad ones', () => {
    const older = Buffer.alloc(32, 1).toString('base64');
    const oldest = Buffer.alloc(32, 2).toString('base64');
    const config = parseConfig({
      ...minimal,
      TOKEN_ENCRYPTION_PREVIOUS_KEYS: `${older}, ${oldest}`,
    });
    assert.deepEqual(config.previousTokenEncryptionKeys, [
      Buffer.alloc(32, 1),
      Buffer.alloc(32, 2),
    ]);
    assert.deepEqual(parseConfig(minimal).previousTokenEncryptionKeys, []);

    const error = problemsOf({
      ...minimal,
      TOKEN_ENCRYPTION_PREVIOUS_KEYS: `${older},c2hvcnQ=`,
    });
    assert.deepEqual(
      error.problems.map((problem) => problem.variable),
      ['TOKEN_ENCRYPTION_PREVIOUS_KEYS'],
    );
    assert.ok(!error.message.includes(older));
  });

  it('freezes the result deeply', () => {
    const config = parseConfig({ ...minimal, TOKEN_ENCRYPTION_KEY: KEY });

    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.integration.scopes));
    assert.ok(Object.isFrozen(config.store));
    assert.throws(() => {
      (config as { port: number }).port = 1;
    }, TypeError);
    config.tokenEncryptionKey?.fill(0);
    assert.deepEqual(config.tokenEncryptionKey, Buffer.alloc(32, 7));
  });
});

describe('hasWebexCredentials', () => {
  it('needs both the integration client id and the bot token', () => {
    assert.equal(hasWebexCredentials(minimal), true);
    assert.equal(
      hasWebexCredentials({ ...minimal, WXC_CC_BOT_ACCESS_TOKEN: '' }),
      false,
    );
    assert.equal(hasWebexCredentials({}), false);
  });
});
