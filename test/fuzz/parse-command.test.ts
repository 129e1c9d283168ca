/**
 * The command parser and the mention reader against any text a chat
 * client could send: unicode, control characters, stray quotes and
 * backslashes, very long lines. They answer, they never throw.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../src/bot/commands/parse-command.ts';
import { commandAfterMention } from '../../src/bot/intake/command-text.ts';
import fc from '../helpers/fast-check.ts';

const BOT_ID = Buffer.from(
  'ciscospark://us/PEOPLE/0f9a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
).toString('base64url');

/** Text as people type it and as clients mangle it. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(
      ' ',
      '\t',
      '\n',
      '\u00a0',
      '\u2003',
      '"',
      "'",
      '\u201c',
      '\u201d',
      '\u2018',
      '\u2019',
      '\\',
      '/',
      'a',
      'É',
      '\u0000',
      '\u001b',
      '\ud83d\ude00',
      '\ud800',
    ),
    maxLength: 200,
  }),
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 20_000 }))
    .map(([piece, times]) => piece.repeat(times).slice(0, 100_000)),
);

const spaces = fc.string({
  unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000'),
  maxLength: 5,
});

/** `/help` in any case, slash or not, with any surrounding whitespace. */
const helpVariant = fc
  .tuple(
    spaces,
    fc.boolean(),
    fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    spaces,
    fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 3 }),
  )
  .map(([before, slash, upper, gap, args]) => {
    const name = [...'help']
      .map((char, i) => (upper[i] ? char.toUpperCase() : char))
      .join('');
    const tail = args.length === 0 ? '' : ` ${args.join(' ')}`;
    return `${before}${slash ? '/' : ''}${name}${tail}${gap}`;
  });

describe('parseCommand on any input', () => {
  it('returns a command or undefined, never throws', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseCommand(text);
        if (parsed === undefined) return;
        assert.equal(typeof parsed.name, 'string');
        assert.notEqual(parsed.name, '');
        assert.equal(parsed.name, parsed.name.toLowerCase());
        // One leading slash is the command mark; a name keeps a second.
        assert.ok(!parsed.name.startsWith('/') || parsed.word.startsWith('//'));
        assert.ok(parsed.args.every((arg) => typeof arg === 'string'));
      }),
      { numRuns: 400 },
    );
  });

  it('treats whitespace-only text as no command', () => {
    fc.assert(
      fc.property(spaces, (text) => {
        assert.equal(parseCommand(text), undefined);
      }),
      { numRuns: 50 },
    );
  });

  it('parses every /help variant to help, keeping its arguments', () => {
    fc.assert(
      fc.property(helpVariant, (text) => {
        const parsed = parseCommand(text);
        assert.equal(parsed?.name, 'help');
        const words = text.trim().split(/\s+/).slice(1);
        assert.deepEqual(parsed?.args, words);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a mention of the bot before /help', () => {
  const mention = (id: string, label: string) =>
    `<spark-mention data-object-type="person" data-object-id="${id}">` +
    `${label}</spark-mention>`;

  it('reads help after the mention, whatever the label and spacing', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z ]{0,20}$/),
        spaces,
        helpVariant,
        fc.boolean(),
        (label, gap, help, wrapped) => {
          const body = `${mention(BOT_ID, label)}${gap} ${help}`;
          const html = wrapped ? `<p>${body}</p>` : body;
          assert.equal(
            parseCommand(commandAfterMention(html, BOT_ID) ?? '')?.name,
            'help',
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('ignores html mentioning someone else, and never throws on broken markup', () => {
    const other = Buffer.from(
      'ciscospark://us/PEOPLE/11111111-2222-3333-4444-555555555555',
    ).toString('base64url');
    const broken = fc.constantFrom(
      '<spark-mention',
      `<spark-mention data-object-id="${BOT_ID}">`,
      `<spark-mention data-object-id="${BOT_ID}>/help</spark-mention>`,
      '</spark-mention>',
      '<spark-mention data-object-id=>x</spark-mention>',
      '&#x110000;&#0;&amp',
      '<p><br><',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(broken, anyText, fc.constant(mention(other, 'B'))), {
          maxLength: 6,
        }),
        (parts) => {
          const html = parts.join('');
          const text = commandAfterMention(html, BOT_ID);
          if (!html.includes(`data-object-id="${BOT_ID}"`)) {
            assert.equal(text, undefined);
          }
          if (text !== undefined) parseCommand(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
