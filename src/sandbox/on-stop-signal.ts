/**
 * Ctrl-C and SIGTERM for a long-running command: the first signal stops
 * cleanly, a second one (or a stop that hangs) ends the process at once.
 */

export interface StopSignalOptions {
  /** How long a clean stop may take before the process is ended. */
  graceMs?: number;
  /** Where the progress lines go. */
  print?: (line: string) => void;
}

/**
 * Runs `stop` on the first SIGINT or SIGTERM, then exits with 0, or 1
 * when `stop` threw. Returns a function that removes the handlers.
 */
export function onStopSignal(
  stop: () => Promise<void>,
  options: StopSignalOptions = {},
): () => void {
  const graceMs = options.graceMs ?? 10_000;
  const print = options.print ?? ((line: string) => console.error(line));
  let stopping = false;

  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      print(`${signal} again: exiting without waiting.`);
      process.exit(130);
    }
    stopping = true;
    print(`${signal}: stopping…`);

    const deadline = setTimeout(() => {
      print(`Still stopping after ${graceMs} ms: exiting anyway.`);
      process.exit(1);
    }, graceMs);
    deadline.unref();

    stop().then(
      () => {
        print('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        print(`Stopping failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };

  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  return () => {
    process.off('SIGINT', handle);
    process.off('SIGTERM', handle);
  };
}
