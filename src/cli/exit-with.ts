/**
 * How a command ends on a mistake its user can fix: one line saying what
 * is wrong and what to do, exit code 2, no stack trace.
 */

/** Prints `message` to standard error and exits with code 2. */
export function exitWith(message: string): never {
  console.error(message);
  process.exit(2);
}

