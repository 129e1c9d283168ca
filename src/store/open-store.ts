/**
 * Opens the backend a store URL names: `sqlite:<path>` or a bare path
 * for SQLite, `redis://` or `rediss://` for Redis.
 */
import type { Logger } from 'pino';
import { StoreConfigError } from './errors.ts';
import { createSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';
import type { TokenCipher } from './token-cipher.ts';

export interface OpenStoreOptions {
  url: string;
  /** Key prefix for Redis (default `wxc-cc:`); SQLite ignores it. */
  prefix?: string;
  cipher: TokenCipher;
  logger: Pick<Logger, 'warn' | 'info'>;
  now?: () => number;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { url, cipher, logger } = options;
  const now = options.now ?? Date.now;
  const target = parseStoreUrl(url);

  if (target.kind === 'redis') {
    const { connectRedisStore } = await import('./redis-store.ts');
    return connectRedisStore({
      url: target.url,
      prefix: options.prefix ?? 'wxc-cc:',
      cipher,
      logger,
      now,
    });
  }
  const store = createSqliteStore({ path: target.path, cipher, logger, now });
  logger.info({ path: target.path }, 'Opened the SQLite store');
  return store;
}

export type StoreTarget =
  | { kind: 'sqlite'; path: string }
  | { kind: 'redis'; url: string };

/** Tells the backend from the URL; throws StoreConfigError when unknown. */
export function parseStoreUrl(url: string): StoreTarget {
  const trimmed = url.trim();
  if (/^rediss?:\/\//i.test(trimmed)) return { kind: 'redis', url: trimmed };

  if (/^sqlite:/i.test(trimmed)) {
    // sqlite:data/x.db, sqlite://data/x.db and sqlite:///abs/x.db
    const path = trimmed.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path !== '') return { kind: 'sqlite', path };
  } else if (trimmed !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    return { kind: 'sqlite', path: trimmed };
  }

  throw new StoreConfigError(
    'The store URL must be sqlite:<path>, a file path, redis://host:port or ' +
      `rediss://host:port; got a URL with scheme ${describeScheme(trimmed)}.`,
  );
}

function describeScheme(url: string): string {
  // Only the scheme: the rest may carry a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  return scheme === undefined ? '(none)' : JSON.stringify(scheme);
}
