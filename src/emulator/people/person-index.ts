/**
 * Constant-time lookups of sandbox people by the identifiers they are
 * reached by (email, extension, phone number), so that a sandbox of
 * 100,000 people seeds in linear time and answers each lookup without a
 * scan.
 *
 * Every lookup answers as a scan of the people in the order they were added
 * would: when several people match, the one added first wins.
 */
import type { PersonClash, PersonIdentifiers } from './person-clash.ts';

interface Entry<T> {
  person: T;
  /** Position in the order of addition: the earliest match wins. */
  order: number;
}

/** How many trailing digits bucket phone numbers for dialing. */
const TAIL_DIGITS = 6;

export class PersonIndex<T extends PersonIdentifiers> {
  private readonly byEmail = new Map<string, Entry<T>>();
  private readonly byExtension = new Map<string, Entry<T>>();
  private readonly byPhoneNumber = new Map<string, Entry<T>>();
  /** Phone numbers by their last digits, to match a national number. */
  private readonly byPhoneTail = new Map<string, Entry<T>[]>();
  private added = 0;

  /** Indexes `person`; an identifier someone already has keeps them. */
  add(person: T): void {
    const entry = { person, order: this.added++ };
    keepFirst(this.byEmail, person.email.toLowerCase(), entry);
    if (person.extension) {
      keepFirst(this.byExtension, person.extension, entry);
    }
    if (person.phoneNumber) {
      keepFirst(this.byPhoneNumber, person.phoneNumber, entry);
      const tail = dialDigits(person.phoneNumber).slice(-TAIL_DIGITS);
      const bucket = this.byPhoneTail.get(tail);
      if (bucket) bucket.push(entry);
      else this.byPhoneTail.set(tail, [entry]);
    }
  }

  clear(): void {
    this.byEmail.clear();
    this.byExtension.clear();
    this.byPhoneNumber.clear();
    this.byPhoneTail.clear();
    this.added = 0;
  }

  /** The person with this email, in any case and with spaces around. */
  byEmailAddress(email: string): T | undefined {
    return this.byEmail.get(email.trim().toLowerCase())?.person;
  }

  /**
   * The first identifier of `candidate` that someone already has: of the
   * earliest such person, the email before the extension before the phone
   * number.
   */
  findClash(candidate: PersonIdentifiers): PersonClash | undefined {
    const email = candidate.email.trim().toLowerCase();
    const hits: [PersonClash['field'], string, Entry<T> | undefined][] = [
      ['email', email, this.byEmail.get(email)],
    ];
    if (candidate.extension) {
      const value = candidate.extension;
      hits.push(['extension', value, this.byExtension.get(value)]);
    }
    if (candidate.phoneNumber) {
      const value = candidate.phoneNumber;
      hits.push(['phoneNumber', value, this.byPhoneNumber.get(value)]);
    }

    let first: PersonClash | undefined;
    let firstOrder = Number.POSITIVE_INFINITY;
    for (const [field, value, entry] of hits) {
      if (entry === undefined || entry.order >= firstOrder) continue;
      first = { field, value, holder: entry.person.email.toLowerCase() };
      firstOrder = entry.order;
    }
    return first;
  }

  /**
   * The person a dialed number reaches: `1001`, `+15555550101`,
   * `tel:+1 (555) 555-0101`, or a national number of 7 digits or more
   * (`5555550101`) that ends someone's phone number.
   */
  byDialedNumber(number: string): T | undefined {
    const cleaned = number
      .trim()
      .replace(/^(tel|sip):/i, '')
      .replace(/[\s().-]/g, '');
    if (cleaned === '') return undefined;
    const digits = dialDigits(cleaned);

    let found = this.byExtension.get(cleaned);
    for (const entry of this.byPhoneTail.get(digits.slice(-TAIL_DIGITS)) ??
      []) {
      if (found !== undefined && found.order < entry.order) break;
      const own = dialDigits(entry.person.phoneNumber ?? '');
      if (own === digits || (digits.length >= 7 && own.endsWith(digits))) {
        found = entry;
        break;
      }
    }
    return found?.person;
  }
}

function keepFirst<T>(map: Map<string, T>, key: string, value: T): void {
  if (!map.has(key)) map.set(key, value);
}

/** A number without its leading `+`. */
function dialDigits(number: string): string {
  return number.replace(/^\+/, '');
}
