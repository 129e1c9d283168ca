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

/** e.g. "extension 1001 already belongs to alice@example.com". */
export function describeClash(clash: PersonClash): string {
  return `${LABELS[clash.field]} ${clash.value} already belongs to ${clash.holder}`;
}
