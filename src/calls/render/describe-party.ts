/**
 * How a remote party reads in a sentence. Webex leaves out name and
 * number when privacy is on, and either may be missing on its own.
 */
import type {
  PartyInformation,
  Redirection,
} from '../../webex/telephony-types.ts';

/** "Bob Caller (+15555550199)", "Bob Caller", "+15555550199" or generic. */
export function describeParty(
  party: Partial<PartyInformation> | undefined,
  privateLabel = 'a private number',
): string {
  const name = clean(party?.name);
  const number = clean(party?.number);

  if (name !== undefined && number !== undefined && name !== number) {
    return `${name} (${number})`;
  }
  const either = name ?? number;
  if (either !== undefined) return either;
  return party?.privacyEnabled === true ? privateLabel : 'an unknown party';
}

/** Only the name when there is one: for short phrases like queue names. */
export function partyName(
  party: Partial<PartyInformation> | undefined,
): string {
  return clean(party?.name) ?? describeParty(party);
}

/**
 * How the call reached the person, from the most recent redirection:
 * "through the call queue Sales Queue". Undefined without redirection.
 */
export function describeRedirection(
  redirections: readonly Redirection[] | undefined,
): string | undefined {
  const latest = redirections?.[0];
  if (latest === undefined) return undefined;

  const by = partyName(latest.redirectingParty);
  switch (latest.reason) {
    case 'callQueue':
      return `through the call queue ${by}`;
    case 'huntGroup':
      return `through the hunt group ${by}`;
    case 'busy':
      return `forwarded by ${by}, who was busy`;
    case 'noAnswer':
      return `forwarded by ${by}, who did not answer`;
    case 'unavailable':
      return `forwarded by ${by}, who was unavailable`;
    case 'unconditional':
      return `forwarded by ${by}`;
    case 'timeOfDay':
      return `forwarded by ${by} on a time-of-day schedule`;
    case 'divert':
      return `diverted by ${by}`;
    case 'followMe':
      return `through the follow-me of ${by}`;
    default:
      return `redirected by ${by}`;
  }
}

function clean(value: string | undefined): string | undefined {
  // Queue calls carry names padded like "Sales Queue  -  Bob Caller".
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  if (trimmed === undefined || trimmed === '') return undefined;
  // Names come from callers: they must not turn into markdown.
  return trimmed.replace(/[\\`*_~[\]<>]/g, '\\$&');
}
