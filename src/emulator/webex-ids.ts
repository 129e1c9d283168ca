/**
 * Webex ids: base64url without padding of `ciscospark://us/<TYPE>/<uuid>`.
 */
import { createHash, randomUUID } from 'node:crypto';

export type WebexIdType =
  | 'PEOPLE'
  | 'ORGANIZATION'
  | 'LOCATION'
  | 'ROOM'
  | 'MESSAGE'
  | 'WEBHOOK'
  | 'APPLICATION'
  | 'ATTACHMENT_ACTION';

/** Encodes `ciscospark://us/<type>/<value>` the way Webex does. */
export function webexId(type: WebexIdType, value: string): string {
  return Buffer.from(`ciscospark://us/${type}/${value}`).toString('base64url');
}

/** A fresh random id of the given type. */
export function newWebexId(type: WebexIdType): string {
  return webexId(type, randomUUID());
}

/** A stable UUID derived from a name, so seeded ids survive restarts. */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `8${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** The id's type and last path segment, or undefined when not a Webex id. */
export function decodeWebexId(
  id: string,
): { type: string; value: string } | undefined {
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const match = /^ciscospark:\/\/[^/]+\/([A-Z_]+)\/(.+)$/.exec(decoded);
  if (!match?.[1] || !match[2]) return undefined;
  return { type: match[1], value: match[2] };
}
