import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
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
const STACK_LINE = /\n\s+at /;

interface Run {
  code: number | null;
  output: string;
}

/** Runs the CLI to its end with only `env` (and PATH) set. */
function run(
  args: string[],
  env: Record<string, string> = {},
  cwd = process.cwd(),
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after 15 s:\n${output}`));
    }, 15_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function assertMistake(result: Run, message: RegExp): void {
  assert.equal(result.code, 2, result.output);
  assert.match(result.output, message);
  assert.doesNotMatch(result.output, STACK_LINE);
}

describe('the command line on ordinary mistakes', { concurrency: 4 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxc-cli-'));
  let busy: Server;
  let busyPort = 0;
  let emulator: Emulator;

  before(async () => {
    emulator = await createEmulator();
    busy = createServer();
    await new Promise<void>((resolve) =>
      busy.listen(0, '127.0.0.1', () => resolve()),
    );
    busyPort = (busy.address() as { port: number }).port;
  });
  after(async () => {
    await new Promise((resolve) => busy.close(resolve));
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows --help whatever LOG_LEVEL holds', async () => {
    const result = await run(['--help'], { LOG_LEVEL: 'loud' });
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /Usage: wxc-callcontrol/);
  });

  it('ends sandbox on a bad LOG_LEVEL, naming it', async () => {
    const result = await run(['sandbox', '--port', '0', '--bot-port', '0'], {
      LOG_LEVEL: 'loud',
    });
    assertMistake(
      result,
      /^LOG_LEVEL=loud is not a log level: use one of fatal, /m,
    );
  });

  it('lists a bad LOG_LEVEL among the bad variables of serve', async () => {
    const result = await run(['serve', '--dotenv', join(dir, 'absent.env')], {
      LOG_LEVEL: 'loud',
    });
    assertMistake(result, /- LOG_LEVEL is not a log level/);
    assert.match(result.output, /- WXC_CC_BOT_ACCESS_TOKEN is not set/);
  });

  it('says which sandbox port is taken and which flag to pass', async () => {
    const port = String(busyPort);
    const emulator = await run([
      'sandbox',
      ...['--port', port, '--bot-port', '0', '--data-dir', dir],
    ]);
    assertMistake(
      emulator,
      new RegExp(
        `^Port ${port} is in use: stop what uses it or pass --port <another>`,
        'm',
      ),
    );

    const bot = await run([
      'sandbox',
      ...['--port', '0', '--bot-port', port, '--data-dir', dir],
    ]);
    assertMistake(
      bot,
      new RegExp(`^Port ${port} is in use: .* pass --bot-port <another>`, 'm'),
    );
  });

  it('tells serve to set PORT when its port is taken', async () => {
    const seed = defaultSeed();
    const integration = seed.integrations?.[0];
    const bot = seed.people.find((person) => person.type === 'bot');
    const result = await run(['serve', '--dotenv', join(dir, 'absent.env')], {
      WXC_CC_INTEGRATION_CLIENT_ID: integration?.clientId ?? '',
      WXC_CC_INTEGRATION_CLIENT_SECRET: integration?.clientSecret ?? '',
      WXC_CC_BOT_EMAIL: bot?.email ?? '',
      WXC_CC_BOT_ACCESS_TOKEN: bot?.accessToken ?? '',
      PUBLIC_URL: 'https://bot.example.com',
      PORT: String(busyPort),
      WEBEX_API_URL: emulator.apiUrl,
      DATA_DIR: dir,
      STORE_URL: `sqlite:${join(dir, 'serve.db')}`,
      LOG_LEVEL: 'silent',
    });
    assertMistake(
      result,
      new RegExp(`^Port ${busyPort} is in use: .* or set PORT$`, 'm'),
    );
  });

  it('tells serve when Webex cannot be reached or refuses the bot token', async () => {
    const seed = defaultSeed();
    const integration = seed.integrations?.[0];
    const bot = seed.people.find((person) => person.type === 'bot');
    const env = {
      WXC_CC_INTEGRATION_CLIENT_ID: integration?.clientId ?? '',
      WXC_CC_INTEGRATION_CLIENT_SECRET: integration?.clientSecret ?? '',
      WXC_CC_BOT_EMAIL: bot?.email ?? '',
      WXC_CC_BOT_ACCESS_TOKEN: bot?.accessToken ?? '',
      PUBLIC_URL: 'https://bot.example.com',
      PORT: '0',
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
    };

    const closed = await run(['serve', '--dotenv', join(dir, 'absent.env')], {
      ...env,
      // Nothing listens there: the connection is refused at once.
      WEBEX_API_URL: `http://127.0.0.1:${await findFreePort()}/v1`,
      STORE_URL: `sqlite:${join(dir, 'unreachable.db')}`,
    });
    assertMistake(
      closed,
      /^Could not reach Webex at http:\/\/127\.0\.0\.1:\d+\/v1: check the network and WEBEX_API_URL\.$/m,
    );

    const refused = await run(['serve', '--dotenv', join(dir, 'absent.env')], {
      ...env,
      WXC_CC_BOT_ACCESS_TOKEN: 'not-a-sandbox-token',
      WEBEX_API_URL: emulator.apiUrl,
      STORE_URL: `sqlite:${join(dir, 'refused.db')}`,
    });
    assertMistake(
      refused,
      /^Webex refused the bot token: check WXC_CC_BOT_ACCESS_TOKEN/m,
    );
    assert.doesNotMatch(refused.output, /not-a-sandbox-token/);
  });

  it('says when the emulator port is taken', async () => {
    const result = await run(['emulator', '--port', String(busyPort)]);
    assertMistake(result, /is in use: stop what uses it or pass --port/);
  });

  it('names a seed file that does not exist', async () => {
    const path = join(dir, 'missing.json');
    const result = await run(['emulator', '--port', '0', '--seed', path]);
    assertMistake(result, new RegExp(`^Seed file ${path} does not exist`, 'm'));
  });

  it('reports a seed file that is not JSON or not a seed', async () => {
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, '{people');
    const notSeed = join(dir, 'not-seed.json');
    writeFileSync(notSeed, JSON.stringify({ people: [{ email: 'x' }] }));

    const [broken, invalid] = await Promise.all([
      run(['emulator', '--port', '0', '--seed', notJson]),
      run(['emulator', '--port', '0', '--seed', notSeed]),
    ]);
    assertMistake(broken, /is not valid JSON/);
    assertMistake(invalid, /^Invalid emulator seed: people\.0\./m);
  });

  it('warns when an explicit --dotenv names no file', async () => {
    const path = join(dir, 'typo.env');
    const result = await run(['serve', '--dotenv', path]);
    assertMistake(result, /The configuration has \d+ problems/);
    assert.match(
      result.output,
      new RegExp(`^Warning: --dotenv ${path} does not exist`, 'm'),
    );
  });

  it('says nothing of a missing default .env', async () => {
    const result = await run(['serve'], {}, dir);
    assertMistake(result, /The configuration has \d+ problems/);
    assert.doesNotMatch(result.output, /dotenv|\.env does not exist/);
  });
});
