/**
 * One benchmark world: the Webex emulator in this process, seeded with
 * the benchmark people, and the bot in a child process on a fresh store
 * (SQLite in a temporary folder, or a Redis URL). Monitors and sessions
 * are written straight into the store through the store API once the
 * bot is up, which is how thousands of people are set up in seconds.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEmulator,
  type Emulator,
} from '../../src/emulator/create-emulator.ts';
import { findFreePort } from '../../src/sandbox/find-free-port.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { type BenchPerson, benchSeed } from './bench-people.ts';
import { type ChildTarget, startChildTarget } from './child-target.ts';
import { onInterrupt } from './interrupt.ts';

const SILENT = { warn() {}, info() {} };

export interface BenchWorld {
  emulator: Emulator;
  bot: ChildTarget;
  /** The bot's store, opened a second time in this process. */
  store: Store;
  close(): Promise<void>;
}

export interface StartWorldOptions {
  people: readonly BenchPerson[];
  /** A Redis URL; a temporary SQLite file otherwise. */
  redisUrl?: string;
  /** Give every person a monitor (hook path and secret). */
  monitors?: boolean;
  /** Give every person a session with their personal token. */
  sessions?: boolean;
  /** The checkout whose bot runs (another build's, to compare). */
  root?: string;
}

export async function startWorld(
  options: StartWorldOptions,
): Promise<BenchWorld> {
  const { people } = options;
  const seed = benchSeed(people);
  const integration = seed.integrations?.[0];
  const botSeed = seed.people.find((person) => person.type === 'bot');
  if (integration === undefined || botSeed?.accessToken === undefined) {
    throw new Error('The default seed lost its integration or bot');
  }

  const port = await findFreePort();
  const botUrl = `http://127.0.0.1:${port}`;
  integration.redirectUris = [`${botUrl}/redirect`];
  const emulator = await createEmulator({
    seed,
    webhooks: { timeoutMs: 5000, retryDelaysMs: [50, 200] },
  });

  const dataDir = await mkdtemp(join(tmpdir(), 'wxc-bench-'));
  const key = randomBytes(32);
  const storeUrl = options.redisUrl ?? `sqlite:${join(dataDir, 'bot.db')}`;
  const prefix = `bench-${randomBytes(4).toString('hex')}:`;
  let bot: ChildTarget;
  try {
    bot = await startChildTarget(
      'bot-target.ts',
      {
        WXC_CC_INTEGRATION_CLIENT_ID: integration.clientId,
        WXC_CC_INTEGRATION_CLIENT_SECRET: integration.clientSecret,
        WXC_CC_BOT_EMAIL: botSeed.email,
        WXC_CC_BOT_ACCESS_TOKEN: botSeed.accessToken,
        PUBLIC_URL: botUrl,
        PORT: String(port),
        WXC_CC_REDIRECT_URL: `${botUrl}/redirect`,
        WEBEX_API_URL: emulator.apiUrl,
        STORE_URL: storeUrl,
        STORE_PREFIX: prefix,
        TOKEN_ENCRYPTION_KEY: key.toString('base64'),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
      },
      options.root,
    );
  } catch (error) {
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  const store = await openStore({
    url: storeUrl,
    prefix,
    cipher: createTokenCipher({ current: key }),
    logger: SILENT,
  });
  if (options.monitors) await seedMonitors(store, people);
  if (options.sessions) await seedSessions(store, people, null);

  const close = async () => {
    unregister();
    await bot.stop();
    await store.close();
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  const unregister = onInterrupt(close);
  return { emulator, bot, store, close };
}

/** Runs `write` for every item, at most `width` at a time. */
export async function inBatches<T>(
  items: readonly T[],
  width: number,
  write: (item: T) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < items.length; start += width) {
    await Promise.all(items.slice(start, start + width).map(write));
  }
}

export function seedMonitors(
  store: Store,
  people: readonly BenchPerson[],
): Promise<void> {
  const createdAt = Date.now();
  return inBatches(people, 500, (person) =>
    store.putMonitor({
      personId: person.personId,
      hookPath: person.hookPath,
      secret: person.secret,
      webhookId: null,
      createdAt,
    }),
  );
}

/** Sessions that use each person's personal token. */
export function seedSessions(
  store: Store,
  people: readonly BenchPerson[],
  accessTokenExpiresAt: number | null,
  refreshTokens?: ReadonlyMap<string, string>,
): Promise<void> {
  const now = Date.now();
  return inBatches(people, 500, (person) =>
    store.putSession({
      personId: person.personId,
      email: person.email,
      displayName: `Bench Person ${person.index}`,
      accessToken: person.accessToken,
      refreshToken:
        refreshTokens?.get(person.personId) ?? `bench-refresh-${person.index}`,
      accessTokenExpiresAt,
      refreshTokenExpiresAt: now + 90 * 24 * 3600 * 1000,
      scopes: 'spark:calls_write spark:calls_read spark:people_read',
      needsReauth: false,
      createdAt: now,
      updatedAt: now,
    }),
  );
}
