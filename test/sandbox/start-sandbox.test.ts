import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SANDBOX_STORE_FILE } from '../../src/sandbox/sandbox-env.ts';
import { startSandbox } from '../../src/sandbox/start-sandbox.ts';

describe('startSandbox', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wxc-start-sandbox-'));

  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts each run with a fresh store and leaves other files alone', async () => {
    // What an earlier run left: useless once its emulator is gone.
    writeFileSync(join(dataDir, SANDBOX_STORE_FILE), 'not a database');
    writeFileSync(join(dataDir, 'wxc-callcontrol.db'), 'not ours');

    const sandbox = await startSandbox({
      port: 0,
      botPort: 0,
      dataDir,
      logLevel: 'silent',
    });
    try {
      const health = await fetch(`${sandbox.botUrl}/healthz`);
      assert.equal(health.status, 200);

      // The bot is wired: its own webhooks point at its URL.
      const state = (await (
        await fetch(`${sandbox.consoleUrl}/_sandbox/state`)
      ).json()) as { webhooks: { targetUrl: string; resource: string }[] };
      const targets = state.webhooks.map((webhook) => webhook.targetUrl);
      assert.ok(targets.length >= 2, JSON.stringify(targets));
      for (const target of targets) {
        assert.ok(target.startsWith(sandbox.botUrl), target);
      }
    } finally {
      await sandbox.close();
    }

    const untouched = readFileSync(join(dataDir, 'wxc-callcontrol.db'), 'utf8');
    assert.equal(untouched, 'not ours');
  });
});
