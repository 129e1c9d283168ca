/**
 * Turns environment variables into a `Config`, or a `ConfigError` naming
 * every variable that is missing or malformed. Empty values count as
 * unset, as `.env` files often carry `NAME=` lines.
 */
import { z } from 'zod';
import {
  type Config,
  DEFAULT_DATA_DIR,
  DEFAULT_LOG_LEVEL,
  DEFAULT_PORT,
  DEFAULT_SCOPES,
  DEFAULT_STORE_FILE,
  DEFAULT_STORE_PREFIX,
  DEFAULT_WEBEX_API_URL,
  LOG_LEVELS,
  type StoreConfig,
} from './config.ts';
import { ConfigError, type ConfigProblem } from './config-error.ts';

export type Env = Record<string, string | undefined>;

const blank = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const required = (fix: string) =>
  z.preprocess(blank, z.string({ error: `is not set: ${fix}` }).trim());

const optional = z.preprocess(blank, z.string().trim().optional());

const httpUrl = (fix: string) =>
  optional.refine((value) => value === undefined || isHttpUrl(value), {
    error: `is not an http(s) URL: ${fix}`,
  });

const schema = z.object({
  WXC_CC_INTEGRATION_CLIENT_ID: required(
    'set it to the Client ID of your Webex integration ' +
      '(developer.webex.com, My Webex Apps)',
  ),
  WXC_CC_INTEGRATION_CLIENT_SECRET: required(
    'set it to the Client Secret shown when the integration was created ' +
      '(regenerate it on developer.webex.com if lost)',
  ),
  WXC_CC_INTEGRATION_CLIENT_SCOPES: optional,
  WXC_CC_BOT_EMAIL: required(
    "set it to the bot's e-mail address, e.g. callcontrol@webex.bot",
  ).refine((value) => /^[^@\s]+@[^@\s]+$/.test(value), {
    error:
      "is not an e-mail address: set it to the bot's address, " +
      'e.g. callcontrol@webex.bot',
  }),
  WXC_CC_BOT_ACCESS_TOKEN: required(
    "set it to the bot's access token (developer.webex.com, My Webex " +
      'Apps, your bot, Regenerate Access Token)',
  ),
  WXC_CC_BOT_NAME: optional,
  PUBLIC_URL: httpUrl(
    'set it to the https URL at which Webex reaches this bot, ' +
      'e.g. https://bot.example.com',
  ),
  PORT: optional.refine((value) => value === undefined || isPort(value), {
    error: `is not a port number: set it to an integer from 0 to 65535 (default ${DEFAULT_PORT})`,
  }),
  WXC_CC_REDIRECT_URL: httpUrl(
    'set it to the redirect URI registered on the integration, ' +
      'e.g. https://bot.example.com/redirect',
  ),
  WEBEX_API_URL: httpUrl(
    `set it to ${DEFAULT_WEBEX_API_URL} or the sandbox's /v1 URL`,
  ),
  STORE_URL: optional.refine(
    (value) => value === undefined || parseStoreUrl(value) !== null,
    {
      error:
        'is not a store URL: use sqlite:<path>, a bare file path, ' +
        'redis://host:port or rediss://host:port',
    },
  ),
  STORE_PREFIX: optional,
  TOKEN_ENCRYPTION_KEY: optional.refine(
    (value) => value === undefined || decodeKey(value) !== null,
    {
      error:
        'is not 32 bytes in base64: generate one with ' +
        '`openssl rand -base64 32`, or unset it to let the store create one',
    },
  ),
  TOKEN_ENCRYPTION_PREVIOUS_KEYS: optional.refine(
    (value) => value === undefined || decodeKeyList(value) !== null,
    {
      error:
        'is not a comma-separated list of 32-byte base64 keys: list the ' +
        'keys TOKEN_ENCRYPTION_KEY had before, newest first',
    },
  ),
  DATA_DIR: optional,
  LOG_LEVEL: z.preprocess(
    (value) =>
      typeof blank(value) === 'string'
        ? String(value).trim().toLowerCase()
        : undefined,
    z
      .enum(LOG_LEVELS, {
        error: `is not a log level: use one of ${LOG_LEVELS.join(', ')}`,
      })
      .optional(),
  ),
  NGROK_AUTHTOKEN: optional,
});

type ParsedEnv = z.infer<typeof schema>;

/** Validates `env` once; the result is deeply frozen. */
export function parseConfig(env: Env): Config {
  const result = schema.safeParse(env);
  const problems: ConfigProblem[] = result.success
    ? []
    : result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? 'configuration'),
        problem: issue.message,
      }));

  const publicUrl = blank(env.PUBLIC_URL);
  if (publicUrl === undefined && blank(env.NGROK_AUTHTOKEN) === undefined) {
    problems.push({
      variable: 'PUBLIC_URL',
      problem:
        'is not set: set it to the https URL at which Webex reaches this ' +
        'bot, or set NGROK_AUTHTOKEN to open a tunnel',
    });
  }

  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(toConfig(result.data));
}

/** True when real Webex credentials are present (else: the sandbox). */
export function hasWebexCredentials(env: Env): boolean {
  return (
    blank(env.WXC_CC_INTEGRATION_CLIENT_ID) !== undefined &&
    blank(env.WXC_CC_BOT_ACCESS_TOKEN) !== undefined
  );
}

function toConfig(env: ParsedEnv): Config {
  const port = env.PORT === undefined ? DEFAULT_PORT : Number(env.PORT);
  const dataDir = env.DATA_DIR ?? DEFAULT_DATA_DIR;
  // The default database follows DATA_DIR, beside the generated key.
  const storeUrl =
    env.STORE_URL ??
    `sqlite:${dataDir.replace(/\/+$/, '')}/${DEFAULT_STORE_FILE}`;
  const key = env.TOKEN_ENCRYPTION_KEY
    ? decodeKey(env.TOKEN_ENCRYPTION_KEY)
    : null;
  const previousKeys = env.TOKEN_ENCRYPTION_PREVIOUS_KEYS
    ? (decodeKeyList(env.TOKEN_ENCRYPTION_PREVIOUS_KEYS) ?? [])
    : [];
  const scopes = env.WXC_CC_INTEGRATION_CLIENT_SCOPES?.split(/[\s,]+/).filter(
    (scope) => scope !== '',
  ) ?? [...DEFAULT_SCOPES];

  const config: Omit<
    Config,
    'tokenEncryptionKey' | 'previousTokenEncryptionKeys'
  > = {
    integration: {
      clientId: env.WXC_CC_INTEGRATION_CLIENT_ID,
      clientSecret: env.WXC_CC_INTEGRATION_CLIENT_SECRET,
      scopes,
    },
    bot: {
      email: env.WXC_CC_BOT_EMAIL,
      accessToken: env.WXC_CC_BOT_ACCESS_TOKEN,
      name: env.WXC_CC_BOT_NAME ?? env.WXC_CC_BOT_EMAIL.split('@')[0] ?? '',
    },
    publicUrl: env.PUBLIC_URL ? withoutTrailingSlash(env.PUBLIC_URL) : null,
    port,
    redirectUrl: env.WXC_CC_REDIRECT_URL ?? `http://localhost:${port}/redirect`,
    webexApiUrl: withoutTrailingSlash(
      env.WEBEX_API_URL ?? DEFAULT_WEBEX_API_URL,
    ),
    store: {
      url: storeUrl,
      ...(parseStoreUrl(storeUrl) as Omit<StoreConfig, 'url' | 'prefix'>),
      prefix: env.STORE_PREFIX ?? DEFAULT_STORE_PREFIX,
    },
    dataDir,
    logLevel: env.LOG_LEVEL ?? DEFAULT_LOG_LEVEL,
    ngrokAuthtoken: env.NGROK_AUTHTOKEN ?? null,
  };

  // A Buffer cannot be frozen: hand out copies of private ones instead.
  return Object.defineProperties(config, {
    tokenEncryptionKey: {
      enumerable: true,
      get: () => (key === null ? null : Buffer.from(key)),
    },
    previousTokenEncryptionKeys: {
      enumerable: true,
      get: () => previousKeys.map((previous) => Buffer.from(previous)),
    },
  }) as Config;
}

/** `sqlite:<path>`, a bare path, `redis://` or `rediss://`; else null. */
export function parseStoreUrl(
  url: string,
): Pick<StoreConfig, 'backend' | 'sqlitePath'> | null {
  if (/^rediss?:\/\/./i.test(url)) {
    return isUrl(url) ? { backend: 'redis', sqlitePath: null } : null;
  }
  if (/^sqlite:/i.test(url)) {
    const path = url.replace(/^sqlite:(\/\/)?/i, '');
    return path === '' ? null : { backend: 'sqlite', sqlitePath: path };
  }
  // Any other scheme is a typo or an unsupported store; a drive letter
  // (C:\...) is a path.
  if (/^[a-z][a-z0-9+.-]+:/i.test(url)) return null;
  return { backend: 'sqlite', sqlitePath: url };
}

function decodeKeyList(value: string): Buffer[] | null {
  const keys = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(decodeKey);
  return keys.every((key) => key !== null) ? keys : null;
}

function decodeKey(value: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null;
  const key = Buffer.from(value, 'base64');
  return key.length === 32 ? key : null;
}

function isHttpUrl(value: string): boolean {
  return isUrl(value) && /^https?:$/.test(new URL(value).protocol);
}

function isUrl(value: string): boolean {
  return URL.canParse(value);
}

function isPort(value: string): boolean {
  return /^\d{1,5}$/.test(value) && Number(value) <= 65_535;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function deepFreeze<T extends object>(value: T): T {
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    const child = descriptor?.value as unknown;
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  }
  return Object.freeze(value);
}
