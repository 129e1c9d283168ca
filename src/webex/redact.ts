/**
 * Keeps secrets out of log lines and error texts: query parameters and
 * form fields by name, and known secret values wherever they appear.
 */

export const REDACTED = '[REDACTED]';

/** Names whose values are secrets, compared case-insensitively. */
const SECRET_NAMES = new Set([
  'authorization',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'code',
  'code_verifier',
  'secret',
  'token',
]);

export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase());
}

/** The path and query of `url`, with secret parameters masked. */
export function redactUrl(url: URL): string {
  const params = new URLSearchParams(url.search);
  for (const name of new Set(params.keys())) {
    if (isSecretName(name)) params.set(name, REDACTED);
  }
  const query = params.toString();
  return query === '' ? url.pathname : `${url.pathname}?${query}`;
}

/** `text` with every occurrence of each secret value masked. */
export function redactText(
  text: string,
  secrets: readonly (string | undefined)[],
): string {
  let result = text;
  for (const secret of secrets) {
    // Very short values would mask ordinary words and protect nothing.
    if (secret === undefined || secret.length < 6) continue;
    result = result.split(secret).join(REDACTED);
  }
  return result;
}
