/**
 * How many `GET /v1/people/me` per second an in-process emulator serves:
 * autocannon, 10 s, 50 connections. Target: at least 2,000/s.
 * Run: node bin/run-ts.js bench/emulator-throughput.ts
 */
import { createRequire } from 'node:module';
import { createEmulator } from '../src/emulator/create-emulator.ts';
import { defaultSeed } from '../src/emulator/seed.ts';

/** The part of autocannon's API used here (it ships no types). */
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
}) => Promise<{
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
}>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const token = defaultSeed().people.find(
  (person) => person.email === 'alice@example.com',
)?.accessToken;
if (!token) throw new Error('the default seed lost Alice');

const emulator = await createEmulator();
try {
  const result = await autocannon({
    url: `${emulator.apiUrl}/people/me`,
    connections: 50,
    duration: 10,
    headers: { authorization: `Bearer ${token}` },
  });
  const perSecond = Math.round(result.requests.average);
  console.log(
    `GET /v1/people/me: ${perSecond} requests/s ` +
      `(p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ` +
      `${result.errors} errors)`,
  );
  if (perSecond < 2000) process.exitCode = 1;
} finally {
  await emulator.close();
}
