/**
 * Runs the bot as a process does: opens the store with its encryption
 * key, builds the bot with the given modules, listens and starts. Shared
 * by `serve` and the sandbox launcher.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { resolveEncryptionKey } from '../store/encryption-key.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { createTokenCipher } from '../store/token-cipher.ts';
import type { BotModule } from './bot-module.ts';
import { type Bot, type CreateBotOptions, createBot } from './create-bot.ts';

export interface RunBotOptions
  extends Partial<
    Omit<CreateBotOptions, 'config' | 'logger' | 'store' | 'secretKey'>
  > {
  modules?: readonly BotModule[];
  /** config.port by default. */
  port?: number;
  /** All interfaces by default. */
  host?: string;
}

export interface RunningBot {
  bot: Bot;
  store: Store;
  /** Where the bot listens. */
  url: string;
  /** Stops the bot, then closes the store. */
  close(): Promise<void>;
}

export async function runBot(
  config: Config,
  logger: Logger,
  options: RunBotOptions = {},
): Promise<RunningBot> {
  const { port, host, ...botOptions } = options;
  const secretKey = await resolveEncryptionKey({
    configuredKeyBase64: config.tokenEncryptionKey?.toString('base64') ?? null,
    dataDir: config.dataDir,
    logger,
  });
  const store = await openStore({
    url: config.store.url,
    prefix: config.store.prefix,
    cipher: createTokenCipher({
      current: secretKey,
      previous: config.previousTokenEncryptionKeys,
    }),
    logger,
    ...(botOptions.now === undefined ? {} : { now: botOptions.now }),
  });

  let bot: Bot;
  try {
    bot = await createBot({ ...botOptions, config, logger, store, secretKey });
  } catch (error) {
    await store.close();
    throw error;
  }

  try {
    const url = await bot.listen(port ?? config.port, host);
    if (config.publicUrl === null) {
      logger.warn(
        { url },
        `PUBLIC_URL is not set: Webex is told to use ${url}`,
      );
    }
    await bot.start();
    logger.info({ url, publicUrl: bot.deps.publicUrl() }, 'The bot is up');
    return {
      bot,
      store,
      url,
      async close() {
        try {
          await bot.close();
        } finally {
          await store.close();
        }
      },
    };
  } catch (error) {
    await bot.close().catch(() => {});
    await store.close();
    throw error;
  }
}
