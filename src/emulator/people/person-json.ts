import type { PersonRecord } from '../emulator-state.ts';

/** A person as Webex's `Person` schema shows it, keys in Webex's order. */
export function personJson(person: PersonRecord): Record<string, unknown> {
  const phoneNumbers = [
    ...(person.phoneNumber === null
      ? []
      : [{ type: 'work', value: person.phoneNumber, primary: true }]),
    ...(person.extension === null
      ? []
      : [{ type: 'work_extension', value: person.extension, primary: false }]),
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
    status: 'active',
    type: person.type,
  };
}
