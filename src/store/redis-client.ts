/**
 * An ioredis client tuned to fail fast: no offline queue, no retries of
 * a command, a short command timeout, while the connection itself keeps
 * reconnecting in the background so service resumes without a restart.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { StoreUnavailableError } from './errors.ts';

export interface RedisClientOptions {
  /** A command not answered within this fails (default 2000). */
  commandTimeoutMs?: number;
  /** Cap of the reconnect backoff (default 2000). */
  maxReconnectDelayMs?: number;
  connectTimeoutMs?: number;
}

/** `rediss://` keeps ioredis's default TLS, which verifies certificates. */
export function createRedisClient(
  url: string,
  options: RedisClientOptions = {},
): Redis {
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, maxDelay),
  });
}

/** Connects, or throws StoreUnavailableError and stops reconnecting. */
export async function connectRedisClient(
  client: Redis,
  url: string,
): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new StoreUnavailableError(
      `Cannot reach Redis at ${describeRedisUrl(url)} ` +
        `(${reasonOf(error)}): check the store URL and that Redis is up.`,
      { cause: error },
    );
  }
}

/** Logs an outage once when it starts and once when it ends. */
export function watchRedisConnection(
  client: Redis,
  url: string,
  logger: Pick<Logger, 'warn' | 'info'>,
): void {
  const target = describeRedisUrl(url);
  let down = false;
  let wasReady = client.status === 'ready';
  const lost = (reason: string) => {
    if (down || !wasReady) return;
    down = true;
    logger.warn(
      { redis: target, reason },
      `Lost Redis at ${target}; reconnecting in the background`,
    );
  };
  // Without an 'error' listener ioredis prints every failed reconnect.
  client.on('error', (error: unknown) => lost(reasonOf(error)));
  client.on('close', () => {
    if (client.status !== 'end') lost('connection closed');
  });
  client.on('ready', () => {
    wasReady = true;
    if (!down) return;
    down = false;
    logger.info({ redis: target }, `Reconnected to Redis at ${target}`);
  });
}

/** Scheme, host and port only: the URL may carry a password. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}:${parsed.port || 6379}`;
  } catch {
    return '(unparsable URL)';
  }
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
