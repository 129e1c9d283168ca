/**
 * The bot's environment in the sandbox, read from the emulator's own
 * state: its bot account, its integration, and local URLs.
 */
import { join } from 'node:path';
import type { Env } from '../config/index.ts';

/** The parts of `GET /_sandbox/state` the bot's settings come from. */
export interface SandboxState {
  people: Array<{
    email: string;
    displayName: string;
    type: 'person' | 'bot';
    accessToken: string | null;
  }>;
  integrations: Array<{
    clientId: string;
    clientSecret: string;
    scopes: string[];
    redirectUris: string[];
  }>;
}

export interface SandboxEnvOptions {
  /** The emulator's REST base, e.g. http://127.0.0.1:7001/v1. */
  apiUrl: string;
  botPort: number;
  /** Where the sandbox bot keeps its store, e.g. ./data/sandbox. */
  dataDir: string;
  logLevel: string;
  /** 32 bytes, base64: seals the tokens the bot stores. */
  tokenEncryptionKey: string;
}

/** The sandbox bot's SQLite file inside `dataDir`. */
export const SANDBOX_STORE_FILE = 'sandbox-store.db';

/** Reads the sandbox state from a running emulator. */
export async function readSandboxState(
  emulatorUrl: string,
): Promise<SandboxState> {
  const response = await fetch(new URL('/_sandbox/state', emulatorUrl));
  if (!response.ok) {
    throw new Error(
      `Reading the sandbox state from ${emulatorUrl} failed: ` +
        `HTTP ${response.status}`,
    );
  }
  return (await response.json()) as SandboxState;
}

/**
 * The variables `parseConfig` needs for a bot wired to the emulator.
 * Throws when the seed has no bot or no integration.
 */
export function sandboxEnv(
  state: SandboxState,
  options: SandboxEnvOptions,
): Env {
  const bot = state.people.find((person) => person.type === 'bot');
  if (!bot?.accessToken) {
    throw new Error('The sandbox seed has no bot with a token: add one.');
  }
  const botUrl = `http://localhost:${options.botPort}`;
  const redirectUrl = `${botUrl}/redirect`;
  const integration =
    state.integrations.find((candidate) =>
      candidate.redirectUris.includes(redirectUrl),
    ) ?? state.integrations[0];
  if (!integration) {
    throw new Error('The sandbox seed has no integration: add one.');
  }

  return {
    WXC_CC_INTEGRATION_CLIENT_ID: integration.clientId,
    WXC_CC_INTEGRATION_CLIENT_SECRET: integration.clientSecret,
    WXC_CC_INTEGRATION_CLIENT_SCOPES: integration.scopes.join(' '),
    WXC_CC_BOT_EMAIL: bot.email,
    WXC_CC_BOT_ACCESS_TOKEN: bot.accessToken,
    WXC_CC_BOT_NAME: bot.displayName,
    PUBLIC_URL: botUrl,
    PORT: String(options.botPort),
    WXC_CC_REDIRECT_URL: redirectUrl,
    WEBEX_API_URL: options.apiUrl,
    STORE_URL: `sqlite:${join(options.dataDir, SANDBOX_STORE_FILE)}`,
    DATA_DIR: options.dataDir,
    LOG_LEVEL: options.logLevel,
    TOKEN_ENCRYPTION_KEY: options.tokenEncryptionKey,
  };
}
