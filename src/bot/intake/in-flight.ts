/**
 * Work accepted over HTTP and still running after the answer went out.
 * Shutdown waits for it (within a deadline) so an acknowledged delivery
 * is not dropped halfway.
 */
import type { Logger } from 'pino';

export class InFlight {
  readonly #running = new Set<Promise<void>>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  get size(): number {
    return this.#running.size;
  }

  /** Runs `work` detached; a failure is logged, never thrown. */
  run(label: string, work: () => Promise<void>): void {
    const task = Promise.resolve()
      .then(work)
      .catch((error: unknown) => {
        this.#logger.error({ err: error, label }, `${label} failed`);
      })
      .finally(() => {
        this.#running.delete(task);
      });
    this.#running.add(task);
  }

  /** Resolves once nothing runs, or after `timeoutMs`: true if drained. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      while (this.#running.size > 0) {
        const all = Promise.all(this.#running).then(() => true as const);
        if (!(await Promise.race([all, deadline]))) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
