/**
 * The sandbox: the Webex emulator (with its web console) and the bot wired
 * to it, in one process. The bot's settings come from the emulator's
 * seeded state, so nothing needs configuring.
 */
import { resolve } from 'node:path';
import pino from 'pino';
import { parseConfig } from '../config/index.ts';
import { createEmulator, type Emulator } from '../emulator/create-emulator.ts';
import { findFreePort } from './find-free-port.ts';
import { readSandboxState, sandboxEnv } from './sandbox-env.ts';
import { sandboxSeed } from './sandbox-seed.ts';
import { type SandboxBot, startSandboxBot } from './start-sandbox-bot.ts';

export interface SandboxOptions {
  /** The emulator's (and console's) port; 0 picks a free one. */
  port: number;
  /** The bot's port; 0 picks a free one. */
  botPort: number;
  /** Where the bot keeps its store. Default `./data/sandbox`. */
  dataDir?: string;
  /** Log level of the emulator and the bot. Default `warn`. */
  logLevel?: string;
  /** The emulator's call simulator: how long a call rings. */
  ringTimeoutMs?: number;
  /** Where logs go. Default: standard error. */
  logDestination?: NodeJS.WritableStream;
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
  /** Stops the bot (and its store), then the emulator. */
  close(): Promise<void>;
}

/** Starts the emulator, then the bot; both listen when it resolves. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const logLevel = options.logLevel ?? 'warn';
  const logger = pino(
    { level: logLevel, name: 'sandbox' },
    options.logDestination ?? process.stderr,
  );
  const dataDir = resolve(options.dataDir ?? './data/sandbox');

  // The bot's redirect URI must be registered before the emulator starts.
  const botPort = options.botPort || (await findFreePort());
  const botUrl = `http://localhost:${botPort}`;
  const emulator = await createEmulator({
    port: options.port,
    seed: sandboxSeed(`${botUrl}/redirect`),
    logger: logger.child({ component: 'emulator' }),
    ...(options.ringTimeoutMs === undefined
      ? {}
      : { calls: { ringTimeoutMs: options.ringTimeoutMs } }),
  });

  let bot: SandboxBot;
  try {
    const state = await readSandboxState(emulator.url);
    const config = parseConfig(
      sandboxEnv(state, {
        apiUrl: emulator.apiUrl,
        botPort,
        dataDir,
        logLevel,
      }),
    );
    bot = await startSandboxBot(config, logger);
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
      try {
        await bot.close();
      } finally {
        await emulator.close();
      }
    },
  };
}

/** The emulator's URL with `localhost`, the name people type. */
function localhostUrl(emulator: Emulator): string {
  const url = new URL(emulator.url);
  if (url.hostname === '127.0.0.1') url.hostname = 'localhost';
  return url.origin;
}
