/**
 * Every change inside the emulator, published for `GET /_sandbox/events`
 * (a web console) and for tests that wait for something to happen.
 */
import { EventEmitter } from 'node:events';

export type SandboxEventType =
  | 'person.created'
  | 'room.created'
  | 'message.created'
  | 'message.deleted'
  | 'attachmentAction.created'
  | 'webhook.created'
  | 'webhook.updated'
  | 'webhook.deleted'
  | 'delivery.attempted'
  | 'telephony.emitted'
  | 'sandbox.reset';

export interface SandboxEvent {
  type: SandboxEventType;
  at: string;
  data: unknown;
}

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly now: () => number) {
    // Every open event stream is one listener; a console may open many.
    this.emitter.setMaxListeners(0);
  }

  publish(type: SandboxEventType, data: unknown): void {
    const event: SandboxEvent = {
      type,
      at: new Date(this.now()).toISOString(),
      data,
    };
    this.emitter.emit('event', event);
  }

  /** Calls `listener` for every event; returns the unsubscribe function. */
  subscribe(listener: (event: SandboxEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
