/**
 * `npm run bench:compare -- <git ref> [--rounds 6] [--people 1000]`:
 * this checkout's bot against the build at <ref>, side by side, on the
 * intake path's replay load (benchmark 1). Each build gets its own world
 * (emulator and bot); peak runs alternate between them, taking turns to
 * go first, so both see the same minutes of a noisy machine. Prints each
 * round and the medians: requests a second, CPU per request, p99.
 *
 * The other build is checked out in a temporary git worktree that shares
 * this checkout's node_modules, so its dependencies must match.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchPeople } from './lib/bench-people.ts';
import { type BenchWorld, startWorld } from './lib/bench-world.ts';
import {
  peak,
  prime,
  replayedDeliveries,
  replayPool,
} from './lib/intake-load.ts';
import { onInterrupt } from './lib/interrupt.ts';
import { fmt, medianOf, ratio } from './lib/stats.ts';

const ROOT = join(import.meta.dirname, '..');
const PEAK_SECONDS = 4;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '6' },
    people: { type: 'string', default: '1000' },
  },
});
const ref = positionals[0];
const rounds = Number(values.rounds);
const people = benchPeople(Number(values.people));
if (ref === undefined || !(rounds >= 1) || people.length < 1) {
  console.error(
    'Usage: npm run bench:compare -- <git ref> [--rounds 6] [--people 1000]',
  );
  process.exit(2);
}

interface Round {
  rps: number;
  cpuUs: number;
  p99: number;
}

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

const otherRoot = await mkdtemp(join(tmpdir(), 'wxc-compare-'));
const removeWorktree = async () => {
  git('worktree', 'remove', '--force', otherRoot);
  await rm(otherRoot, { recursive: true, force: true });
};
const unregister = onInterrupt(removeWorktree);
git('worktree', 'add', '--detach', otherRoot, ref);
symlinkSync(join(ROOT, 'node_modules'), join(otherRoot, 'node_modules'));
const labels = {
  this: `this checkout (${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') === '' ? '' : ', with changes'})`,
  other: `${ref} (${git('rev-parse', '--short', ref)})`,
};

const worlds = new Map<'this' | 'other', BenchWorld>();
try {
  worlds.set('this', await startWorld({ people, monitors: true }));
  worlds.set(
    'other',
    await startWorld({ people, monitors: true, root: otherRoot }),
  );
  const loads = new Map(
    await Promise.all(
      [...worlds].map(async ([name, world]) => {
        const pool = replayPool(people, world.bot.url);
        await prime(world.bot.url, pool);
        return [name, replayedDeliveries(pool)] as const;
      }),
    ),
  );
  // Let the relaying of the primed deliveries finish.
  await new Promise((resolve) => setTimeout(resolve, 3000));

  const results = new Map<'this' | 'other', Round[]>([
    ['this', []],
    ['other', []],
  ]);
  for (let round = 0; round < rounds; round += 1) {
    const order =
      round % 2 === 0
        ? (['other', 'this'] as const)
        : (['this', 'other'] as const);
    for (const name of order) {
      const { bot } = worlds.get(name) as BenchWorld;
      const cpuBefore = bot.cpuMs();
      const result = await peak(
        bot.url,
        loads.get(name) ?? replayedDeliveries([]),
        PEAK_SECONDS,
      );
      // The relay finishes its duplicates just after the last answer.
      await new Promise((resolve) => setTimeout(resolve, 500));
      results.get(name)?.push({
        rps: result.requests.average,
        cpuUs: ratio((bot.cpuMs() - cpuBefore) * 1000, result.requests.total),
        p99: result.latency.p99,
      });
    }
    console.log(
      `round ${round + 1}: ${describe('this', results)}; ${describe('other', results)}`,
    );
  }

  const mine = medianOf(results.get('this') ?? []);
  const theirs = medianOf(results.get('other') ?? []);
  console.log('');
  console.log(`| build | req/s | CPU per request (µs) | p99 (ms) |`);
  console.log('|---|---|---|---|');
  for (const [label, s] of [
    [labels.other, theirs],
    [labels.this, mine],
  ] as const) {
    console.log(
      `| ${label} | ${fmt(s.rps)} | ${fmt(s.cpuUs)} | ${fmt(s.p99)} |`,
    );
  }
  console.log(
    `\nMedians of ${rounds} rounds at ${people.length} people: this ` +
      `checkout answers × ${fmt(ratio(mine.rps, theirs.rps))} the requests ` +
      `a second at × ${fmt(ratio(mine.cpuUs, theirs.cpuUs))} the CPU per request.`,
  );
} finally {
  for (const world of worlds.values()) await world.close();
  unregister();
  await removeWorktree();
}

function describe(
  name: 'this' | 'other',
  results: Map<'this' | 'other', Round[]>,
): string {
  const last = results.get(name)?.at(-1);
  if (last === undefined) return `${name}: none`;
  return `${name} ${fmt(last.rps)}/s, ${fmt(last.cpuUs)} µs/request`;
}
