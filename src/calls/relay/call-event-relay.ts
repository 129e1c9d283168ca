/**
 * Brings a person's call events into their 1:1 space: once each (a
 * redelivery or a twin is dropped), in order per call (a late event never
 * brings an ended call back), and only when something worth saying
 * changed.
 */
import type { Logger } from 'pino';
import type { Replies } from '../../bot/replies/replies.ts';
import type { Monitor, Store } from '../../store/store.ts';
import type { WebhookEnvelope } from '../../webex/messaging-types.ts';
import type { TelephonyEventData } from '../../webex/telephony-types.ts';
import {
  type PreviousCallView,
  renderCallEvent,
} from '../render/render-call-event.ts';
import { callEventKey } from './event-key.ts';

/** How long a delivery, a call's order and its last view are remembered. */
const EVENT_TTL_MS = 6 * 60 * 60 * 1000;

export type CallEventEnvelope = WebhookEnvelope<Partial<TelephonyEventData>>;

export type RelayOutcome = 'sent' | 'duplicate' | 'stale' | 'quiet' | 'invalid';

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
  ): Promise<RelayOutcome> {
    const key = monitor.personId;
    const before = this.#queues.get(key) ?? Promise.resolve();
    const run = before
      .catch(() => undefined)
      .then(() => this.handle(monitor, envelope));
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
  ): Promise<RelayOutcome> {
    const data = envelope.data;
    const logger = this.#logger.child({
      webhookId: envelope.id,
      callId: data?.callId,
    });
    const eventAt = Date.parse(String(data?.eventTimestamp));
    if (typeof data?.callId !== 'string' || Number.isNaN(eventAt)) {
      logger.warn('call event without callId or eventTimestamp: ignored');
      return 'invalid';
    }

    // Deduplicate first so that a redelivery cannot count as "stale".
    const { store } = this.#options;
    if (
      !(await store.claimOnce(callEventKey(envelope.id, data), EVENT_TTL_MS))
    ) {
      logger.debug({ eventType: data.eventType }, 'duplicate call event');
      return 'duplicate';
    }
    // Two events of one call may share a millisecond (recording pending,
    // then started): the store treats an equal time as in order, and the
    // claim above has already dropped exact repeats.
    const ended = envelope.event === 'deleted' || data.state === 'disconnected';
    const verdict = await store.recordCallEvent(
      data.callId,
      eventAt,
      ended,
      EVENT_TTL_MS,
    );
    if (verdict === 'stale') {
      logger.debug({ eventType: data.eventType }, 'late call event dropped');
      return 'stale';
    }

    // The last view lives in the store: the instance that relayed the
    // previous event may not be this one.
    const previous = await this.#swapView(
      data.callId,
      ended ? undefined : data,
    );
    const message = renderCallEvent(envelope.event, data, previous);
    if (message === undefined) return 'quiet';

    await this.#options.replies.toPerson(
      monitor.personId,
      message.card === undefined
        ? message.text
        : { markdown: message.text, card: message.card.content },
    );
    logger.debug({ eventType: data.eventType }, 'call event relayed');
    return 'sent';
  }

  async #swapView(
    callId: string,
    data: Partial<TelephonyEventData> | undefined,
  ): Promise<PreviousCallView | undefined> {
    const view: PreviousCallView | undefined =
      data === undefined
        ? undefined
        : {
            ...(data.state === undefined ? {} : { state: data.state }),
            ...(data.recordingState === undefined
              ? {}
              : { recordingState: data.recordingState }),
            ...(data.muted === undefined ? {} : { muted: data.muted }),
          };
    const before = await this.#options.store.swapCallView(
      callId,
      view === undefined ? undefined : JSON.stringify(view),
      EVENT_TTL_MS,
    );
    return before === undefined ? undefined : parseView(before);
  }
}

/** A stored view, or undefined when it is not one. */
function parseView(text: string): PreviousCallView | undefined {
  try {
    const view: unknown = JSON.parse(text);
    return typeof view === 'object' && view !== null
      ? (view as PreviousCallView)
      : undefined;
  } catch {
    return undefined;
  }
}
