/**
 * The `--dotenv <path>` option of the commands configured by environment.
 * The default `.env` is optional and may be absent; a file named on the
 * command line is meant to exist, so its absence is worth a warning.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';

export const DEFAULT_DOTENV = '.env';

// Node 20 takes --env-file for itself wherever it appears on the command
// line, so typed commands use --dotenv.
export function dotenvOption(): Option {
  return new Option('--dotenv <path>', 'read variables from this file').default(
    DEFAULT_DOTENV,
  );
}

/**
 * Warns on standard error when `--dotenv` was given explicitly and names
 * no file; the variables then come from the environment only.
 */
export function warnIfDotenvMissing(command: Command, path: string): void {
  if (command.getOptionValueSource('dotenv') !== 'cli') return;
  if (existsSync(resolve(path))) return;
  console.error(
    `Warning: --dotenv ${path} does not exist: reading variables from ` +
      'the environment only.',
  );
}
