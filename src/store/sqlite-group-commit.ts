/**
 * Group commit for the SQLite store's hot writes (journal entries and
 * claims). The writes asked for while a group is open run together in
 * one immediate transaction, and each caller's promise settles only once
 * that transaction committed: a journal entry acknowledged to Webex is
 * in the database, as before. A commit costs about as much for one row
 * as for several (BEGIN, the WAL frames, COMMIT), so under load most of
 * it is shared.
 *
 * A group stays open from its first write to the end of the first turn
 * of the event loop that brought no new write, for at most 4 turns and
 * 1 ms (see GroupCommitOptions): idle, that is the end of the next loop iteration (no added
 * wait); under a stream of requests, the short turns that each brought
 * some share one commit; behind long turns (background work), a write
 * waits one turn more at most.
 *
 * A write that fails on its own (a constraint) fails alone: SQLite
 * undoes that statement and the transaction goes on. One that ends the
 * transaction (disk full, I/O error), or a failed BEGIN or COMMIT, fails
 * every write of the group.
 */
import type { Database, Transaction } from 'better-sqlite3';

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** Turns a group may stay open while writes keep coming (4). */
  maxTurns?: number;
  /** Milliseconds a group may stay open while writes keep coming (1). */
  maxOpenMs?: number;
  /** A monotonic clock in milliseconds (performance.now). */
  now?: () => number;
}

export class SqliteGroupCommit {
  readonly #db: Database;
  /** Turns a SQLite error into the store's own (e.g. "unavailable"). */
  readonly #translate: (error: unknown) => unknown;
  readonly #commit: Transaction<(group: Pending[]) => Outcome[]>;
  readonly #maxTurns: number;
  readonly #maxOpenMs: number;
  readonly #now: () => number;
  #pending: Pending[] = [];

  constructor(
    db: Database,
    translate: (error: unknown) => unknown,
    options: GroupCommitOptions = {},
  ) {
    this.#db = db;
    this.#translate = translate;
    this.#maxTurns = options.maxTurns ?? 4;
    this.#maxOpenMs = options.maxOpenMs ?? 1;
    this.#now = options.now ?? (() => performance.now());
    this.#commit = db.transaction((group: Pending[]) =>
      group.map((pending) => this.#attempt(pending)),
    );
  }

  /** Runs `write` in the open group's transaction; settles after it. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.length === 0) {
        this.#endOfTurn(0, 1, this.#now());
      }
      this.#pending.push({
        write,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
    });
  }

  /** Runs what is pending now (also at close). */
  flush(): void {
    this.#flush();
  }

  /**
   * At the end of a turn: commits if the turn brought nothing new (or
   * the group is old enough), else waits for the next one.
   */
  #endOfTurn(seen: number, turns: number, openedAt: number): void {
    setImmediate(() => {
      const size = this.#pending.length;
      if (size === 0) return; // flushed meanwhile (close)
      const full =
        turns >= this.#maxTurns || this.#now() - openedAt >= this.#maxOpenMs;
      if (size === seen || full) this.#flush();
      else this.#endOfTurn(size, turns + 1, openedAt);
    });
  }

  #flush(): void {
    const group = this.#pending;
    if (group.length === 0) return;
    this.#pending = [];

    let outcomes: Outcome[];
    try {
      outcomes = this.#commit.immediate(group);
    } catch (error) {
      const translated = this.#translate(error);
      for (const pending of group) pending.reject(translated);
      return;
    }
    group.forEach((pending, i) => {
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(this.#translate(outcome.error));
    });
  }

  #attempt(pending: Pending): Outcome {
    try {
      return { ok: true, value: pending.write() };
    } catch (error) {
      // SQLite rolled the whole transaction back: nothing of it stands.
      if (!this.#db.inTransaction) throw error;
      return { ok: false, error };
    }
  }
}
