/**
 * The sandbox: the Webex emulator (with its web console) and the bot wired
 * to it, in one process. The bot's settings come from the emulator's
 * seeded state, so nothing needs configuring.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type pino from 'pino';
import { createLogger } from '../app/create-logger.ts';
import { type RunningBot, runBot } from '../app/run-bot.ts';
import { createCallsModule } from '../calls/calls-module.ts';
import { type LogLevel, parseConfig } from '../config/index.ts';
import { createEmulator, type Emulator } from '../emulator/create-emulator.ts';
import { findFreePort } from './find-free-port.ts';
import {
  readSandboxState,
  SANDBOX_STORE_FILE,
  sandboxEnv,
} from './sandbox-env.ts';
import { sandboxSeed } from './sandbox-seed.ts';

export interface SandboxOptions {
  /** The emulator's (and console's) port; 0 picks a free one. */
  port: number;
  /** The bot's port; 0 picks a free one. */
  botPort: number;
  /** Where the bot keeps its store. Default `./data/sandbox`. */
  dataDir?: string;
  /** Log level of the emulator and the bot. Default `warn`. */
  logLevel?: LogLevel;
  /** The emulator's call simulator: how long a call rings. */
  ringTimeoutMs?: number;
  /** Where logs go. Default: standard output. */
  logDestination?: pino.DestinationStream;
}

export interface Sandbox {
  /** The web console, e.g. http://localhost:7001 */
  consoleUrl: string;
  /** The emulator's REST base, e.g. http://localhost:7001/v1 */
  apiUrl: string;
  /** The bot, e.g. http://localhost:6001 */
  botUrl: string;
  /** The bot's store folder, absolute. */
  dataDir: string;
  /** Stops the bot, then the emulator, then the bot's store. */
  close(): Promise<void>;
}

/** Starts the emulator, then the bot; both listen when it resolves. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const logLevel = options.logLevel ?? 'warn';
  const logger = createLogger(logLevel, options.logDestination);
  const dataDir = resolve(options.dataDir ?? './data/sandbox');

  // The bot's redirect URI must be registered before the emulator starts.
  const botPort = options.botPort || (await findFreePort());
  const botUrl = `http://localhost:${botPort}`;
  const emulator = await createEmulator({
    port: options.port,
    seed: sandboxSeed(`${botUrl}/redirect`),
    logger: logger.child({ side: 'emulator' }),
    ...(options.ringTimeoutMs === undefined
      ? {}
      : { calls: { ringTimeoutMs: options.ringTimeoutMs } }),
  });

  let bot: RunningBot;
  try {
    const state = await readSandboxState(emulator.url);
    const config = parseConfig(
      sandboxEnv(state, {
        apiUrl: emulator.apiUrl,
        botPort,
        dataDir,
        logLevel,
        tokenEncryptionKey: randomBytes(32).toString('base64'),
      }),
    );
    clearSandboxStore(dataDir);
    bot = await runBot(config, logger.child({ side: 'bot' }), {
      modules: [createCallsModule()],
      host: '127.0.0.1',
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }

  const consoleUrl = localhostUrl(emulator);
  return {
    consoleUrl,
    apiUrl: `${consoleUrl}/v1`,
    botUrl,
    dataDir,
    async close() {
      // The bot first: it may still answer a delivery or tidy webhooks.
      try {
        await bot.bot.close();
      } finally {
        try {
          await emulator.close();
        } finally {
          await bot.store.close();
        }
      }
    },
  };
}

/**
 * The emulator keeps everything in memory: sessions and webhooks a bot
 * stored against an earlier run name tokens that no longer exist. Each
 * run therefore starts with an empty store (and a fresh key to seal it).
 */
function clearSandboxStore(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  for (const name of readdirSync(dataDir)) {
    // The database and its -wal and -shm companions.
    if (name.startsWith(SANDBOX_STORE_FILE)) {
      rmSync(join(dataDir, name), { force: true });
    }
  }
}

/** The emulator's URL with `localhost`, the name people type. */
function localhostUrl(emulator: Emulator): string {
  const url = new URL(emulator.url);
  if (url.hostname === '127.0.0.1') url.hostname = 'localhost';
  return url.origin;
}
