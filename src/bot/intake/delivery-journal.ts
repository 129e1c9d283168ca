/**
 * Deliveries acknowledged to Webex survive a crash: each verified
 * delivery is written to the store's journal before the answer goes
 * out, processed in the background, then marked done. An entry still
 * pending `replayAfterMs` after it was accepted is taken as left by a
 * dead process and processed again, once (a store claim keeps two
 * instances from replaying the same entry): at start, then by a sweep.
 * Younger entries are left alone, since on a shared store a live
 * instance may be working on them (a rolling restart).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DeliveryOutcome } from '../../ops/bot-metrics.ts';
import type { JournalEntry, Store } from '../../store/store.ts';
import type { WebhookEnvelope } from '../../webex/types.ts';
import type { InFlight } from './in-flight.ts';

export type Envelope = WebhookEnvelope<Record<string, unknown>>;

export interface DeliveryContext {
  /** What the route's path named (a monitor's hook path), if anything. */
  target: string | undefined;
  /**
   * What the route found for `target` while verifying (e.g. the monitor),
   * so that the processor need not look it up again. Only for a delivery
   * accepted by this process: it is not journaled, and a replay has none.
   */
  found?: unknown;
  /**
   * True when replayed from the journal after a restart: the delivery
   * was accepted by a process that may have claimed it, then died.
   */
  replayed: boolean;
}

/** Processes one delivery; the outcome feeds the metrics. */
export type DeliveryProcessor = (
  envelope: Envelope,
  context: DeliveryContext,
) => Promise<DeliveryOutcome | undefined>;

export interface DeliveryJournalOptions {
  store: Store;
  inFlight: InFlight;
  logger: Logger;
  now: () => number;
  /**
   * How long after its acceptance a pending entry counts as abandoned
   * (60 s). Keep it above the longest processing, shutdown included: a
   * live instance still working on an older entry would see it twice.
   */
  replayAfterMs?: number;
  /** Called once per delivery with what became of it. */
  onOutcome?: (
    resource: string,
    outcome: DeliveryOutcome,
    acceptedAt: number,
  ) => void;
}

/** How long a replay claim is kept: longer than any restart loop. */
const REPLAY_CLAIM_MS = 24 * 60 * 60_000;

const DEFAULT_REPLAY_AFTER_MS = 60_000;

export class DeliveryJournal {
  readonly #options: DeliveryJournalOptions;
  readonly #logger: Logger;
  readonly #processors = new Map<string, DeliveryProcessor>();
  readonly #replayAfterMs: number;
  /** Entries this process is working on: never replayed by its sweep. */
  readonly #running = new Set<string>();
  #sweeper: NodeJS.Timeout | undefined;

  constructor(options: DeliveryJournalOptions) {
    this.#options = options;
    this.#replayAfterMs = options.replayAfterMs ?? DEFAULT_REPLAY_AFTER_MS;
    this.#logger = options.logger.child({ component: 'delivery-journal' });
  }

  /** Registers how deliveries of `resource` are processed. */
  handle(resource: string, processor: DeliveryProcessor): void {
    if (this.#processors.has(resource)) {
      throw new Error(`Deliveries of ${resource} already have a processor`);
    }
    this.#processors.set(resource, processor);
  }

  /**
   * Journals a verified delivery, then processes it in the background.
   * Throws (StoreUnavailableError) when the journal cannot be written:
   * the caller answers 503 so that Webex delivers again.
   */
  async accept(
    resource: string,
    raw: Buffer,
    envelope: Envelope,
    target?: string,
    found?: unknown,
  ): Promise<void> {
    const entry: JournalEntry = {
      id: randomUUID(),
      kind: resource,
      target: target ?? null,
      body: raw.toString('utf8'),
      acceptedAt: this.#options.now(),
    };
    await this.#options.store.journalAdd(entry);
    this.#schedule(entry, envelope, { target, found, replayed: false });
  }

  /**
   * Replays what dead processes left behind, then sweeps every half
   * `replayAfterMs`, so that the entries of a process that crashed just
   * before this one started are replayed too, once they are old enough.
   */
  async start(): Promise<void> {
    await this.replayPending();
    this.#sweeper ??= setInterval(
      () => void this.#sweep(),
      Math.max(1, Math.floor(this.#replayAfterMs / 2)),
    );
    // The sweep must not keep a process alive that has nothing else to do.
    this.#sweeper.unref();
  }

  /** Stops the sweep (accepted work goes on: see InFlight.drain). */
  stop(): void {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }

  /**
   * Processes the entries accepted more than `replayAfterMs` ago and
   * never finished. Returns how many entries this instance took on.
   */
  async replayPending(): Promise<number> {
    const { store, now } = this.#options;
    const acceptedBefore = now() - this.#replayAfterMs;
    let replayed = 0;
    for (const entry of await store.journalPending()) {
      if (entry.acceptedAt > acceptedBefore || this.#running.has(entry.id)) {
        continue;
      }
      if (!(await store.claimOnce(`journal:${entry.id}`, REPLAY_CLAIM_MS))) {
        continue;
      }
      const envelope = parseBody(entry);
      if (envelope === undefined) {
        this.#logger.warn(
          { entryId: entry.id, kind: entry.kind },
          'Unreadable journal entry dropped',
        );
        await store.journalDone(entry.id);
        continue;
      }
      replayed++;
      this.#schedule(entry, envelope, {
        target: entry.target ?? undefined,
        replayed: true,
      });
    }
    if (replayed > 0) {
      this.#logger.info({ replayed }, 'Replaying accepted deliveries');
    }
    return replayed;
  }

  /** One instance at a time reads the journal; failures wait a turn. */
  async #sweep(): Promise<void> {
    const { store } = this.#options;
    try {
      const release = await store.tryLock('journal-sweep', this.#replayAfterMs);
      if (release === undefined) return;
      try {
        await this.replayPending();
      } finally {
        await release();
      }
    } catch (error) {
      this.#logger.warn({ err: error }, 'Journal sweep failed: next turn');
    }
  }

  #schedule(
    entry: JournalEntry,
    envelope: Envelope,
    context: DeliveryContext,
  ): void {
    const { inFlight, store, onOutcome } = this.#options;
    const processor = this.#processors.get(entry.kind);
    this.#running.add(entry.id);
    inFlight.run(`${entry.kind} delivery`, async () => {
      let outcome: DeliveryOutcome = 'failed';
      try {
        if (processor === undefined) {
          this.#logger.warn({ kind: entry.kind }, 'No processor: dropped');
        } else {
          outcome = (await processor(envelope, context)) ?? 'accepted';
        }
      } finally {
        onOutcome?.(entry.kind, outcome, entry.acceptedAt);
        // A failure is logged by InFlight and not retried: the error
        // reply already told the person, and a retry could repeat a
        // call action. Only a crash leaves the entry for a replay.
        try {
          await store.journalDone(entry.id);
        } finally {
          this.#running.delete(entry.id);
        }
      }
    });
  }
}

function parseBody(entry: JournalEntry): Envelope | undefined {
  try {
    const envelope = JSON.parse(entry.body) as Envelope;
    if (typeof envelope?.data !== 'object' || envelope.data === null) {
      return undefined;
    }
    return envelope;
  } catch {
    return undefined;
  }
}
