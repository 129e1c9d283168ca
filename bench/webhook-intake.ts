/**
 * 1. Signed webhook intake: the bot's `POST /webhooks/calls/<hookPath>`
 * against a bare node:http server that only checks the signature and
 * parses the JSON, side by side, at each scale of monitored people.
 *
 * Two modes, each measured against the same bare server:
 * - fresh: every request is a new call event for the next person in turn
 *   (fresh delivery id and call id, signed with that person's secret), so
 *   each accepted delivery is relayed in full in the background (and the
 *   emulator, in this process, stores and publishes the chat message):
 *   the whole pipeline under load, on the same two cores.
 * - replay: a fixed pool of signed deliveries, each relayed once before
 *   the clock starts, then replayed: the bot verifies, journals and
 *   acknowledges each, and the relay's dedupe drops it. This is the
 *   intake path alone, which the throughput and p99 targets are about.
 */
import type { AutocannonResult } from './lib/autocannon.ts';
import type { BenchContext, BenchResult } from './lib/bench-context.ts';
import { scaleLabel, verdict } from './lib/bench-context.ts';
import { benchPeople } from './lib/bench-people.ts';
import { startWorld } from './lib/bench-world.ts';
import { type ChildTarget, startChildTarget } from './lib/child-target.ts';
import {
  fixedRate,
  freshDeliveries,
  type Producer,
  peak,
  prime,
  REPLAY_POOL,
  replayedDeliveries,
  replayPool,
} from './lib/intake-load.ts';
import type { OpenLoopResult } from './lib/open-loop.ts';
import { fmt, medianOf, ratio } from './lib/stats.ts';
import { settle, watchEmulator } from './lib/watch-emulator.ts';

const FIXED_RATE = 1000;

type Mode = 'fresh' | 'replay';
const ALL_MODES: readonly Mode[] = ['fresh', 'replay'];

/**
 * BENCH_INTAKE_MODES=replay measures one mode only (comma-separated), for
 * quick before/after comparisons of the intake path.
 */
const MODES: readonly Mode[] = ALL_MODES.filter((mode) =>
  (process.env.BENCH_INTAKE_MODES ?? ALL_MODES.join(','))
    .split(',')
    .includes(mode),
);

interface IntakeRun {
  botRps: number;
  frameworkRps: number;
  bareRps: number;
  share: number;
  frameworkShare: number;
  /** The bot's CPU time per request at peak, its relaying included (µs). */
  botCpuUs: number;
  frameworkCpuUs: number;
  /** The bare server's CPU time per request at peak (µs). */
  bareCpuUs: number;
  botP50: number;
  botP99: number;
  bareP99: number;
  fixedP50: number;
  fixedP99: number;
  fixedMax: number;
  /** How late the sender itself was, p99, in the bot's fixed-rate run. */
  fixedSenderLagP99: number;
  bareFixedP99: number;
  errors: number;
}

export async function runWebhookIntake(
  ctx: BenchContext,
): Promise<BenchResult> {
  const seconds = ctx.quick ? 3 : 5;
  const fixedSeconds = ctx.quick ? 5 : 10;
  const rows: string[] = [];
  const verdicts: string[] = [];
  const byScale = new Map<Mode, Map<number, IntakeRun>>(
    MODES.map((mode) => [mode, new Map()]),
  );

  for (const scale of ctx.scales) {
    const people = benchPeople(scale);
    const world = await startWorld({ people, monitors: true });
    const bare = await startChildTarget('bare-target.ts');
    const framework = await startChildTarget('framework-target.ts');
    let relayed = 0;
    const watch = watchEmulator(world.emulator.url, ['message.created'], () => {
      relayed += 1;
    });
    await watch.ready;
    const drain = () => settle(() => relayed, 1000, 60_000);
    try {
      const pool = replayPool(people, world.bot.url);
      await prime(world.bot.url, pool);
      await drain();
      for (const mode of MODES) {
        const requests = () =>
          mode === 'fresh'
            ? freshDeliveries(people, world.bot.url)
            : replayedDeliveries(pool);
        const runs: IntakeRun[] = [];
        for (let run = 0; run < ctx.runs; run += 1) {
          const targets = { bot: world.bot, framework, bare };
          const result = await measure(targets, run, {
            requests,
            seconds,
            fixedSeconds,
            drain,
          });
          runs.push(result);
          ctx.log(
            `intake ${mode} ${scaleLabel(scale)} run ${run + 1}: bot ` +
              `${fmt(result.botRps)}/s, framework ` +
              `${fmt(result.frameworkRps)}/s, bare ${fmt(result.bareRps)}/s ` +
              `(${fmt(result.share * 100)} %), CPU ` +
              `${fmt(result.botCpuUs)} / ${fmt(result.frameworkCpuUs)} / ` +
              `${fmt(result.bareCpuUs)} µs/request, p99 at ${FIXED_RATE}/s ` +
              `${fmt(result.fixedP99)} ms (bare ${fmt(result.bareFixedP99)} ` +
              `ms, sender lag ${fmt(result.fixedSenderLagP99)} ms), errors ` +
              `${result.errors}`,
          );
        }
        const m = medianOf(runs);
        byScale.get(mode)?.set(scale, m);
        rows.push(
          `| ${mode} | ${scaleLabel(scale)} | ${fmt(m.botRps)} | ` +
            `${fmt(m.frameworkRps)} | ${fmt(m.bareRps)} | ` +
            `${fmt(m.share * 100)} % | ${fmt(m.frameworkShare * 100)} % | ` +
            `${fmt(m.botCpuUs)} / ${fmt(m.frameworkCpuUs)} / ` +
            `${fmt(m.bareCpuUs)} | ` +
            `${fmt(m.botP50)} / ${fmt(m.botP99)} | ${fmt(m.bareP99)} | ` +
            `${fmt(m.fixedP50)} / ${fmt(m.fixedP99)} / ${fmt(m.fixedMax)} | ` +
            `${fmt(m.fixedSenderLagP99)} | ${fmt(m.bareFixedP99)} | ` +
            `${fmt(runs.reduce((n, r) => n + r.errors, 0))} |`,
        );
        if (mode === 'replay') {
          verdicts.push(
            verdict(
              m.share >= 0.6,
              `intake path at ${scaleLabel(scale)}: ${fmt(m.share * 100)} % ` +
                'of the bare server (target ≥ 60 %)',
            ),
            verdict(
              m.fixedP99 < 5,
              `intake path p99 at ${FIXED_RATE}/s, ${scaleLabel(scale)}: ` +
                `${fmt(m.fixedP99)} ms (target < 5 ms)`,
            ),
          );
        }
      }
    } finally {
      watch.stop();
      await bare.stop();
      await framework.stop();
      await world.close();
    }
  }

  return {
    verdicts,
    markdown: [
      '## 1. Signed webhook intake',
      '',
      "The bot's `POST /webhooks/calls/<hookPath>` against a bare",
      '`node:http` server that only checks the HMAC-SHA1 signature',
      '(timing-safe) and parses the JSON. In between, the **framework**',
      "(`bench/targets/framework-target.ts`): the bot's own HTTP app",
      '(fastify, as `createServer` sets it up) with one route doing just',
      "what the bare server does, which splits the bot's cost into the",
      "framework's and its own work. Two modes:",
      '',
      '- **replay** (the intake path; the targets are judged here): a pool',
      `  of ${REPLAY_POOL} signed \`received\` deliveries, one per person spread`,
      '  over all monitored people, each relayed once before the clock',
      '  starts, then replayed in turn: the bot looks up the monitor,',
      '  verifies, journals and acknowledges each, and its relay drops the',
      '  duplicate after one store claim.',
      '- **fresh** (the whole pipeline under load): every request is a new',
      '  call event (new delivery id and call id) for the next person in',
      '  turn, so the bot acknowledges, then relays each one in the',
      '  background: card, chat message to the emulator, which runs in the',
      '  benchmark process next to the load generator, on the same two',
      '  cores.',
      '',
      `Peak: autocannon, 20 connections, ${seconds} s. Fixed rate:`,
      `${FIXED_RATE} requests/s for ${fixedSeconds} s, open loop`,
      '(`bench/lib/open-loop.ts`): each request is sent when it falls due',
      'whether or not earlier ones were answered, over kept-alive',
      "connections, and timed from when it fell due. (autocannon's",
      "`overallRate` sends each second's share back to back at the start",
      'of the second, which measures a burst at full speed instead.)',
      "The sender's lag is how late the sender itself sent (its timer,",
      "its own process's pauses: the emulator and the load share it),",
      "already inside the bot's latency; the bare server's p99 next to it",
      'is the floor on the same machine.',
      `Median of ${ctx.runs} runs; the three take turns to go first, and`,
      'get the same requests in each mode. The framework runs at peak only.',
      "CPU per request is the process's user + system time over the peak",
      'run (for the bot, and the drain after it: its background relaying',
      'included), divided by the requests answered: less noisy than the',
      'throughput on a shared machine, and the bot / bare ratio of it',
      'least of all.',
      '',
      '| mode | people | bot req/s | framework req/s | bare req/s | bot / bare | framework / bare | CPU per request at peak, bot / framework / bare (µs) | bot p50 / p99 at peak (ms) | bare p99 at peak | bot p50 / p99 / max at 1,000/s (ms) | sender lag p99 at 1,000/s | bare p99 at 1,000/s | bot non-2xx + errors, all runs |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      MODES.map((mode) => growthLine(mode, byScale.get(mode)))
        .filter((line) => line !== '')
        .join('\n\n'),
      '',
    ].join('\n'),
  };
}

interface MeasureOptions {
  /** A new request producer for each run (fresh ones never repeat). */
  requests: () => Producer;
  seconds: number;
  fixedSeconds: number;
  /** Waits until the bot's background relaying has settled. */
  drain: () => Promise<unknown>;
}

type Who = 'bot' | 'framework' | 'bare';

/** One run: peak for all three (taking turns to go first), fixed rate. */
async function measure(
  targets: Record<Who, ChildTarget>,
  run: number,
  { requests, seconds, fixedSeconds, drain }: MeasureOptions,
): Promise<IntakeRun> {
  // Rotate who goes first so drift does not favour any of them.
  const all: Who[] = ['bot', 'framework', 'bare'];
  const order = all.map((_, i) => all[(i + run) % all.length] as Who);
  const peaks = new Map<Who, AutocannonResult>();
  const cpuUs = new Map<Who, number>();
  for (const who of order) {
    const target = targets[who];
    const cpuBefore = target.cpuMs();
    const result = await peak(target.url, requests(), seconds);
    if (who === 'bot') await drain();
    peaks.set(who, result);
    cpuUs.set(
      who,
      ratio((target.cpuMs() - cpuBefore) * 1000, result.requests.total),
    );
  }
  const fixed = new Map<Who, OpenLoopResult>();
  for (const who of order.filter((w) => w !== 'framework')) {
    fixed.set(
      who,
      await fixedRate(targets[who].url, requests(), FIXED_RATE, fixedSeconds),
    );
    if (who === 'bot') await drain();
  }

  const bot = peaks.get('bot') as AutocannonResult;
  const framework = peaks.get('framework') as AutocannonResult;
  const bare = peaks.get('bare') as AutocannonResult;
  const botFixed = fixed.get('bot') as OpenLoopResult;
  const bareFixed = fixed.get('bare') as OpenLoopResult;
  // A baseline that refused requests would make every ratio meaningless.
  const baselineFailures =
    framework.non2xx +
    framework.errors +
    bare.non2xx +
    bare.errors +
    bareFixed.failed;
  if (baselineFailures > 0) {
    throw new Error(
      `The framework and bare targets failed ${baselineFailures} requests`,
    );
  }
  return {
    botRps: bot.requests.average,
    frameworkRps: framework.requests.average,
    bareRps: bare.requests.average,
    share: ratio(bot.requests.average, bare.requests.average),
    frameworkShare: ratio(framework.requests.average, bare.requests.average),
    botCpuUs: cpuUs.get('bot') ?? Number.NaN,
    frameworkCpuUs: cpuUs.get('framework') ?? Number.NaN,
    bareCpuUs: cpuUs.get('bare') ?? Number.NaN,
    botP50: bot.latency.p50,
    botP99: bot.latency.p99,
    bareP99: bare.latency.p99,
    fixedP50: botFixed.p50,
    fixedP99: botFixed.p99,
    fixedMax: botFixed.max,
    fixedSenderLagP99: botFixed.senderLagP99,
    bareFixedP99: bareFixed.p99,
    errors: bot.non2xx + bot.errors + botFixed.failed,
  };
}

function growthLine(
  mode: Mode,
  byScale: Map<number, IntakeRun> | undefined,
): string {
  const scales = [...(byScale?.keys() ?? [])].sort((a, b) => a - b);
  const first = byScale?.get(scales[0] ?? 0);
  const last = byScale?.get(scales.at(-1) ?? 0);
  if (first === undefined || last === undefined || scales.length < 2) {
    return '';
  }
  const from = scaleLabel(scales[0] ?? 0);
  const to = scaleLabel(scales.at(-1) ?? 0);
  return (
    `Growth from ${from} to ${to} people, ${mode}: throughput × ` +
    `${fmt(ratio(last.botRps, first.botRps))}, p99 at 1,000/s × ` +
    `${fmt(ratio(last.fixedP99, first.fixedP99))}.`
  );
}
