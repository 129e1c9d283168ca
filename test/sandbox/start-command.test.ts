import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { exitOf, OPEN_LINE, waitForLine } from './child-process.ts';

const BIN = resolve('bin/wxc-callcontrol.js');

/** The environment without any Webex variable of the machine running this. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(WXC_CC_|PUBLIC_URL|WEBEX_API_URL|LOG_LEVEL)/.test(name),
    ),
  );
}

describe('wxc-callcontrol start', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];

  after(() => {
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function start(envFile?: string): ChildProcess {
    const cwd = mkdtempSync(join(tmpdir(), 'wxc-start-'));
    dirs.push(cwd);
    if (envFile !== undefined) writeFileSync(join(cwd, '.env'), envFile);
    const child = spawn(
      process.execPath,
      [BIN, 'start', '--port', '0', '--bot-port', '0'],
      { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    return child;
  }

  it('runs the sandbox when no Webex credentials are configured', async () => {
    const child = start();
    const [, consoleUrl = ''] = await waitForLine(child, OPEN_LINE, 15_000);
    assert.equal((await fetch(consoleUrl)).status, 200);

    const exited = exitOf(child, 5_000);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('runs the bot against Webex when .env holds credentials', async () => {
    // No PUBLIC_URL: serve refuses the configuration, naming what to fix.
    const child = start(
      [
        'WXC_CC_INTEGRATION_CLIENT_ID=C123',
        'WXC_CC_INTEGRATION_CLIENT_SECRET=secret',
        'WXC_CC_BOT_EMAIL=bot@webex.bot',
        'WXC_CC_BOT_ACCESS_TOKEN=token',
      ].join('\n'),
    );
    const said = waitForLine(child, /PUBLIC_URL/, 15_000).catch(
      (error: Error) => error,
    );
    const code = await exitOf(child, 15_000);
    assert.equal(code, 2);
    assert.ok(!((await said) instanceof Error), String(await said));
  });
});
