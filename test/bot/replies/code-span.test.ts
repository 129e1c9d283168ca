import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { marked } from 'marked';
import { codeSpan, quoteWritten } from '../../../src/bot/replies/code-span.ts';

const rendered = (markdown: string) =>
  String(marked.parseInline(markdown)).trim();

describe('codeSpan', () => {
  it('shows markup and angle brackets as written', () => {
    assert.equal(
      rendered(codeSpan('/dial <destination>')),
      '<code>/dial &lt;destination&gt;</code>',
    );
    assert.equal(rendered(codeSpan('**bold**')), '<code>**bold**</code>');
  });

  it('survives backticks inside the text', () => {
    assert.equal(rendered(codeSpan('a`b')), '<code>a`b</code>');
    assert.equal(rendered(codeSpan('`x`')), '<code>`x`</code>');
  });
});

describe('quoteWritten', () => {
  it('cuts a long word to 40 characters and an ellipsis', () => {
    const quoted = quoteWritten(`/${'x'.repeat(7400)}`);
    assert.equal(quoted, `\`/${'x'.repeat(39)}…\``);
  });

  it('never splits a character made of two UTF-16 units', () => {
    const quoted = quoteWritten('😀'.repeat(50));
    assert.equal(quoted, `\`${'😀'.repeat(40)}…\``);
  });

  it('leaves a short word whole', () => {
    assert.equal(quoteWritten('hello'), '`hello`');
  });
});
