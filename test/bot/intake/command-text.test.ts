import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandAfterMention } from '../../../src/bot/intake/command-text.ts';

const uuid = '0b1d2c3e-0000-4000-8000-00000000b07a';
const botId = Buffer.from(`ciscospark://us/PEOPLE/${uuid}`).toString(
  'base64url',
);
const mention = (id: string, name: string) =>
  `<spark-mention data-object-type="person" data-object-id="${id}">${name}</spark-mention>`;

describe('commandAfterMention', () => {
  it('takes the text after the mention of the bot', () => {
    const html = `<p>${mention(botId, 'Call Control')} /dial &quot;+1 555&quot; &amp; more</p>`;
    assert.equal(commandAfterMention(html, botId), '/dial "+1 555" & more');
  });

  it('finds the bot by the UUID its id encodes', () => {
    const html = `<p>${mention(uuid, 'CC')} help</p>`;
    assert.equal(commandAfterMention(html, botId), 'help');
  });

  it('ignores mentions of other people, keeping their names as text', () => {
    const html = `<p>${mention('b0b', 'Bob')} and ${mention(botId, 'Bot')} transfer ${mention('b0b', 'Bob')}</p>`;
    assert.equal(commandAfterMention(html, botId), 'transfer Bob');
    assert.equal(
      commandAfterMention(`<p>${mention('b0b', 'Bob')} /help</p>`, botId),
      undefined,
    );
  });

  it('does not match on the display name', () => {
    assert.equal(
      commandAfterMention('<p>Call Control /help</p>', botId),
      undefined,
    );
    assert.equal(commandAfterMention(undefined, botId), undefined);
  });
});
