/**
 * Monitors recently opened, by hook path. Every call event delivery
 * looks its monitor up by the path it came to, and opening one costs a
 * read and an AES-GCM decryption of its secret; a person's deliveries
 * come in bursts (one call is several events), so a few seconds of
 * memory spares most of that work.
 *
 * Why a short TTL is enough, with several instances on one store: a
 * monitor's hook path and secret are created together and never change
 * (monitoring turned on again gets a new path and a new secret), and
 * this process forgets a monitor as soon as it writes or deletes it. So
 * an entry can only lag behind another instance's change: for up to
 * `ttlMs` this process still accepts deliveries on the path of a
 * monitor deleted elsewhere (the events of a person who just turned
 * monitoring off, whose webhook is being deleted as well), or shows a
 * `webhookId` changed elsewhere. Were a secret ever to change under the
 * same path, deliveries signed with the new one would get 401 here for
 * up to `ttlMs`, and Webex delivers them again. What is not found is
 * not remembered: a monitor created elsewhere is found at once.
 */
import type { Monitor } from './store.ts';

export interface MonitorCacheOptions {
  /** How long an opened monitor is reused (5 s; 0 turns caching off). */
  ttlMs?: number;
  /** The most monitors kept; the oldest go first (10,000). */
  maxEntries?: number;
  now: () => number;
}

const DEFAULT_TTL_MS = 5000;
const DEFAULT_MAX_ENTRIES = 10_000;

interface Entry {
  monitor: Monitor;
  expiresAt: number;
}

export class MonitorCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #byPath = new Map<string, Entry>();
  readonly #pathOf = new Map<string, string>();
  /** Bumped by every forget: a read that began before it is not kept. */
  #generation = 0;

  constructor(options: MonitorCacheOptions) {
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.#now = options.now;
  }

  /** The monitor at `hookPath` if opened recently, as a copy. */
  get(hookPath: string): Monitor | undefined {
    const entry = this.#byPath.get(hookPath);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#drop(entry.monitor);
      return undefined;
    }
    return { ...entry.monitor };
  }

  /** Stamps a read about to start; pass it to `keep`. */
  generation(): number {
    return this.#generation;
  }

  /**
   * Keeps a monitor just read, unless this process changed a monitor
   * since the read began (`generation`): the read may predate it.
   */
  keep(monitor: Monitor, generation: number): void {
    if (this.#ttlMs <= 0 || generation !== this.#generation) return;
    this.#removePerson(monitor.personId);
    if (this.#byPath.size >= this.#maxEntries) {
      const oldest = this.#byPath.values().next().value;
      if (oldest !== undefined) this.#drop(oldest.monitor);
    }
    this.#byPath.set(monitor.hookPath, {
      monitor: { ...monitor },
      expiresAt: this.#now() + this.#ttlMs,
    });
    this.#pathOf.set(monitor.personId, monitor.hookPath);
  }

  /** Called when this process writes or deletes a person's monitor. */
  forget(personId: string): void {
    this.#generation += 1;
    this.#removePerson(personId);
  }

  #removePerson(personId: string): void {
    const path = this.#pathOf.get(personId);
    if (path === undefined) return;
    this.#pathOf.delete(personId);
    this.#byPath.delete(path);
  }

  #drop(monitor: Monitor): void {
    this.#byPath.delete(monitor.hookPath);
    if (this.#pathOf.get(monitor.personId) === monitor.hookPath) {
      this.#pathOf.delete(monitor.personId);
    }
  }
}
