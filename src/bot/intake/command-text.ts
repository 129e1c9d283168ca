/**
 * In a group space the bot acts only on messages that mention it, and
 * the command is what follows that mention. Display names are ambiguous
 * (and editable), so the mention is found in the message's html by id:
 * `<spark-mention data-object-type="person" data-object-id="…">Name</…>`.
 */

const MENTION = /<spark-mention\b([^>]*)>([\s\S]*?)<\/spark-mention>/gi;
const OBJECT_ID = /data-object-id\s*=\s*"([^"]*)"/i;
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * The text after the first mention of `botId`, or undefined when the
 * message does not mention the bot.
 */
export function commandAfterMention(
  html: string | undefined,
  botId: string,
): string | undefined {
  if (html === undefined) return undefined;
  for (const match of html.matchAll(MENTION)) {
    const id = OBJECT_ID.exec(match[1] ?? '')?.[1];
    if (id === undefined || !sameWebexId(id, botId)) continue;
    const rest = html.slice((match.index ?? 0) + match[0].length);
    return htmlToText(rest);
  }
  return undefined;
}

/** Tags dropped (mentions keep their label), entities decoded. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|h[1-6]|pre|blockquote)>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  ).trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    const key = String(name).toLowerCase();
    if (key.startsWith('#x'))
      return codePoint(Number.parseInt(key.slice(2), 16), whole);
    if (key.startsWith('#'))
      return codePoint(Number.parseInt(key.slice(1), 10), whole);
    return ENTITIES[key] ?? whole;
  });
}

function codePoint(value: number, fallback: string): string {
  return Number.isInteger(value) && value > 0 && value <= 0x10ffff
    ? String.fromCodePoint(value)
    : fallback;
}

/**
 * Webex writes mentions with either the base64 id or the bare UUID it
 * encodes (`ciscospark://us/PEOPLE/<uuid>`); both name the same person.
 */
export function sameWebexId(a: string, b: string): boolean {
  return a === b || uuidOf(a) === uuidOf(b);
}

function uuidOf(id: string): string {
  const decoded = Buffer.from(id, 'base64').toString('utf8');
  const tail = decoded.startsWith('ciscospark://')
    ? decoded.slice(decoded.lastIndexOf('/') + 1)
    : id;
  return tail.toLowerCase();
}
