/**
 * Group commit for the SQLite store's hot writes (journal entries and
 * claims). The writes asked for during one turn of the event loop run
 * together in one immediate transaction at the end of that turn, and
 * each caller's promise settles only once that transaction committed:
 * a journal entry acknowledged to Webex is in the database, as before.
 * A commit costs about as much for one row as for several (the same
 * pages go to the WAL), so under load most of it is shared.
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

export class SqliteGroupCommit {
  readonly #db: Database;
  /** Turns a SQLite error into the store's own (e.g. "unavailable"). */
  readonly #translate: (error: unknown) => unknown;
  readonly #commit: Transaction<(group: Pending[]) => Outcome[]>;
  #pending: Pending[] = [];

  constructor(db: Database, translate: (error: unknown) => unknown) {
    this.#db = db;
    this.#translate = translate;
    this.#commit = db.transaction((group: Pending[]) =>
      group.map((pending) => this.#attempt(pending)),
    );
  }

  /** Runs `write` in this turn's transaction; settles after the commit. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => this.#flush());
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
