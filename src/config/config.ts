/** The validated, frozen configuration of one bot process. */

/** pino's levels, most severe first; `silent` logs nothing. */
export const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface StoreConfig {
  /** `STORE_URL` as given, or the default. */
  url: string;
  backend: 'sqlite' | 'redis';
  /** The SQLite file for the sqlite backend; null for Redis. */
  sqlitePath: string | null;
  /** `STORE_PREFIX`: prefix of every Redis key. */
  prefix: string;
}

export interface Config {
  integration: {
    clientId: string;
    clientSecret: string;
    /** Scopes requested at authorization. */
    scopes: readonly string[];
  };
  bot: {
    email: string;
    accessToken: string;
    /** Display name, used to strip the mention in group spaces. */
    name: string;
  };
  /** Base URL (no trailing slash) at which Webex reaches the bot; null
   * when a tunnel will provide one (`NGROK_AUTHTOKEN`). */
  publicUrl: string | null;
  port: number;
  /** OAuth redirect URI registered on the integration. */
  redirectUrl: string;
  /** Webex REST base, no trailing slash. */
  webexApiUrl: string;
  store: StoreConfig;
  /** 32-byte key sealing stored tokens; null: the store makes one. A
   * fresh copy on each read, so the frozen config cannot be altered. */
  readonly tokenEncryptionKey: Buffer | null;
  /** Keys used before the current one, newest first: they only decrypt,
   * so tokens sealed before a key rotation stay readable. */
  readonly previousTokenEncryptionKeys: readonly Buffer[];
  dataDir: string;
  logLevel: LogLevel;
  ngrokAuthtoken: string | null;
}

export const DEFAULT_SCOPES = [
  'spark:calls_write',
  'spark:kms',
  'spark:calls_read',
  'spark-admin:telephony_config_read',
  'spark:people_read',
] as const;

export const DEFAULT_PORT = 6001;
export const DEFAULT_WEBEX_API_URL = 'https://webexapis.com/v1';
/** The SQLite file under DATA_DIR when STORE_URL is unset. */
export const DEFAULT_STORE_FILE = 'wxc-callcontrol.db';
export const DEFAULT_STORE_PREFIX = 'wxc-cc:';
export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';
