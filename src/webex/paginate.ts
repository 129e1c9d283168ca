/**
 * Webex list pagination: `{ items }` pages chained by RFC 5988
 * `Link: <url>; rel="next"` headers. The next URL is followed verbatim,
 * since it carries the server's own cursor.
 */
import type { ItemsResponse } from './messaging-types.ts';
import type { WebexHttp, WebexRequest, WebexResponse } from './webex-http.ts';

export type PageRequest = Omit<WebexRequest, 'method' | 'json' | 'form'>;

/** Yields every item of every page, fetching pages as they are needed. */
export async function* paginate<T>(
  http: WebexHttp,
  request: PageRequest,
): AsyncGenerator<T, void, undefined> {
  let next: PageRequest | null = request;

  while (next !== null) {
    const page: WebexResponse<ItemsResponse<T> | undefined> =
      await http.request({ ...next, method: 'GET' });
    const items = page.body?.items ?? [];
    yield* items;

    const nextUrl = parseLinkHeader(page.headers.get('link')).next;
    // An empty page ends the list even when a next link is present.
    next =
      nextUrl !== undefined && items.length > 0
        ? { ...withoutQuery(request), path: nextUrl }
        : null;
  }
}

/** Collects every item of a paginated list. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** `<url>; rel="next", <url>; rel="prev"` → `{ next, prev }`. */
export function parseLinkHeader(
  value: string | null,
): Partial<Record<string, string>> {
  const links: Partial<Record<string, string>> = {};
  if (value === null) return links;

  for (const match of value.matchAll(/<([^>]*)>([^,<]*)/g)) {
    const [, url, params] = match;
    const rel = /rel="?([^";]+)"?/i.exec(params ?? '')?.[1];
    if (url === undefined || rel === undefined) continue;
    for (const name of rel.trim().split(/\s+/)) links[name] = url;
  }
  return links;
}

function withoutQuery(request: PageRequest): PageRequest {
  const { query: _query, ...rest } = request;
  return rest;
}
