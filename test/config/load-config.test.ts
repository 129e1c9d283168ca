import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../src/config/config-error.ts';
import { loadConfig } from '../../src/config/load-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'wxc-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const envFile = join(dir, '.env');
writeFileSync(
  envFile,
  [
    'WXC_CC_INTEGRATION_CLIENT_ID=Cfromfile',
    'WXC_CC_INTEGRATION_CLIENT_SECRET=file-secret',
    'WXC_CC_BOT_EMAIL=file@webex.bot',
    'WXC_CC_BOT_ACCESS_TOKEN=file-token',
    'PUBLIC_URL=https://file.example.com',
    'PORT=7000',
    '',
  ].join('\n'),
);

describe('loadConfig', () => {
  it('reads the .env file', () => {
    const config = loadConfig({ env: {}, envFile });

    assert.equal(config.integration.clientId, 'Cfromfile');
    assert.equal(config.port, 7000);
  });

  it('lets the environment win over the file', () => {
    const config = loadConfig({
      env: { PORT: '7100', PUBLIC_URL: 'https://env.example.com' },
      envFile,
    });

    assert.equal(config.port, 7100);
    assert.equal(config.publicUrl, 'https://env.example.com');
    assert.equal(config.bot.email, 'file@webex.bot');
  });

  it('skips a missing file and reports what is unset', () => {
    assert.throws(
      () => loadConfig({ env: {}, envFile: join(dir, 'missing.env') }),
      ConfigError,
    );
  });
});
