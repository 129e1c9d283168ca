/**
 * Reads what a person types as a call destination and returns what the
 * Webex call-control API accepts: digits (an extension, a number, a
 * feature code like *73), a `tel:` or `sip:` URI, or an email address.
 * Phone punctuation (spaces, dashes, dots, brackets) is dropped.
 */
import { DestinationError } from './errors.ts';

export type DestinationKind = 'extension' | 'number' | 'uri' | 'email';

export interface Destination {
  kind: DestinationKind;
  /** The form sent to Webex. */
  value: string;
}

const EMAIL = /^[^\s@:]+@[^\s@]+\.[^\s@]+$/;
const SIP_URI = /^sips?:[^\s@]+@[^\s@]+$/i;
const DIGITS = /^\+?[0-9*#]+$/;
const PHONE_PUNCTUATION = /[\s\-.()/]/g;
const EXAMPLES =
  'for example 1001, +15555550101, tel:+15555550101 or bob@example.com';

export function parseDestination(input: string): Destination {
  const raw = input.trim();
  if (raw === '') {
    throw new DestinationError(`Say where to call, ${EXAMPLES}.`);
  }

  if (/^tel:/i.test(raw)) {
    const digits = raw.slice(4).replace(PHONE_PUNCTUATION, '');
    if (!DIGITS.test(digits) || countDigits(digits) === 0) {
      throw new DestinationError(
        `“${raw}” is not a valid tel: URI: after “tel:” put a phone number, like tel:+15555550101.`,
      );
    }
    return { kind: 'uri', value: `tel:${digits}` };
  }
  if (/^sips?:/i.test(raw)) {
    if (!SIP_URI.test(raw)) {
      throw new DestinationError(
        `“${raw}” is not a valid SIP URI: write it as sip:user@domain.`,
      );
    }
    return { kind: 'uri', value: raw };
  }
  if (raw.includes('@')) {
    if (!EMAIL.test(raw)) {
      throw new DestinationError(
        `“${raw}” does not look like an email address (name@domain.com).`,
      );
    }
    return { kind: 'email', value: raw };
  }

  return parseDigits(raw);
}

function parseDigits(raw: string): Destination {
  const value = raw.replace(PHONE_PUNCTUATION, '');
  if (!DIGITS.test(value) || countDigits(value) === 0) {
    throw new DestinationError(
      `“${raw}” is not a number, extension, tel: or sip: URI or email address; use ${EXAMPLES}.`,
    );
  }

  const digits = countDigits(value);
  if (digits > 15) {
    throw new DestinationError(
      `“${raw}” has ${digits} digits, more than any phone number (15 at most).`,
    );
  }
  const isNumber = value.startsWith('+') || digits >= 7;
  return { kind: isNumber ? 'number' : 'extension', value };
}

function countDigits(value: string): number {
  return value.replace(/[^0-9]/g, '').length;
}
