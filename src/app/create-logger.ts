/**
 * The process logger: pino, with every place a secret could sit
 * redacted, so a token, secret or code never reaches a log line even when
 * an object holding one is logged by mistake.
 */
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/config.ts';

const SECRET_KEYS = [
  'authorization',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'secret',
  'code',
  'codeVerifier',
  'code_verifier',
  'token',
  'botToken',
  'x-spark-signature',
];

/** Top level, one level down, and in request/response headers. */
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.headers.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
].map((path) => (path.includes('-') ? bracket(path) : path));

function bracket(path: string): string {
  const parts = path.split('.');
  const last = parts.pop() ?? '';
  return `${parts.join('.')}["${last}"]`;
}

export function createLogger(
  level: LogLevel,
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'wxc-callcontrol' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
