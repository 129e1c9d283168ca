/** PartyInformation for people and numbers, and destination lookup. */
import type { EmulatorCore, SandboxPerson } from '../contract.ts';
import type { Party, Target } from './call-types.ts';

/** How `viewer` sees `person` on a call. */
export function partyOfPerson(
  person: SandboxPerson,
  viewer: SandboxPerson | undefined,
): Party {
  const number = person.extension ?? person.phoneNumber;
  return {
    name: person.displayName,
    ...(number === null ? {} : { number }),
    personId: person.id,
    privacyEnabled: false,
    callType:
      viewer === undefined || viewer.locationId === person.locationId
        ? 'location'
        : 'organization',
  };
}

/** An outside party; a private one shows neither name nor number. */
export function externalParty(
  number: string,
  name?: string,
  isPrivate = false,
): Party {
  if (isPrivate) return { privacyEnabled: true, callType: 'external' };
  return {
    ...(name === undefined ? {} : { name }),
    number,
    privacyEnabled: false,
    callType: 'external',
  };
}

/**
 * Resolves a destination as Webex accepts it (`1234`, `+12223334444`,
 * `tel:+1…`, `user@domain`, `sip:user@domain`) to a sandbox person with a
 * line, or else to an outside number.
 */
export function resolveDestination(
  core: EmulatorCore,
  destination: string,
): Target {
  const trimmed = destination.trim();
  const person = trimmed.includes('@')
    ? core.findPersonByEmail(trimmed.replace(/^sip:/i, ''))
    : core.findPersonByNumber(trimmed.replace(/^tel:/i, ''));
  if (person !== undefined && person.type === 'person') {
    return { kind: 'person', person };
  }
  return { kind: 'external', party: externalParty(trimmed) };
}

export function partyOfTarget(
  target: Target,
  viewer: SandboxPerson | undefined,
): Party {
  if (target.kind === 'external') return target.party;
  const person = target.kind === 'person' ? target.person : target.owner;
  return partyOfPerson(person, viewer);
}
