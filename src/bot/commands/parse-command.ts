/**
 * Turns the text of a chat message into a command name and its arguments:
 * `/dial "+1 555 0101"` → { name: 'dial', args: ['+1 555 0101'] }. The
 * slash is optional and the name is case-insensitive; arguments keep
 * their case. Double or single quotes at the start of a word group words
 * (typographic quotes too, which chat clients often substitute); a
 * backslash escapes the next character inside quotes. Invisible format
 * characters that chat clients and pasted text leave behind (zero-width
 * space, word joiner, byte-order mark) separate words like whitespace,
 * outside quotes.
 */

/** Whitespace, and the invisible characters that act like it. */
const SEPARATOR = /[\s\u180e\u200b\u2060\ufeff]/;

const CLOSING_QUOTE: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d',
  '\u2018': '\u2019',
};

export interface ParsedCommand {
  /** Lowercase, without the slash. */
  name: string;
  args: string[];
  /** The first word as the person wrote it: slash and case kept. */
  word: string;
}

/** Returns undefined for a message with no words at all. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const words = splitWords(text);
  const first = words.shift();
  if (first === undefined) return undefined;

  const name = first.replace(/^\//, '').toLowerCase();
  if (name === '') return undefined;
  return { name, args: words, word: first };
}

/** Splits on separators, honouring quotes; an unclosed quote runs to the end. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;

  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quote !== undefined) {
      if (char === '\\' && i + 1 < text.length) {
        current += text[++i];
      } else if (char === quote) {
        quote = undefined;
      } else {
        current += char;
      }
      continue;
    }

    const closing = inWord ? undefined : CLOSING_QUOTE[char];
    if (closing !== undefined) {
      quote = closing;
      inWord = true;
    } else if (SEPARATOR.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }

  if (inWord) words.push(current);
  return words;
}
