import type { PersonRecord } from '../emulator-state.ts';

/**
 * A phone number as Webex's people API shows it: a North American number
 * spaced like the real samples ("+1 555 555 0100"), others as stored.
 * Call parties keep plain digits.
 */
export function displayPhoneNumber(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}` : e164;
}

/**
 * A person as Webex's `Person` schema shows it, keys in the order of the
 * real `people/me` sample. As in that sample, `phoneNumbers` lists the
 * work number and the extension is its own field.
 */
export function personJson(person: PersonRecord): Record<string, unknown> {
  const phoneNumbers =
    person.phoneNumber === null
      ? []
      : [
          {
            type: 'work',
            value: displayPhoneNumber(person.phoneNumber),
            primary: true,
          },
        ];
  return {
    id: person.id,
    emails: [person.email],
    ...(phoneNumbers.length > 0 ? { phoneNumbers } : {}),
    ...(person.extension === null ? {} : { extension: person.extension }),
    locationId: person.locationId,
    displayName: person.displayName,
    nickName: person.firstName || person.displayName,
    firstName: person.firstName,
    lastName: person.lastName,
    orgId: person.orgId,
    created: person.created,
    lastModified: person.created,
    timezone: 'UTC',
    lastActivity: person.created,
    status: 'active',
    type: person.type,
  };
}
