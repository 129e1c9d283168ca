/**
 * How a leg is shown: the REST `Call` object and the `telephony_calls`
 * webhook `data`, each with the key order Webex uses.
 */
import type { Leg } from './call-types.ts';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The `Call` schema (`GET /telephony/calls`, call details). */
export function toCall(leg: Leg): Record<string, unknown> {
  return {
    id: leg.id,
    callSessionId: leg.sessionId,
    personality: leg.personality,
    state: leg.state,
    remoteParty: leg.remote,
    appearance: leg.appearance,
    created: iso(leg.created),
    ...(leg.answered === null ? {} : { answered: iso(leg.answered) }),
    ...redirectionsWhileAlerting(leg),
    ...(leg.recordingState === null
      ? {}
      : { recordingState: leg.recordingState }),
    muteCapable: leg.muteCapable,
    muted: leg.muted,
  };
}

/**
 * Webhook `data`: eventType and eventTimestamp first, `callId` for `id`,
 * then the order of real captures. A disconnected leg drops `appearance`,
 * `redirections` and the endpoint, as Webex's own deleted events do.
 */
export function toEventData(
  leg: Leg,
  eventType: string,
  now: number,
): Record<string, unknown> {
  const gone = leg.state === 'disconnected';
  return {
    eventType,
    eventTimestamp: iso(now),
    callId: leg.id,
    callSessionId: leg.sessionId,
    personality: leg.personality,
    state: leg.state,
    muteCapable: leg.muteCapable,
    muted: leg.muted,
    remoteParty: leg.remote,
    ...(gone ? {} : { appearance: leg.appearance }),
    created: iso(leg.created),
    ...(leg.answered === null ? {} : { answered: iso(leg.answered) }),
    ...(gone ? {} : redirectionsWhileAlerting(leg)),
    ...(leg.recordingState === null
      ? {}
      : { recordingState: leg.recordingState }),
    ...(leg.disconnected === null
      ? {}
      : { disconnected: iso(leg.disconnected) }),
    ...(gone || leg.endpoint === null
      ? {}
      : { endpointId: leg.endpoint.id, endpointType: leg.endpoint.type }),
    completedElsewhere: leg.completedElsewhere,
  };
}

// Webex lists redirections only while the redirected call is alerting.
function redirectionsWhileAlerting(leg: Leg): Record<string, unknown> {
  if (leg.state !== 'alerting' || leg.redirections.length === 0) return {};
  return { redirections: leg.redirections };
}
