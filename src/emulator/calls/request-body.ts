/** Reading call-control request bodies, refusing malformed ones. */
import { badRequest } from './call-control-error.ts';

export type Body = Record<string, unknown>;

/** An absent body reads as `{}`; anything but an object is refused. */
export function asBody(raw: unknown): Body {
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return raw as Body;
}

export function optionalString(body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw badRequest(`Invalid field ${key}: expected a string.`);
  }
  return value;
}

export function requiredString(body: Body, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined || value.trim() === '') {
    throw badRequest(`Missing required field ${key}: give it in the body.`);
  }
  return value;
}

export function optionalBoolean(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw badRequest(`Invalid field ${key}: expected true or false.`);
  }
  return value;
}
