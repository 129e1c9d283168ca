/** Per-person call history: the newest 20 records of each type. */
import type { HistoryRecord, HistoryType, Party } from './call-types.ts';

const PER_TYPE = 20;

export class CallHistory {
  readonly #records = new Map<string, HistoryRecord[]>();

  add(personId: string, type: HistoryType, party: Party, at: number): void {
    const record: HistoryRecord = {
      type,
      ...(party.name === undefined ? {} : { name: party.name }),
      ...(party.number === undefined ? {} : { number: party.number }),
      privacyEnabled: party.privacyEnabled,
      time: new Date(at).toISOString(),
    };
    const kept = [record, ...(this.#records.get(personId) ?? [])];
    const counts = new Map<HistoryType, number>();
    this.#records.set(
      personId,
      kept.filter((r) => {
        const seen = (counts.get(r.type) ?? 0) + 1;
        counts.set(r.type, seen);
        return seen <= PER_TYPE;
      }),
    );
  }

  /** Newest first, optionally of one type. */
  list(personId: string, type?: HistoryType): HistoryRecord[] {
    const all = this.#records.get(personId) ?? [];
    return type === undefined ? all : all.filter((r) => r.type === type);
  }

  snapshot(): Record<string, HistoryRecord[]> {
    return Object.fromEntries(this.#records);
  }

  clear(): void {
    this.#records.clear();
  }
}
