/**
 * The benchmark's population: `count` sandbox people with ids known in
 * advance (the emulator derives seeded ids from the email), each with a
 * deterministic hook path and webhook secret for call monitoring.
 */
import { createHmac } from 'node:crypto';
import { defaultSeed, type SeedData } from '../../src/emulator/seed.ts';
import { stableUuid, webexId } from '../../src/emulator/webex-ids.ts';

export interface BenchPerson {
  index: number;
  email: string;
  personId: string;
  /** Personal access token the emulator accepts for this person. */
  accessToken: string;
  hookPath: string;
  secret: string;
}

const SECRET_KEY = 'wxc-callcontrol benchmark hook secrets';

export function benchPerson(index: number): BenchPerson {
  const email = `p${index}@bench.example.com`;
  const tag = String(index).padStart(7, '0');
  return {
    index,
    email,
    personId: webexId('PEOPLE', stableUuid(`person:${email}`)),
    accessToken: `bench-person-token-${tag}-000000000000`,
    hookPath: `benchhook-${tag}`,
    secret: createHmac('sha256', SECRET_KEY).update(tag).digest('base64url'),
  };
}

export function benchPeople(count: number): BenchPerson[] {
  return Array.from({ length: count }, (_, index) => benchPerson(index));
}

/** The default seed plus the benchmark people. */
export function benchSeed(people: readonly BenchPerson[]): SeedData {
  const seed = defaultSeed();
  return {
    ...seed,
    people: [
      ...seed.people,
      ...people.map((person) => ({
        displayName: `Bench Person ${person.index}`,
        email: person.email,
        extension: String(100000 + person.index),
        accessToken: person.accessToken,
      })),
    ],
  };
}
