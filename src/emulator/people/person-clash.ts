/**
 * A sandbox person's identifiers are unique, as in a Webex organization:
 * no two people share an email, an extension or a phone number.
 */

/** The identifiers a person is reached by. */
export interface PersonIdentifiers {
  email: string;
  extension?: string | null | undefined;
  phoneNumber?: string | null | undefined;
}

/** Which identifier of a newcomer someone already has, and who. */
export interface PersonClash {
  field: 'email' | 'extension' | 'phoneNumber';
  value: string;
  holder: string;
}

const LABELS: Record<PersonClash['field'], string> = {
  email: 'the email',
  extension: 'extension',
  phoneNumber: 'the phone number',
};

/** The first identifier of `candidate` that one of `people` holds. */
export function findPersonClash(
  people: Iterable<PersonIdentifiers>,
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

/** e.g. "extension 1001 already belongs to alice@example.com". */
export function describeClash(clash: PersonClash): string {
  return `${LABELS[clash.field]} ${clash.value} already belongs to ${clash.holder}`;
}
