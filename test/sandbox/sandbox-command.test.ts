import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { exitOf, OPEN_LINE, waitForLine } from './child-process.ts';

describe('wxc-callcontrol sandbox', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wxc-sandbox-'));
  const children: ChildProcess[] = [];

  after(() => {
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startSandboxProcess(): ChildProcess {
    const child = spawn(
      process.execPath,
      [
        'bin/wxc-callcontrol.js',
        'sandbox',
        '--port',
        '0',
        '--bot-port',
        '0',
        '--data-dir',
        dataDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '' } },
    );
    children.push(child);
    return child;
  }

  it('prints the console URL, serves it, and exits 0 on SIGTERM', async () => {
    const child = startSandboxProcess();
    const [, consoleUrl = ''] = await waitForLine(child, OPEN_LINE, 15_000);

    const page = await fetch(consoleUrl);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /data-testid="softphone"/);
    const state = await fetch(new URL('/_sandbox/state', consoleUrl));
    assert.equal(state.status, 200);

    const exited = exitOf(child, 5_000);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('stops cleanly on Ctrl-C (SIGINT) too', async () => {
    const child = startSandboxProcess();
    await waitForLine(child, OPEN_LINE, 15_000);

    const exited = exitOf(child, 5_000);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
  });
});
