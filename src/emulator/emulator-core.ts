/**
 * The emulator's core as the call simulator sees it: people, the clock,
 * bearer-token checks and telephony events.
 */
import type { FastifyRequest } from 'fastify';
import type { EmulatorCore, TelephonyEvent } from './contract.ts';
import type { EventDispatcher } from './deliveries/dispatch-events.ts';
import type { EmulatorState, PersonRecord } from './emulator-state.ts';
import { replyOf } from './http/reply-registry.ts';
import { MESSAGES, sendWebexError, WebexApiError } from './webex-error.ts';

export interface Authenticated {
  person: PersonRecord;
  scopes: string[];
  /** The integration behind the token; null for a personal or bot token. */
  clientId: string | null;
}

export interface FullEmulatorCore extends EmulatorCore {
  authenticate(request: FastifyRequest): Authenticated | undefined;
  /** The token's identity, or a WebexApiError(401) to throw. */
  identify(request: FastifyRequest): Authenticated | WebexApiError;
}

const cache = new WeakMap<FastifyRequest, Authenticated>();

export function createEmulatorCore(
  state: EmulatorState,
  dispatcher: EventDispatcher,
  now: () => number,
): FullEmulatorCore {
  function identify(request: FastifyRequest): Authenticated | WebexApiError {
    const known = cache.get(request);
    if (known) return known;

    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const record = match?.[1] ? state.accessTokens.get(match[1]) : undefined;
    const person = record ? state.people.get(record.personId) : undefined;
    if (
      !record ||
      !person ||
      (record.expiresAt !== null && record.expiresAt <= now())
    ) {
      return new WebexApiError(401, MESSAGES[401]);
    }

    const result = { person, scopes: record.scopes, clientId: record.clientId };
    cache.set(request, result);
    return result;
  }

  return {
    now,
    identify,

    authenticate(request) {
      const result = identify(request);
      if (!(result instanceof WebexApiError)) return result;
      const reply = replyOf(request);
      if (reply && !reply.sent) sendWebexError(request, reply, result);
      return undefined;
    },

    findPersonById: (personId) => state.people.get(personId),
    findPersonByEmail: (email) => state.findPersonByEmail(email),
    findPersonByNumber: (number) => state.findPersonByNumber(number),
    listPeople: () => [...state.people.values()],

    emitTelephonyEvent(event: TelephonyEvent) {
      dispatcher.telephony(event);
    },
  };
}

/** Throws a 403 naming the scope unless the token was granted it. */
export function requireScope(auth: Authenticated, scope: string): void {
  if (!auth.scopes.includes(scope)) {
    throw new WebexApiError(403, `Missing required scope: ${scope}`);
  }
}
