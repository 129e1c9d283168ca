/**
 * Finds the key that seals tokens at rest: TOKEN_ENCRYPTION_KEY when set,
 * else a key file in the data directory, created on first start.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { StoreConfigError } from './errors.ts';

export const KEY_FILE_NAME = 'token-encryption.key';

const KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HOW_TO_GENERATE = 'Generate one with: openssl rand -base64 32';

export interface ResolveEncryptionKeyOptions {
  /** TOKEN_ENCRYPTION_KEY as configured, or null when unset. */
  configuredKeyBase64: string | null;
  dataDir: string;
  logger: Pick<Logger, 'warn' | 'info'>;
}

/** Returns the 32-byte key. Never logs the key itself. */
export async function resolveEncryptionKey(
  options: ResolveEncryptionKeyOptions,
): Promise<Buffer> {
  const { configuredKeyBase64, dataDir, logger } = options;
  if (configuredKeyBase64 !== null) {
    const key = decodeKey(configuredKeyBase64);
    if (key === undefined) {
      throw new StoreConfigError(
        `TOKEN_ENCRYPTION_KEY must be base64 of exactly ${KEY_BYTES} ` +
          `bytes. ${HOW_TO_GENERATE}`,
      );
    }
    return key;
  }

  const path = join(dataDir, KEY_FILE_NAME);
  const existing = await readKeyFile(path, logger);
  if (existing !== undefined) return existing;

  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  try {
    // 'wx': when two processes start at once, one writes and both read it.
    await writeFile(path, `${key.toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = await readKeyFile(path, logger);
      if (raced !== undefined) return raced;
    }
    throw error;
  }
  logger.warn(
    { path },
    'TOKEN_ENCRYPTION_KEY is not set: generated a token encryption key ' +
      `in ${path}. Back it up, or set TOKEN_ENCRYPTION_KEY; without it ` +
      'stored sessions cannot be read.',
  );
  return key;
}

function decodeKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (!BASE64.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === KEY_BYTES ? key : undefined;
}

async function readKeyFile(
  path: string,
  logger: Pick<Logger, 'warn'>,
): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }

  const key = decodeKey(text);
  if (key === undefined) {
    throw new StoreConfigError(
      `The key file ${path} does not hold base64 of ${KEY_BYTES} bytes. ` +
        `Restore it from a backup, or replace it (${HOW_TO_GENERATE}) and ` +
        'let people run /auth again.',
    );
  }

  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) {
    logger.warn(
      { path, mode: (mode & 0o777).toString(8) },
      `The key file ${path} is readable by other users: chmod 600 it.`,
    );
  }
  return key;
}
