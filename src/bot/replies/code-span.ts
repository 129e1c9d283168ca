/**
 * Quoting what a person wrote, or a usage line, in a markdown reply. A
 * code span shows its text as written: `**`, `_` or `<destination>`
 * inside it are not read as emphasis or an HTML tag (Webex drops unknown
 * tags from rendered markdown, so `<destination>` in plain text vanishes).
 */

/** How much of a person's word is echoed back; the rest becomes "…". */
export const ECHO_MAX_CHARS = 40;

/** `text` as a markdown code span, whatever backticks it holds. */
export function codeSpan(text: string): string {
  // Fence with one backtick more than the longest run inside, and pad
  // when the text starts or ends with one, as CommonMark requires.
  const longestRun = Math.max(
    0,
    ...(text.match(/`+/g) ?? []).map((run) => run.length),
  );
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  const single = text.replace(/[\r\n]+/g, ' ');
  return `${fence}${pad}${single}${pad}${fence}`;
}

/**
 * A word the person wrote, quoted for an answer: cut to `maxChars`
 * characters (not UTF-16 units, so no emoji is split) with "…".
 */
export function quoteWritten(text: string, maxChars = ECHO_MAX_CHARS): string {
  const chars = [...text];
  const shown =
    chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : text;
  return codeSpan(shown);
}
