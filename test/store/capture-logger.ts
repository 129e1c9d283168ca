import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

export interface CapturedLogger {
  logger: Logger;
  /** Every line logged so far, parsed. */
  lines: Array<Record<string, unknown> & { msg: string; level: number }>;
  /** Everything logged, as written, to search for leaked secrets. */
  text(): string;
}

/** A real pino logger writing into memory. */
export function captureLogger(): CapturedLogger {
  const raw: string[] = [];
  const lines: CapturedLogger['lines'] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      const text = String(chunk);
      raw.push(text);
      for (const line of text.split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line));
      }
      done();
    },
  });
  return {
    logger: pino({ level: 'debug' }, sink),
    lines,
    text: () => raw.join(''),
  };
}
