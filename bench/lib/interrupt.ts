/**
 * Cleaning up after an interrupted benchmark: Ctrl-C or SIGTERM runs
 * every cleanup still registered (newest first, 20 s at most in all),
 * then exits, so no child process, temporary folder or git worktree is
 * left behind. A benchmark that ends normally cleans up as before and
 * unregisters.
 */
type Cleanup = () => Promise<unknown> | unknown;

const cleanups = new Set<Cleanup>();
let installed = false;
let stopping = false;

/** Registers `cleanup` for an interruption; returns its unregistration. */
export function onInterrupt(cleanup: Cleanup): () => void {
  if (!installed) {
    installed = true;
    process.once('SIGINT', () => void stop(130));
    process.once('SIGTERM', () => void stop(143));
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.error('Interrupted: cleaning up…');
  setTimeout(() => process.exit(exitCode), 20_000).unref();
  for (const cleanup of [...cleanups].reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`A cleanup failed: ${String(error)}`);
    }
  }
  process.exit(exitCode);
}
