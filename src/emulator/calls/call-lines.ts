/** A sandbox person's Webex Calling line as the simulator creates it. */
import { endpointId } from './call-ids.ts';
import type { Line } from './call-types.ts';

/**
 * The Webex App (the primary endpoint) and a desk phone, both answering
 * through the API, mute-capable, assisting no executive.
 */
export function defaultLine(personId: string): Line {
  return {
    personId,
    endpoints: [
      {
        id: endpointId(personId, 'APPLICATION'),
        type: 'APPLICATION',
        name: 'Webex App',
      },
      {
        id: endpointId(personId, 'DEVICE'),
        type: 'DEVICE',
        name: 'Desk Phone',
      },
    ],
    apiAnswer: true,
    muteCapable: true,
    executivePersonId: null,
  };
}
