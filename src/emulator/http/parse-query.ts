/**
 * The query string parser of every route. A repeated parameter keeps its
 * first value: handlers read one string per name, and `?email=a&email=b`
 * must not reach them as an array.
 */
export function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(search)) {
    if (!Object.hasOwn(query, name)) query[name] = value;
  }
  return query;
}
