/**
 * The HTML the emulator's authorize endpoint shows: a sign-in page to pick
 * a sandbox person (or decline), and an error page.
 */
import type { PersonRecord } from '../emulator-state.ts';

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f5f7;
    display: flex; justify-content: center; padding: 48px 16px; margin: 0; }
  main { background: #fff; border-radius: 12px; padding: 32px;
    max-width: 420px; width: 100%; box-shadow: 0 2px 12px #0002; }
  h1 { font-size: 1.3rem; margin: 0 0 8px; }
  p { color: #444; line-height: 1.4; }
  .scopes { font-family: ui-monospace, monospace; font-size: .8rem;
    color: #555; word-break: break-word; }
  button { display: block; width: 100%; padding: 12px; margin: 8px 0;
    border-radius: 8px; border: 1px solid #ccd; background: #fff;
    font-size: 1rem; text-align: left; cursor: pointer; }
  button.person:hover { border-color: #07c; background: #f0f8ff; }
  button.decline { text-align: center; color: #a00; }
  small { color: #666; display: block; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The sign-in and consent page; its form posts back to /v1/authorize. */
export function signInPage(input: {
  integrationName: string;
  scopes: string[];
  params: Record<string, string>;
  people: PersonRecord[];
}): string {
  const hidden = Object.entries(input.params)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('');
  const people = input.people
    .map(
      (person) =>
        `<button class="person" name="email" value="${escapeHtml(person.email)}">${escapeHtml(person.displayName)}<small>${escapeHtml(person.email)}</small></button>`,
    )
    .join('');
  return page(
    'Sign in to the Webex sandbox',
    `<h1>Sign in to the Webex sandbox</h1>
<p><strong>${escapeHtml(input.integrationName)}</strong> asks to act on your
behalf with these scopes:</p>
<p class="scopes">${input.scopes.map(escapeHtml).join(' ')}</p>
<p>Choose who you are to accept:</p>
<form method="post" action="/v1/authorize">${hidden}${people}
<button class="decline" name="decision" value="decline">Decline</button>
</form>`,
  );
}

/** A refusal that must not redirect (unknown client, redirect or scope). */
export function errorPage(description: string): string {
  return page(
    'Authorization failed',
    `<h1>Authorization failed</h1><p>${escapeHtml(description)}</p>`,
  );
}
