/**
 * A check whose result is reused for a while: probes arriving together
 * share one run, and a probe within `ttlMs` of the last run gets its
 * result without calling anything.
 */
export class CachedCheck<T> {
  readonly #run: () => Promise<T>;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #last: { at: number; value: T } | undefined;
  #running: Promise<T> | undefined;

  constructor(run: () => Promise<T>, ttlMs: number, now: () => number) {
    this.#run = run;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  get(): Promise<T> {
    const last = this.#last;
    if (last !== undefined && this.#now() - last.at < this.#ttlMs) {
      return Promise.resolve(last.value);
    }
    this.#running ??= this.#run()
      .then((value) => {
        this.#last = { at: this.#now(), value };
        return value;
      })
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }
}
