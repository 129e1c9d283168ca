import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_MESSAGE_BYTES,
  splitMessage,
} from '../../../src/bot/replies/split-message.ts';
import fc from '../../helpers/fast-check.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('splitMessage', () => {
  it('returns a short message untouched', () => {
    assert.deepEqual(splitMessage('hello **you**'), ['hello **you**']);
  });

  it('prefers blank lines, then line ends', () => {
    const paragraph = 'a'.repeat(30);
    const parts = splitMessage(`${paragraph}\n\n${paragraph}`, 40);
    assert.deepEqual(parts, [paragraph, paragraph]);

    const lines = splitMessage(`${'b'.repeat(30)}\n${'c'.repeat(30)}`, 40);
    assert.deepEqual(lines, ['b'.repeat(30), 'c'.repeat(30)]);
  });

  it('keeps a fenced code block whole when it fits', () => {
    const code = '```\nline one\n\nline two\n```';
    const text = `${'x'.repeat(20)}\n\n${code}\n\n${'y'.repeat(20)}`;
    const parts = splitMessage(text, 40);
    assert.ok(parts.includes(code), JSON.stringify(parts));
  });

  it('re-fences each part of a code block too long for one message', () => {
    const body = Array.from({ length: 40 }, (_, i) => `row ${i}`);
    const parts = splitMessage(`\`\`\`js\n${body.join('\n')}\n\`\`\``, 80);
    assert.ok(parts.length > 1);
    for (const part of parts) {
      assert.ok(part.startsWith('```js\n') && part.endsWith('\n```'), part);
      assert.ok(bytes(part) <= 80);
    }
    const rows = parts.flatMap((part) => part.split('\n').slice(1, -1));
    assert.deepEqual(rows, body);
  });

  it('never cuts an emoji or a multibyte character', () => {
    const family = '👨‍👩‍👧‍👦';
    const text = `${'é'.repeat(13)}${family.repeat(10)}`;
    const parts = splitMessage(text, 30);
    assert.equal(parts.join(''), text);
    for (const part of parts) {
      assert.ok(bytes(part) <= 30);
      assert.ok(!part.includes('\uFFFD'));
      assert.equal(Buffer.from(part, 'utf8').toString('utf8'), part);
    }
    assert.ok(parts.slice(1).every((part) => part.startsWith(family)));
  });

  it('uses the Webex limit by default', () => {
    const text = `${'a'.repeat(5000)}\n\n${'b'.repeat(5000)}`;
    const parts = splitMessage(text);
    assert.equal(parts.length, 2);
    assert.ok(parts.every((part) => bytes(part) <= MAX_MESSAGE_BYTES));
  });

  it('keeps every part within the limit and loses no word', () => {
    const word = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      fc.constantFrom('\n', '\n\n', '😀', 'ñ'),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 80 }), (words) => {
        const text = words.join(' ').replaceAll('`', '');
        const parts = splitMessage(text, 64);
        for (const part of parts) assert.ok(bytes(part) <= 64, part);
        const squash = (value: string) => value.replace(/\s/g, '');
        assert.equal(squash(parts.join('')), squash(text));
      }),
    );
  });

  it('keeps every part within the limit around code fences', () => {
    const word = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      fc.constantFrom('\n', '\n\n', '```', '\n```js\n', '\n```\n'),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 80 }), (words) => {
        const parts = splitMessage(words.join(' '), 48);
        for (const part of parts) assert.ok(bytes(part) <= 48, part);
      }),
    );
  });
});
