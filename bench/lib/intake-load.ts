/**
 * The loads of the intake benchmark, shared with compare-builds.ts:
 * fresh call events or a replayed pool of signed deliveries, sent at
 * peak (autocannon) or at a fixed rate (open loop).
 */
import { randomBytes } from 'node:crypto';
import {
  type AutocannonRequest,
  type AutocannonResult,
  autocannon,
} from './autocannon.ts';
import type { BenchPerson } from './bench-people.ts';
import {
  deliveryPost,
  freshDelivery,
  type SignedDelivery,
} from './call-events.ts';
import {
  type HttpPost,
  httpPoster,
  type OpenLoopResult,
  openLoop,
} from './open-loop.ts';

/** Distinct deliveries replayed in the replay mode, spread over people. */
export const REPLAY_POOL = 1000;

/** The `seq`-th request of a run. */
export type Producer = (seq: number) => HttpPost;

/** Each request a new event for the next person in turn. */
export function freshDeliveries(
  people: readonly BenchPerson[],
  baseUrl: string,
): Producer {
  const runTag = randomBytes(4).toString('hex');
  return (seq) => {
    const person = people[seq % people.length] as BenchPerson;
    return deliveryPost(person, freshDelivery(person, runTag, seq, baseUrl));
  };
}

export interface Replayed {
  person: BenchPerson;
  delivery: SignedDelivery;
}

/** One delivery for each of up to REPLAY_POOL people spread over all. */
export function replayPool(
  people: readonly BenchPerson[],
  baseUrl: string,
): Replayed[] {
  const runTag = randomBytes(4).toString('hex');
  const size = Math.min(REPLAY_POOL, people.length);
  const step = people.length / size;
  return Array.from({ length: size }, (_, i) => {
    const person = people[Math.floor(i * step)] as BenchPerson;
    return { person, delivery: freshDelivery(person, runTag, i, baseUrl) };
  });
}

/** The pool, in turn, again and again. */
export function replayedDeliveries(pool: readonly Replayed[]): Producer {
  return (seq) => {
    const { person, delivery } = pool[seq % pool.length] as Replayed;
    return deliveryPost(person, delivery);
  };
}

/** Posts every delivery of the pool once, a few at a time. */
export async function prime(
  url: string,
  pool: readonly Replayed[],
): Promise<void> {
  const poster = httpPoster(url, 20);
  try {
    const answers = await Promise.all(
      pool.map(({ person, delivery }) =>
        poster.post(deliveryPost(person, delivery)),
      ),
    );
    const refused = answers.filter((ok) => !ok).length;
    if (refused > 0) {
      throw new Error(`Priming the replay pool: ${refused} refused`);
    }
  } finally {
    poster.close();
  }
}

/** As many requests as 20 connections get answered in `seconds`. */
export function peak(
  url: string,
  next: Producer,
  seconds: number,
): Promise<AutocannonResult> {
  let seq = 0;
  const requests: AutocannonRequest[] = [
    {
      method: 'POST',
      setupRequest(request) {
        const post = next(seq);
        seq += 1;
        return { ...request, method: 'POST', ...post };
      },
    },
  ];
  return autocannon({ url, connections: 20, duration: seconds, requests });
}

/** `rate` requests a second for `seconds`, open loop. */
export async function fixedRate(
  url: string,
  next: Producer,
  rate: number,
  seconds: number,
): Promise<OpenLoopResult> {
  const poster = httpPoster(url);
  try {
    return await openLoop({
      rate,
      seconds,
      send: (seq) => poster.post(next(seq)),
    });
  } finally {
    poster.close();
  }
}
