import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createEmulator,
  type Emulator,
} from '../../src/emulator/create-emulator.ts';
import { defaultSeed } from '../../src/emulator/seed.ts';
import { findFreePort } from '../../src/sandbox/find-free-port.ts';

const CLI = new URL('../../bin/wxc-callcontrol.js', import.meta.url).pathname;

function serve(env: Record<string, string>, cwd: string): ChildProcess {
  return spawn(
    process.execPath,
    [CLI, 'serve', '--dotenv', join(cwd, 'none.env')],
    { cwd, env: { PATH: process.env.PATH ?? '', ...env } },
  );
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', resolve));
}

function output(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk) => (text += String(chunk)));
  child.stderr?.on('data', (chunk) => (text += String(chunk)));
  return () => text;
}

describe('wxc-callcontrol serve', () => {
  let emulator: Emulator;
  let dir: string;
  before(async () => {
    emulator = await createEmulator();
    dir = await mkdtemp(join(tmpdir(), 'wxc-serve-'));
  });
  after(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 2 with the list of problems and no stack trace', async () => {
    const child = serve({}, dir);
    const text = output(child);
    assert.equal(await exited(child), 2);
    assert.match(text(), /WXC_CC_BOT_ACCESS_TOKEN is not set/);
    assert.doesNotMatch(text(), /\n\s+at /);
  });

  it('starts against Webex and stops cleanly on SIGTERM', async () => {
    const seed = defaultSeed();
    const integration = seed.integrations?.[0];
    const bot = seed.people.find((person) => person.type === 'bot');
    const port = await findFreePort();
    const child = serve(
      {
        WXC_CC_INTEGRATION_CLIENT_ID: integration?.clientId ?? '',
        WXC_CC_INTEGRATION_CLIENT_SECRET: integration?.clientSecret ?? '',
        WXC_CC_BOT_EMAIL: bot?.email ?? '',
        WXC_CC_BOT_ACCESS_TOKEN: bot?.accessToken ?? '',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        WXC_CC_REDIRECT_URL: 'http://localhost:6001/redirect',
        PORT: String(port),
        WEBEX_API_URL: emulator.apiUrl,
        DATA_DIR: dir,
        STORE_URL: `sqlite:${join(dir, 'bot.db')}`,
      },
      dir,
    );
    const text = output(child);
    const done = exited(child);

    const deadline = Date.now() + 8000;
    while (!text().includes('The bot is up')) {
      assert.ok(Date.now() < deadline, `no start: ${text()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);

    child.kill('SIGTERM');
    assert.equal(await done, 0);
    assert.doesNotMatch(text(), new RegExp(bot?.accessToken ?? '-'));
  });
});
