/**
 * Webhook filters: `key=value` pairs joined with `&`, values URL-encoded.
 * Supported for messages and attachmentActions: roomId, roomType,
 * personId, personEmail, mentionedPeople (`me` or a person id).
 */
export const SUPPORTED_FILTER_KEYS = [
  'roomId',
  'roomType',
  'personId',
  'personEmail',
  'mentionedPeople',
] as const;

/** The filter's pairs, or an error text naming the bad part. */
export function parseFilter(filter: string): Map<string, string> | string {
  const pairs = new Map<string, string>();
  for (const part of filter.split('&')) {
    const [key, value, ...extra] = part.split('=');
    if (!key || value === undefined || value === '' || extra.length > 0) {
      return `Malformed filter part "${part}": expected key=value`;
    }
    if (!(SUPPORTED_FILTER_KEYS as readonly string[]).includes(key)) {
      return `Unsupported filter key "${key}"; supported: ${SUPPORTED_FILTER_KEYS.join(', ')}`;
    }
    try {
      pairs.set(key, decodeURIComponent(value));
    } catch {
      return `Malformed filter value in "${part}": invalid URL encoding`;
    }
  }
  return pairs;
}

/** Whether event data passes the filter, seen from the webhook's owner. */
export function matchesFilter(
  filter: string | null,
  data: Record<string, unknown>,
  ownerId: string,
): boolean {
  if (filter === null) return true;
  const pairs = parseFilter(filter);
  if (typeof pairs === 'string') return false;

  for (const [key, value] of pairs) {
    if (key === 'mentionedPeople') {
      const wanted = value === 'me' ? ownerId : value;
      const mentioned = data.mentionedPeople;
      if (!Array.isArray(mentioned) || !mentioned.includes(wanted)) {
        return false;
      }
      continue;
    }
    const actual = data[key];
    if (typeof actual !== 'string') return false;
    const same =
      key === 'personEmail'
        ? actual.toLowerCase() === value.toLowerCase()
        : actual === value;
    if (!same) return false;
  }
  return true;
}
