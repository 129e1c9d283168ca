/**
 * A plain, readable HTML page for the browser that comes back from Webex:
 * no scripts, no external assets, every value escaped.
 */

export interface Page {
  title: string;
  /** Each entry is one paragraph of plain text. */
  paragraphs: string[];
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export function renderPage(page: Page): string {
  const title = escapeHtml(page.title);
  const body = page.paragraphs
    .map((paragraph) => `    <p>${escapeHtml(paragraph)}</p>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <style>
      body { font: 1.1rem/1.5 system-ui, sans-serif; max-width: 36rem;
        margin: 4rem auto; padding: 0 1rem; color: #1d1d1f; }
      h1 { font-size: 1.5rem; }
    </style>
  </head>
  <body>
    <h1>${title}</h1>
${body}
  </body>
</html>
`;
}
