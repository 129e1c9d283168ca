/**
 * A logger configured as in production (same redaction) whose lines are
 * kept in memory, so tests can assert what was and was not logged.
 */
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/app/create-logger.ts';
import type { LogLevel } from '../../src/config/config.ts';

export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, raw JSON text. */
  text(): string;
  /** Every line written so far, parsed. */
  entries(): Array<Record<string, unknown>>;
}

export function captureLogs(level: LogLevel = 'debug'): CapturedLogs {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(level, sink);
  return {
    logger,
    text: () => chunks.join(''),
    entries: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
