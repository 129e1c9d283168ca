import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  PersonClash,
  PersonIdentifiers,
} from '../../../src/emulator/people/person-clash.ts';
import { PersonIndex } from '../../../src/emulator/people/person-index.ts';
import fc from '../../helpers/fast-check.ts';

/** The scan the index stands for: the first person in order that matches. */
function scanForClash(
  people: PersonIdentifiers[],
  candidate: PersonIdentifiers,
): PersonClash | undefined {
  const email = candidate.email.trim().toLowerCase();
  for (const person of people) {
    const holder = person.email.toLowerCase();
    if (holder === email) return { field: 'email', value: email, holder };
    for (const field of ['extension', 'phoneNumber'] as const) {
      const value = candidate[field];
      if (value && person[field] === value) return { field, value, holder };
    }
  }
  return undefined;
}

function scanForNumber(
  people: PersonIdentifiers[],
  number: string,
): PersonIdentifiers | undefined {
  const cleaned = number
    .trim()
    .replace(/^(tel|sip):/i, '')
    .replace(/[\s().-]/g, '');
  if (cleaned === '') return undefined;
  const digits = cleaned.replace(/^\+/, '');
  return people.find((person) => {
    if (person.extension && person.extension === cleaned) return true;
    if (!person.phoneNumber) return false;
    const own = person.phoneNumber.replace(/^\+/, '');
    return own === digits || (digits.length >= 7 && own.endsWith(digits));
  });
}

// Few distinct values, so that people often share them.
const emails = fc.constantFrom('a@x.com', 'A@x.com', 'b@x.com', 'c@y.org');
const extensions = fc.option(fc.constantFrom('10', '1001', '5550101'), {
  nil: null,
});
const phoneNumbers = fc.option(
  fc.constantFrom('+15555550101', '+445555550101', '+1555010', '+5550101'),
  { nil: null },
);
const someone = fc.record({
  email: emails,
  extension: extensions,
  phoneNumber: phoneNumbers,
});
const dialed = fc.constantFrom(
  '1001',
  ' 5550101 ',
  '5555550101',
  'tel:+1 (555) 555-0101',
  '555-0101',
  '+1555010',
  '1555010',
  '10',
  '+',
  '',
);

function indexOf(people: PersonIdentifiers[]): PersonIndex<PersonIdentifiers> {
  const index = new PersonIndex<PersonIdentifiers>();
  for (const person of people) index.add(person);
  return index;
}

describe('PersonIndex', () => {
  it('reports the same clash as a scan of everyone in order', () => {
    fc.assert(
      fc.property(fc.array(someone, { maxLength: 8 }), someone, (people, c) => {
        assert.deepEqual(indexOf(people).findClash(c), scanForClash(people, c));
      }),
    );
  });

  it('reaches the same person by a dialed number as a scan would', () => {
    fc.assert(
      fc.property(fc.array(someone, { maxLength: 8 }), dialed, (people, n) => {
        assert.equal(
          indexOf(people).byDialedNumber(n),
          scanForNumber(people, n),
        );
      }),
    );
  });

  it('finds the first person with an email, in any case, trimmed', () => {
    const first = { email: 'Alice@Example.com' };
    const index = indexOf([first, { email: 'alice@example.com' }]);

    assert.equal(index.byEmailAddress('  ALICE@example.COM '), first);
    assert.equal(index.byEmailAddress('bob@example.com'), undefined);
  });

  it('forgets everyone when cleared', () => {
    const index = indexOf([
      { email: 'a@x.com', extension: '1001', phoneNumber: '+15555550101' },
    ]);
    index.clear();

    assert.equal(index.byEmailAddress('a@x.com'), undefined);
    assert.equal(index.byDialedNumber('1001'), undefined);
    assert.equal(index.findClash({ email: 'a@x.com' }), undefined);
  });
});
