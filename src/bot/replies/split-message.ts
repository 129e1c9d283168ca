/**
 * Webex refuses a message over 7439 bytes, so long replies go out in
 * parts. Parts break at blank lines when possible, then at line ends,
 * then between words, and only as a last resort between characters;
 * never inside a UTF-8 sequence or a grapheme (an emoji with its
 * modifiers stays whole). A fenced code block is kept whole when it
 * fits; a longer one is cut at line ends and each part re-fenced so
 * every message renders on its own.
 */

/** Webex's documented maximum for `text` and `markdown`. */
export const MAX_MESSAGE_BYTES = 7439;

/** A run of text and what joins it to the run before it. */
interface Piece {
  text: string;
  joiner: string;
}

const FENCE = /^\s*(`{3,}|~{3,})/;
/** What may follow an opening fence for the block to be re-fenced. */
const LANGUAGE = /^[\w+#.-]{0,20}$/;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Splits `markdown` into messages of at most `maxBytes` UTF-8 bytes. */
export function splitMessage(
  markdown: string,
  maxBytes = MAX_MESSAGE_BYTES,
): string[] {
  if (!Number.isInteger(maxBytes) || maxBytes < 16) {
    throw new RangeError(`maxBytes must be an integer >= 16: ${maxBytes}`);
  }
  if (byteLength(markdown) <= maxBytes) return [markdown];

  const pieces: Piece[] = [];
  for (const paragraph of paragraphs(markdown)) {
    const parts =
      byteLength(paragraph) <= maxBytes
        ? [{ text: paragraph, joiner: '' }]
        : splitParagraph(paragraph, maxBytes);
    parts.forEach((part, index) => {
      pieces.push(index === 0 ? { ...part, joiner: '\n\n' } : part);
    });
  }
  return pack(pieces, maxBytes);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Greedily fills each message with whole pieces. */
function pack(pieces: Piece[], maxBytes: number): string[] {
  const messages: string[] = [];
  let current = '';
  let currentBytes = 0;

  for (const piece of pieces) {
    const pieceBytes = byteLength(piece.text);
    const joinedBytes = currentBytes + byteLength(piece.joiner) + pieceBytes;
    if (current !== '' && joinedBytes <= maxBytes) {
      current += piece.joiner + piece.text;
      currentBytes = joinedBytes;
      continue;
    }
    if (current !== '') messages.push(current);
    current = piece.text;
    currentBytes = pieceBytes;
  }

  if (current !== '') messages.push(current);
  return messages;
}

/** Blocks separated by blank lines; blank lines inside a fence don't count. */
function paragraphs(markdown: string): string[] {
  const blocks: string[] = [];
  let lines: string[] = [];
  let fence: string | undefined;

  for (const line of markdown.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) fence = marker;
    else if (fence !== undefined && marker?.startsWith(fence))
      fence = undefined;

    if (fence === undefined && line.trim() === '') {
      if (lines.length > 0) blocks.push(lines.join('\n'));
      lines = [];
    } else {
      lines.push(line);
    }
  }

  if (lines.length > 0) blocks.push(lines.join('\n'));
  return blocks;
}

/** Cuts an oversized paragraph at line ends, keeping fences whole. */
function splitParagraph(paragraph: string, maxBytes: number): Piece[] {
  const pieces: Piece[] = [];
  for (const unit of lineUnits(paragraph)) {
    const parts =
      byteLength(unit.text) <= maxBytes
        ? [{ text: unit.text, joiner: '' }]
        : unit.fence === undefined
          ? splitLine(unit.text, maxBytes)
          : splitFenced(unit.text, unit.fence, maxBytes);
    parts.forEach((part, index) => {
      pieces.push(index === 0 ? { ...part, joiner: '\n' } : part);
    });
  }
  return pieces;
}

interface LineUnit {
  text: string;
  /** The opening marker when the unit is a fenced code block. */
  fence?: string;
}

/** Single lines, except that a fenced block forms one unit. */
function lineUnits(paragraph: string): LineUnit[] {
  const units: LineUnit[] = [];
  let block: string[] | undefined;
  let fence = '';

  for (const line of paragraph.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (block !== undefined) {
      block.push(line);
      if (marker?.startsWith(fence)) {
        units.push({ text: block.join('\n'), fence });
        block = undefined;
      }
    } else if (marker !== undefined) {
      block = [line];
      fence = marker;
    } else {
      units.push({ text: line });
    }
  }

  if (block !== undefined) units.push({ text: block.join('\n'), fence });
  return units;
}

/**
 * A code block too long for one message: each part gets its own fences.
 * An opening line with more than a language name is treated as text.
 */
function splitFenced(block: string, fence: string, maxBytes: number): Piece[] {
  const lines = block.split('\n');
  const opening = lines[0]?.trim() ?? fence;
  const room = maxBytes - byteLength(`${opening}\n\n${fence}`);
  if (!LANGUAGE.test(opening.slice(fence.length)) || room < 8) {
    return lines.flatMap((line, index) =>
      splitLine(line, maxBytes).map((part, partIndex) =>
        partIndex === 0 && index > 0 ? { ...part, joiner: '\n' } : part,
      ),
    );
  }

  lines.shift();
  if (lines.at(-1)?.trim().startsWith(fence)) lines.pop();
  const bodyPieces = lines.flatMap((line, index) =>
    splitText(line, room, '').map((part, partIndex) =>
      partIndex === 0 && index > 0 ? { ...part, joiner: '\n' } : part,
    ),
  );

  return pack(bodyPieces, room).map((body) => ({
    text: `${opening}\n${body}\n${fence}`,
    joiner: '\n',
  }));
}

/** A line too long for one message: between words, else characters. */
function splitLine(line: string, maxBytes: number): Piece[] {
  return line.split(' ').flatMap((word, index) => {
    const joiner = index === 0 ? '' : ' ';
    if (byteLength(word) <= maxBytes) return [{ text: word, joiner }];
    const parts = splitText(word, maxBytes, '');
    return parts.map((part, partIndex) =>
      partIndex === 0 ? { ...part, joiner } : part,
    );
  });
}

/** Whole graphemes (whole code points for a monstrous one) per piece. */
function splitText(text: string, maxBytes: number, joiner: string): Piece[] {
  const pieces: Piece[] = [];
  for (const { segment } of graphemes.segment(text)) {
    const units = byteLength(segment) <= maxBytes ? [segment] : [...segment];
    for (const unit of units) pieces.push({ text: unit, joiner });
  }
  return pack(pieces, maxBytes).map((text) => ({ text, joiner }));
}
