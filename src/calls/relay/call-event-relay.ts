/**
 * Brings a person's call events into their 1:1 space: once each (a
 * redelivery or a twin is dropped), in order per call (a late event never
 * brings an ended call back), and only when something worth saying
 * changed.
 *
 * A delivery replayed after a crash is relayed even though the dead
 * process claimed it, and what that process may have stored about it
 * (the call's order and view) does not count against it: the end of a
 * call is recorded only once the chat was told, and the stored view
 * names the event that wrote it.
 */
import type { Logger } from 'pino';
import type { Replies } from '../../bot/replies/replies.ts';
import type { Monitor, Store } from '../../store/store.ts';
import type { WebhookEnvelope } from '../../webex/messaging-types.ts';
import type { TelephonyEventData } from '../../webex/telephony-types.ts';
import { intentForEvent } from '../call-intents.ts';
import {
  type PreviousCallView,
  renderCallEvent,
} from '../render/render-call-event.ts';
import { callEventKey } from './event-key.ts';

/** How long a delivery, a call's order and its last view are remembered. */
const EVENT_TTL_MS = 6 * 60 * 60 * 1000;

export type CallEventEnvelope = WebhookEnvelope<Partial<TelephonyEventData>>;

export type RelayOutcome = 'sent' | 'duplicate' | 'stale' | 'quiet' | 'invalid';

export interface RelayContext {
  /**
   * Replayed from the journal: a process that may have claimed it (and
   * recorded its order and view) died before it was relayed.
   */
  replayed: boolean;
}

/** What the store keeps per call: the view, and the event it came from. */
interface StoredView extends PreviousCallView {
  by: string;
}

const FIRST_SIGHT: RelayContext = { replayed: false };

export interface CallEventRelayOptions {
  store: Store;
  replies: Replies;
  logger: Logger;
}

export class CallEventRelay {
  readonly #options: CallEventRelayOptions;
  readonly #logger: Logger;
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(options: CallEventRelayOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ component: 'call-event-relay' });
  }

  /**
   * Handles deliveries one after the other per person, so that the chat
   * shows a call's story in the order it was received.
   */
  enqueue(
    monitor: Monitor,
    envelope: CallEventEnvelope,
    context: RelayContext = FIRST_SIGHT,
  ): Promise<RelayOutcome> {
    const key = monitor.personId;
    const before = this.#queues.get(key) ?? Promise.resolve();
    const run = before
      .catch(() => undefined)
      .then(() => this.handle(monitor, envelope, context));
    this.#queues.set(key, run);
    void run
      .finally(() => {
        if (this.#queues.get(key) === run) this.#queues.delete(key);
      })
      .catch(() => undefined);
    return run;
  }

  /** Handles one verified delivery for `monitor`'s person. */
  async handle(
    monitor: Monitor,
    envelope: CallEventEnvelope,
    context: RelayContext = FIRST_SIGHT,
  ): Promise<RelayOutcome> {
    const data = envelope.data;
    // Fields for the few lines logged (no child logger per event: most
    // events log nothing at the usual level).
    const about = { webhookId: envelope.id, callId: data?.callId };
    const logger = this.#logger;
    const eventAt = Date.parse(String(data?.eventTimestamp));
    if (typeof data?.callId !== 'string' || Number.isNaN(eventAt)) {
      logger.warn(
        about,
        'call event without callId or eventTimestamp: ignored',
      );
      return 'invalid';
    }

    // Deduplicate first so that a redelivery cannot count as "stale".
    // A replay claims too, so that a copy from Webex arriving now is
    // dropped, but goes on: the claim may be the dead process's.
    const { store } = this.#options;
    const key = callEventKey(envelope.id, data);
    const first = await store.claimOnce(key, EVENT_TTL_MS);
    if (!first && !context.replayed) {
      logger.debug(
        { ...about, eventType: data.eventType },
        'duplicate call event',
      );
      return 'duplicate';
    }
    // Two events of one call may share a millisecond (recording pending,
    // then started): the store treats an equal time as in order, and the
    // claim above has already dropped exact repeats. So a replay is not
    // stale against its own earlier record either.
    const ended = envelope.event === 'deleted' || data.state === 'disconnected';
    const verdict = await store.recordCallEvent(
      data.callId,
      eventAt,
      false,
      EVENT_TTL_MS,
    );
    if (verdict === 'stale') {
      logger.debug(
        { ...about, eventType: data.eventType },
        'late call event dropped',
      );
      return 'stale';
    }

    try {
      // The last view lives in the store: the instance that relayed the
      // previous event may not be this one.
      const previous = await this.#swapView(
        data.callId,
        key,
        ended ? undefined : data,
      );
      const intent = await intentForEvent(store, monitor.personId, data, ended);
      const message = renderCallEvent(envelope.event, data, previous, intent);
      if (message === undefined) return 'quiet';

      await this.#options.replies.toPerson(
        monitor.personId,
        message.card === undefined
          ? message.text
          : { markdown: message.text, card: message.card.content },
      );
      logger.debug(
        { ...about, eventType: data.eventType },
        'call event relayed',
      );
      return 'sent';
    } finally {
      // Only now is the call over: a crash before this point leaves the
      // ending event to a replay, which must not find the call ended.
      if (ended) {
        await store.recordCallEvent(data.callId, eventAt, true, EVENT_TTL_MS);
      }
    }
  }

  /**
   * Stores this event's view of the call and returns the one before it.
   * A view stored by this very event (a replay after its first attempt
   * got that far) says nothing about what came before.
   */
  async #swapView(
    callId: string,
    key: string,
    data: Partial<TelephonyEventData> | undefined,
  ): Promise<PreviousCallView | undefined> {
    const view: StoredView | undefined =
      data === undefined
        ? undefined
        : {
            by: key,
            ...(data.state === undefined ? {} : { state: data.state }),
            ...(data.recordingState === undefined
              ? {}
              : { recordingState: data.recordingState }),
            ...(data.muted === undefined ? {} : { muted: data.muted }),
            // Who the call was with: a transfer is told by the change.
            ...(data.remoteParty === undefined
              ? {}
              : { remoteParty: data.remoteParty }),
          };
    const before = await this.#options.store.swapCallView(
      callId,
      view === undefined ? undefined : JSON.stringify(view),
      EVENT_TTL_MS,
    );
    const stored = before === undefined ? undefined : parseView(before);
    if (stored === undefined || stored.by === key) {
      // TODO: a replay then renders without history (as on a call's
      // first event); keeping the older view would take a second write.
      return undefined;
    }
    const { by: _by, ...previous } = stored;
    return previous;
  }
}

/** A stored view, or undefined when it is not one. */
function parseView(text: string): Partial<StoredView> | undefined {
  try {
    const view: unknown = JSON.parse(text);
    return typeof view === 'object' && view !== null
      ? (view as Partial<StoredView>)
      : undefined;
  } catch {
    return undefined;
  }
}
