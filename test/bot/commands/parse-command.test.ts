import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../../src/bot/commands/parse-command.ts';

describe('parseCommand', () => {
  it('reads a slash command and its arguments', () => {
    assert.deepEqual(parseCommand('/dial 1234'), {
      name: 'dial',
      args: ['1234'],
      word: '/dial',
    });
  });

  it('accepts a command without the slash, in any case', () => {
    assert.deepEqual(parseCommand('  HeLp  '), {
      name: 'help',
      args: [],
      word: 'HeLp',
    });
    assert.deepEqual(parseCommand('/AUTH Force'), {
      name: 'auth',
      args: ['Force'],
      word: '/AUTH',
    });
  });

  it('groups quoted words into one argument', () => {
    assert.deepEqual(
      parseCommand(`/transfer "+1 555 0101" 'two words' “smart quotes”`),
      {
        name: 'transfer',
        args: ['+1 555 0101', 'two words', 'smart quotes'],
        word: '/transfer',
      },
    );
    assert.deepEqual(parseCommand('/x "a \\" b" ""'), {
      name: 'x',
      args: ['a " b', ''],
      word: '/x',
    });
  });

  it('leaves an apostrophe inside a word alone', () => {
    assert.deepEqual(parseCommand("/dial O'Brien"), {
      name: 'dial',
      args: ["O'Brien"],
      word: '/dial',
    });
  });

  it('trims zero-width spaces, word joiners and BOMs around words', () => {
    assert.deepEqual(parseCommand('\ufeff/calls\u200b'), {
      name: 'calls',
      args: [],
      word: '/calls',
    });
    assert.deepEqual(parseCommand('/dial\u2060 1234\u200b\u200b'), {
      name: 'dial',
      args: ['1234'],
      word: '/dial',
    });
    assert.equal(parseCommand('\u200b \u2060'), undefined);
  });

  it('keeps invisible characters inside quotes', () => {
    assert.deepEqual(parseCommand('/x "a\u200bb"')?.args, ['a\u200bb']);
  });

  it('returns nothing for an empty message or a lone slash', () => {
    assert.equal(parseCommand('   '), undefined);
    assert.equal(parseCommand('/'), undefined);
  });
});
