import type { FastifyRequest } from 'fastify';
import { WebexApiError } from '../webex-error.ts';

/** The `max` query parameter: a whole number from 1 to `limit`. */
export function parseMax(
  value: string | undefined,
  fallback: number,
  limit = 1000,
): number {
  if (value === undefined || value === '') return fallback;
  const max = Number(value);
  if (!Number.isInteger(max) || max < 1 || max > limit) {
    throw new WebexApiError(
      400,
      'The request could not be understood by the server due to malformed syntax.',
      { description: `max must be a whole number from 1 to ${limit}.` },
    );
  }
  return max;
}

/** An RFC 5988 `Link` header pointing at the next page. */
export function nextLink(
  request: FastifyRequest,
  path: string,
  query: Record<string, string>,
): string {
  const base = `${request.protocol}://${request.host}`;
  const search = new URLSearchParams(query).toString();
  return `<${base}${path}?${search}>; rel="next"`;
}
