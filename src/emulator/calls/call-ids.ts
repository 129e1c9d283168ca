/** Webex-format ids for calls, sessions and endpoints. */
import { createHash, randomUUID } from 'node:crypto';

function webexId(path: string): string {
  return Buffer.from(`ciscospark://us/${path}`).toString('base64url');
}

/** Creates call ids like Webex's `ciscospark://us/CALL/callhalf-<n>:0`. */
export function createCallIdSource(): () => string {
  let next = 100_000;
  return () => {
    next += 1;
    return webexId(`CALL/callhalf-${next}:0`);
  };
}

/** A call session id: base64 of a bare UUID, as Webex sends it. */
export function newSessionId(): string {
  return Buffer.from(randomUUID()).toString('base64url');
}

/** A UUID derived from a seed, so a person's endpoints keep their ids. */
function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `8${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

export function endpointId(
  personId: string,
  type: 'APPLICATION' | 'DEVICE',
): string {
  return webexId(`${type}/${stableUuid(`${type}:${personId}`)}`);
}
