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

/** How long a delivery and a call's order are remembered. */
const EVENT_TTL_MS = 6 * 60 * 60 * 1000;
/** Calls whose last state is remembered here, to tell what changed. */
const MAX_REMEMBERED_CALLS = 5000;

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
  // TODO: with several instances each one only knows the states it saw;
  // the store has no place for a call's last state yet, so an instance
  // that missed the previous event renders from the event alone.
  readonly #lastView = new Map<string, PreviousCallView>();

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

    const previous = this.#lastView.get(data.callId);
    this.#remember(data.callId, ended ? undefined : data);
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

  #remember(
    callId: string,
    data: Partial<TelephonyEventData> | undefined,
  ): void {
    this.#lastView.delete(callId);
    if (data === undefined) return;
    this.#lastView.set(callId, {
      ...(data.state === undefined ? {} : { state: data.state }),
      ...(data.recordingState === undefined
        ? {}
        : { recordingState: data.recordingState }),
      ...(data.muted === undefined ? {} : { muted: data.muted }),
    });
    // Oldest first in a Map: drop the least recently updated call.
    if (this.#lastView.size > MAX_REMEMBERED_CALLS) {
      const oldest = this.#lastView.keys().next().value;
      if (oldest !== undefined) this.#lastView.delete(oldest);
    }
  }
}
