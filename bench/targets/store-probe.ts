/**
 * Opens a store in a fresh process and measures it: how long opening
 * takes, the resident memory once open and after the lookups, and the
 * latency of `getSession` for people picked at random. Reads STORE_URL,
 * STORE_PREFIX, TOKEN_ENCRYPTION_KEY, PROBE_PEOPLE and PROBE_LOOKUPS;
 * prints one JSON line.
 */
import { openStore } from '../../src/store/open-store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { benchPerson } from '../lib/bench-people.ts';
import { percentile } from '../lib/stats.ts';

const env = process.env;
const people = Number(env.PROBE_PEOPLE);
const lookups = Number(env.PROBE_LOOKUPS ?? 5000);

const t0 = performance.now();
const store = await openStore({
  url: String(env.STORE_URL),
  prefix: String(env.STORE_PREFIX),
  cipher: createTokenCipher({
    current: Buffer.from(String(env.TOKEN_ENCRYPTION_KEY), 'base64'),
  }),
  logger: { warn() {}, info() {} },
});
await store.ping();
const openMs = performance.now() - t0;
const rssOpen = process.memoryUsage().rss;

const ids = Array.from(
  { length: lookups },
  () => benchPerson(Math.floor(Math.random() * people)).personId,
);
const times: number[] = [];
let missing = 0;
for (const id of ids) {
  const start = performance.now();
  const session = await store.getSession(id);
  times.push(performance.now() - start);
  if (session === undefined) missing += 1;
}
const rssAfter = process.memoryUsage().rss;
await store.close();

console.log(
  JSON.stringify({
    openMs,
    rssOpenMiB: rssOpen / 2 ** 20,
    rssAfterMiB: rssAfter / 2 ** 20,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    missing,
  }),
);
