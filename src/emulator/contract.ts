/**
 * The seam between the emulator's core (people, tokens, webhooks and their
 * deliveries) and its call simulator. The core implements
 * `EmulatorCore`; the simulator receives it and never reaches further.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A sandbox person or bot, as the emulator keeps it. */
export interface SandboxPerson {
  /** Webex id: base64url, no padding, of ciscospark://us/PEOPLE/<uuid>. */
  id: string;
  email: string;
  displayName: string;
  type: 'person' | 'bot';
  /** Internal extension, e.g. "1001"; bots have none. */
  extension: string | null;
  /** E.164 number, e.g. "+15555550101"; bots have none. */
  phoneNumber: string | null;
  orgId: string;
  locationId: string;
  created: string;
}

/** A `telephony_calls` change to deliver to a person's webhooks. */
export interface TelephonyEvent {
  /** The person whose call leg changed: their webhooks receive it. */
  personId: string;
  event: 'created' | 'updated' | 'deleted';
  /** Call fields with `callId` (not `id`) plus eventType, eventTimestamp. */
  data: Record<string, unknown>;
}

/** A Webex-shaped error: status, message, optional errorCode. */
export interface WebexErrorSpec {
  status: number;
  message: string;
  errorCode?: number;
}

export interface EmulatorCore {
  /** Milliseconds since the epoch; tests may replace the clock. */
  now(): number;
  findPersonById(personId: string): SandboxPerson | undefined;
  findPersonByEmail(email: string): SandboxPerson | undefined;
  /** By extension or phone number (with or without tel:, +, spaces). */
  findPersonByNumber(number: string): SandboxPerson | undefined;
  listPeople(): SandboxPerson[];
  /**
   * Fastify preHandler-style check of `Authorization: Bearer`; replies 401
   * itself and returns undefined when the token is missing or invalid.
   * Returns the person and the token's granted scopes otherwise.
   */
  authenticate(
    request: FastifyRequest,
  ): { person: SandboxPerson; scopes: string[] } | undefined;
  /** Queues the event for every matching webhook of `event.personId`. */
  emitTelephonyEvent(event: TelephonyEvent): void;
}

/** What the call simulator gives back to the core. */
export interface CallSimulatorPlugin {
  /** Adds /v1/telephony/calls/* and /_sandbox/calls/* routes. */
  register(app: FastifyInstance): void;
  /** Everything it holds, for GET /_sandbox/state. */
  snapshot(): unknown;
  /** Forgets every call and history record (POST /_sandbox/reset). */
  reset(): void;
  /** Stops timers (ring timeouts and the like). */
  close(): void;
}
