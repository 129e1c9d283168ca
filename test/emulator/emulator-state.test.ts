import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createEmulator,
  type Emulator,
} from '../../src/emulator/create-emulator.ts';
import { EmulatorState } from '../../src/emulator/emulator-state.ts';
import {
  defaultSeed,
  parseSeed,
  type SeedPerson,
} from '../../src/emulator/seed.ts';
import { call } from './emulator-fixture.ts';

const COUNT = 20_000;

/** Person `i` of a large sandbox, every identifier unique. */
function person(i: number): SeedPerson {
  const tag = String(i).padStart(7, '0');
  return {
    displayName: `Many Person ${i}`,
    email: `m${i}@many.example.com`,
    extension: String(100_000 + i),
    phoneNumber: `+1555${tag}`,
    accessToken: `many-person-token-${tag}-0000000000`,
  };
}

function manyPeople(): SeedPerson[] {
  return [
    ...defaultSeed().people,
    ...Array.from({ length: COUNT }, (_, i) => person(i)),
  ];
}

describe('a sandbox of 20,000 people', () => {
  const state = new EmulatorState(() => Date.parse('2026-01-05T10:00:00Z'));
  const last = person(COUNT - 1);

  before(() => state.load(parseSeed({ people: manyPeople() })));

  it('finds anyone by email, extension, phone or national number', () => {
    const found = state.findPersonByEmail(` ${last.email.toUpperCase()} `);
    assert.equal(found?.displayName, last.displayName);

    assert.equal(state.findPersonByNumber(last.extension ?? ''), found);
    assert.equal(state.findPersonByNumber(last.phoneNumber ?? ''), found);
    assert.equal(state.findPersonByNumber('tel:555 001-9999'), found);
    assert.equal(state.findPersonByEmail('nobody@many.example.com'), undefined);
    assert.equal(state.findPersonByNumber('+15550020000'), undefined);
  });

  it('knows the personal token of each person', () => {
    const byToken = new Map(
      manyPeople().map((seeded) => [seeded.accessToken, seeded.email]),
    );
    for (const someone of state.people.values()) {
      const token = state.personalTokenOf(someone.id) ?? '';
      assert.equal(byToken.get(token), someone.email);
      assert.equal(state.accessTokens.get(token)?.personId, someone.id);
    }
  });

  it('names the holder of an identifier a newcomer asks for', () => {
    const clash = state.findPersonClash({
      email: 'new@many.example.com',
      phoneNumber: person(12_345).phoneNumber,
      extension: person(17_000).extension,
    });
    assert.deepEqual(clash, {
      field: 'phoneNumber',
      value: '+15550012345',
      holder: 'm12345@many.example.com',
    });
  });

  it('keeps one 1:1 room per pair of people', () => {
    const [a, b] = [...state.people.keys()].slice(-2) as [string, string];
    const room = state.directRoom(a, b);

    assert.equal(state.directRoom(b, a), room);
    assert.notEqual(state.directRoom(a, a), room);
    assert.deepEqual(state.directRoom(a, a).memberIds, [a]);
  });

  it('forgets people and tokens added since the seed when reloaded', () => {
    const { person: added, accessToken } = state.addPerson({
      displayName: 'Late Comer',
      email: 'late@many.example.com',
      extension: '9999',
    });
    assert.equal(state.findPersonByNumber('9999'), added);

    state.load(parseSeed({ people: manyPeople() }));

    assert.equal(state.findPersonByEmail('late@many.example.com'), undefined);
    assert.equal(state.findPersonByNumber('9999'), undefined);
    assert.equal(state.personalTokenOf(added.id), undefined);
    assert.equal(state.accessTokens.get(accessToken), undefined);
    assert.equal(state.people.size, COUNT + defaultSeed().people.length);
  });
});

describe('a seed of 20,000 people', () => {
  it('refuses a latecomer with an extension someone early has', () => {
    const people = manyPeople();
    people.push({ ...person(COUNT), extension: person(3).extension });

    assert.throws(
      () => parseSeed({ people }),
      new Error(
        'Invalid emulator seed: extension 100003 already belongs to m3@many.example.com',
      ),
    );
  });

  it('names the earliest holder when identifiers clash with several people', () => {
    const people = manyPeople();
    people.push({
      ...person(COUNT - 1),
      email: person(19_000).email.toUpperCase(),
      phoneNumber: person(42).phoneNumber,
    });

    assert.throws(
      () => parseSeed({ people }),
      new Error(
        'Invalid emulator seed: the phone number +15550000042 already belongs to m42@many.example.com',
      ),
    );
  });
});

describe('an emulator seeded with 20,000 people', () => {
  let emulator: Emulator;
  const last = person(COUNT - 1);

  before(async () => {
    emulator = await createEmulator({ seed: { people: manyPeople() } });
  });
  after(() => emulator.close());

  it('serves the last person by token and by email', async () => {
    const me = await call(`${emulator.apiUrl}/people/me`, {
      token: last.accessToken ?? '',
    });
    assert.equal(me.body.emails[0], last.email);

    const listed = await call(
      `${emulator.apiUrl}/people?email=${encodeURIComponent(last.email)}`,
      { token: last.accessToken ?? '' },
    );
    assert.deepEqual(
      listed.body.items.map((item: { id: string }) => item.id),
      [me.body.id],
    );
  });

  it('refuses to add someone with the phone number of the last person', async () => {
    const response = await call(`${emulator.url}/_sandbox/people`, {
      method: 'POST',
      body: {
        displayName: 'Mallory',
        email: 'mallory@example.com',
        phoneNumber: last.phoneNumber,
      },
    });

    assert.equal(response.status, 409);
    assert.match(
      response.body.message,
      /the phone number \+15550019999 already belongs to m19999@many/,
    );
  });
});
