/**
 * Shared test plumbing: a JSON client for a running emulator and the
 * default seed's tokens.
 */
import { defaultSeed } from '../../src/emulator/seed.ts';

const people = defaultSeed().people;

function tokenOf(email: string): string {
  const token = people.find((person) => person.email === email)?.accessToken;
  if (!token) throw new Error(`the default seed has no token for ${email}`);
  return token;
}

export const BOT_TOKEN = tokenOf('callcontrol@webex.bot');
export const ALICE_TOKEN = tokenOf('alice@example.com');
export const BOB_TOKEN = tokenOf('bob@example.com');
export const INTEGRATION = defaultSeed().integrations?.[0] ?? {
  name: '',
  clientId: '',
  clientSecret: '',
  redirectUris: [''],
  scopes: [],
};

export interface JsonResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  body: any;
}

/** Calls the emulator with a bearer token and a JSON body. */
export async function call(
  url: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body === undefined
      ? {}
      : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}
