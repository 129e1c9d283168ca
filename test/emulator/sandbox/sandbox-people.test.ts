import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createEmulator,
  type Emulator,
} from '../../../src/emulator/create-emulator.ts';
import { defaultSeed, parseSeed } from '../../../src/emulator/seed.ts';
import { call } from '../emulator-fixture.ts';

describe('adding a sandbox person', () => {
  let emulator: Emulator;

  before(async () => {
    emulator = await createEmulator();
  });
  after(() => emulator.close());
  beforeEach(() => call(`${emulator.url}/_sandbox/reset`, { method: 'POST' }));

  function addPerson(body: Record<string, unknown>) {
    return call(`${emulator.url}/_sandbox/people`, { method: 'POST', body });
  }

  async function emails(): Promise<string[]> {
    const state = await call(`${emulator.url}/_sandbox/state`);
    return state.body.people.map((person: { email: string }) => person.email);
  }

  it('refuses an extension, phone number or email someone has, naming it', async () => {
    const clashes = [
      [{ extension: '1001' }, /extension 1001 .*alice@example\.com/],
      [{ phoneNumber: '+15555550102' }, /\+15555550102 .*bob@example\.com/],
      [{ email: 'Alice@Example.com' }, /alice@example\.com/],
    ] as const;
    for (const [identifiers, named] of clashes) {
      const response = await addPerson({
        displayName: 'Mallory',
        email: 'mallory@example.com',
        ...identifiers,
      });
      assert.equal(response.status, 409);
      assert.match(response.body.message, named);
      assert.match(response.body.errors[0].description, named);
      assert.equal(typeof response.body.trackingId, 'string');
    }
    assert.ok(!(await emails()).includes('mallory@example.com'));
  });

  it('keeps a display name with markup as it was given', async () => {
    const displayName = '<img src=x onerror=alert(1)>';
    const response = await addPerson({
      displayName,
      email: 'xss@example.com',
      extension: '1003',
    });
    assert.equal(response.status, 201);
    assert.equal(response.body.displayName, displayName);
  });

  it('refuses a display name over 256 characters or a bad or long email', async () => {
    const refused = [
      { displayName: 'x'.repeat(20_000), email: 'long@example.com' },
      { displayName: 'x'.repeat(257), email: 'long@example.com' },
      { displayName: '   ', email: 'blank@example.com' },
      { displayName: 'Bad', email: 'not an address' },
      {
        displayName: 'Long',
        email: `${'a'.repeat(64)}@${'b'.repeat(190)}.com`,
      },
    ];
    for (const body of refused) {
      const response = await addPerson(body);
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
      assert.match(response.body.message, /displayName|email/);
    }
    const longest = await addPerson({
      displayName: 'x'.repeat(256),
      email: 'longest@example.com',
    });
    assert.equal(longest.status, 201);
  });

  it('refuses a seed in which two people share an extension', () => {
    const seed = defaultSeed();
    const [bot, alice, bob] = seed.people;
    assert.ok(bot && alice && bob);
    assert.throws(
      () =>
        parseSeed({
          ...seed,
          people: [bot, alice, { ...bob, extension: '1001' }],
        }),
      /extension 1001 already belongs to alice@example\.com/,
    );
  });
});
