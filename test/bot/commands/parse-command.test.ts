import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../../src/bot/commands/parse-command.ts';

describe('parseCommand', () => {
  it('reads a slash command and its arguments', () => {
    assert.deepEqual(parseCommand('/dial 1234'), {
      name: 'dial',
      args: ['1234'],
    });
  });

  it('accepts a command without the slash, in any case', () => {
    assert.deepEqual(parseCommand('  HeLp  '), { name: 'help', args: [] });
    assert.deepEqual(parseCommand('/AUTH Force'), {
      name: 'auth',
      args: ['Force'],
    });
  });

  it('groups quoted words into one argument', () => {
    assert.deepEqual(
      parseCommand(`/transfer "+1 555 0101" 'two words' “smart quotes”`),
      { name: 'transfer', args: ['+1 555 0101', 'two words', 'smart quotes'] },
    );
    assert.deepEqual(parseCommand('/x "a \\" b" ""'), {
      name: 'x',
      args: ['a " b', ''],
    });
  });

  it('leaves an apostrophe inside a word alone', () => {
    assert.deepEqual(parseCommand("/dial O'Brien"), {
      name: 'dial',
      args: ["O'Brien"],
    });
  });

  it('returns nothing for an empty message or a lone slash', () => {
    assert.equal(parseCommand('   '), undefined);
    assert.equal(parseCommand('/'), undefined);
  });
});
