/**
 * `npm run bench [-- --quick] [-- <name>...]`: runs the benchmarks
 * (all, or the named ones) and writes BENCHMARKS.md with the machine,
 * the commit and the median of several runs. `--quick` is a smoke check:
 * one small scale pair, fewer runs, shorter durations; it prints the
 * report instead of writing the file unless `--write` is given.
 *
 *   npm run bench                      # everything, about 30 minutes
 *   npm run bench -- --quick intake    # one benchmark, quickly
 *
 * BENCH_SCALES=100000 (comma-separated numbers of people) replaces the
 * scales, e.g. to look at the largest one alone.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BenchContext,
  type BenchResult,
  FULL_SCALES,
  QUICK_SCALES,
} from './lib/bench-context.ts';
import { describeMachine } from './lib/machine.ts';
import { renderReport } from './lib/render-report.ts';

type Benchmark = (ctx: BenchContext) => Promise<BenchResult>;

/** Loaded on demand so that one benchmark does not import the others. */
const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  intake: async () => (await import('./webhook-intake.ts')).runWebhookIntake,
  'event-to-chat': async () =>
    (await import('./event-to-chat.ts')).runEventToChat,
  'command-round-trip': async () =>
    (await import('./command-round-trip.ts')).runCommandRoundTrip,
  'store-scale': async () => (await import('./store-scale.ts')).runStoreScale,
  'refresh-storm': async () =>
    (await import('./refresh-storm.ts')).runRefreshStorm,
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const write = args.includes('--write') || !quick;
const names = args.filter((arg) => !arg.startsWith('--'));
const unknown = names.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark ${unknown.join(', ')}; choose from ` +
      `${Object.keys(BENCHMARKS).join(', ')}.`,
  );
  process.exit(2);
}
const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);

const scales = process.env.BENCH_SCALES?.split(',').map(Number);
if (scales?.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error('BENCH_SCALES takes whole numbers of people, e.g. 1000,10000.');
  process.exit(2);
}

const ctx: BenchContext = {
  quick,
  runs: quick ? 1 : 3,
  scales: scales ?? (quick ? QUICK_SCALES : FULL_SCALES),
  log: (line) => console.log(`[bench] ${line}`),
};

const machine = describeMachine();
const started = Date.now();
const results: BenchResult[] = [];
for (const name of selected) {
  const load = BENCHMARKS[name];
  if (load === undefined) continue;
  ctx.log(`${name}: starting`);
  const t0 = Date.now();
  results.push(await (await load())(ctx));
  ctx.log(`${name}: done in ${Math.round((Date.now() - t0) / 1000)} s`);
}
const minutes = (Date.now() - started) / 60_000;

const report = renderReport({ machine, quick, selected, minutes, results });
if (write) {
  const path = join(import.meta.dirname, '../BENCHMARKS.md');
  await writeFile(path, report);
  ctx.log(`wrote ${path}`);
} else {
  console.log(report);
}
for (const result of results) {
  for (const line of result.verdicts) ctx.log(line);
}
