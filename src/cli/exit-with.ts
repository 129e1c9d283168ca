/**
 * How a command ends on a mistake its user can fix: one line saying what
 * is wrong and what to do, exit code 2, no stack trace.
 */

/** Prints `message` to standard error and exits with code 2. */
export function exitWith(message: string): never {
  console.error(message);
  process.exit(2);
}

/**
 * The port a failed `listen` wanted when it was already taken, else
 * null (any other failure is not the user's to fix this way).
 */
export function portInUse(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, port } = error as { code?: unknown; port?: unknown };
  return code === 'EADDRINUSE' && typeof port === 'number' ? port : null;
}

/** "Port 7001 is in use: stop what uses it or <fix>". */
export function portInUseMessage(port: number, fix: string): string {
  return `Port ${port} is in use: stop what uses it or ${fix}`;
}
