/**
 * 1. Signed webhook intake: the bot's `POST /webhooks/calls/<hookPath>`
 * against a bare node:http server that only checks the signature and
 * parses the JSON, side by side, at each scale of monitored people.
 *
 * Every request is a new call event for the next person in turn (fresh
 * delivery id and call id, signed with that person's secret), so the bot
 * cannot answer from its dedupe table: each accepted delivery is
 * relayed in full in the background, and that work shares the CPU with
 * the intake, as it would under a real organisation's traffic.
 */
import { randomBytes } from 'node:crypto';
import {
  type AutocannonRequest,
  type AutocannonResult,
  autocannon,
} from './lib/autocannon.ts';
import type { BenchContext, BenchResult } from './lib/bench-context.ts';
import { scaleLabel, verdict } from './lib/bench-context.ts';
import { type BenchPerson, benchPeople } from './lib/bench-people.ts';
import { startWorld } from './lib/bench-world.ts';
import { deliveryHeaders, freshDelivery } from './lib/call-events.ts';
import { startChildTarget } from './lib/child-target.ts';
import { fmt, medianOf, ratio } from './lib/stats.ts';
import { settle, watchEmulator } from './lib/watch-emulator.ts';

const FIXED_RATE = 1000;

interface IntakeRun {
  botRps: number;
  bareRps: number;
  share: number;
  botP50: number;
  botP99: number;
  bareP99: number;
  fixedP50: number;
  fixedP99: number;
  bareFixedP99: number;
  errors: number;
}

function deliveries(
  people: readonly BenchPerson[],
  baseUrl: string,
): AutocannonRequest[] {
  const runTag = randomBytes(4).toString('hex');
  let seq = 0;
  return [
    {
      method: 'POST',
      setupRequest(request) {
        const person = people[seq % people.length] as BenchPerson;
        const { body, signature } = freshDelivery(person, runTag, seq, baseUrl);
        seq += 1;
        return {
          ...request,
          path: `/webhooks/calls/${person.hookPath}`,
          headers: deliveryHeaders(signature),
          body,
        };
      },
    },
  ];
}

function load(
  url: string,
  people: readonly BenchPerson[],
  seconds: number,
  overallRate?: number,
): Promise<AutocannonResult> {
  return autocannon({
    url,
    connections: overallRate === undefined ? 20 : 10,
    duration: seconds,
    ...(overallRate === undefined ? {} : { overallRate }),
    requests: deliveries(people, url),
  });
}

export async function runWebhookIntake(
  ctx: BenchContext,
): Promise<BenchResult> {
  const seconds = ctx.quick ? 3 : 5;
  const rows: string[] = [];
  const verdicts: string[] = [];
  const byScale = new Map<number, IntakeRun>();

  for (const scale of ctx.scales) {
    const people = benchPeople(scale);
    const world = await startWorld({ people, monitors: true });
    const bare = await startChildTarget('bare-target.ts');
    let relayed = 0;
    const watch = watchEmulator(world.emulator.url, ['message.created'], () => {
      relayed += 1;
    });
    await watch.ready;
    const drain = () => settle(() => relayed, 1000, 60_000);
    try {
      const runs: IntakeRun[] = [];
      for (let run = 0; run < ctx.runs; run += 1) {
        // Alternate who goes first so drift does not favour either.
        const order = run % 2 === 0 ? ['bot', 'bare'] : ['bare', 'bot'];
        const peak = new Map<string, AutocannonResult>();
        for (const who of order) {
          const url = who === 'bot' ? world.bot.url : bare.url;
          peak.set(who, await load(url, people, seconds));
          if (who === 'bot') await drain();
        }
        const fixed = await load(world.bot.url, people, seconds, FIXED_RATE);
        await drain();
        const bareFixed = await load(bare.url, people, seconds, FIXED_RATE);

        const bot = peak.get('bot') as AutocannonResult;
        const floor = peak.get('bare') as AutocannonResult;
        const result: IntakeRun = {
          botRps: bot.requests.average,
          bareRps: floor.requests.average,
          share: ratio(bot.requests.average, floor.requests.average),
          botP50: bot.latency.p50,
          botP99: bot.latency.p99,
          bareP99: floor.latency.p99,
          fixedP50: fixed.latency.p50,
          fixedP99: fixed.latency.p99,
          bareFixedP99: bareFixed.latency.p99,
          errors: bot.non2xx + bot.errors + fixed.non2xx + fixed.errors + 0,
        };
        runs.push(result);
        ctx.log(
          `intake ${scaleLabel(scale)} run ${run + 1}: bot ` +
            `${fmt(result.botRps)}/s, bare ${fmt(result.bareRps)}/s ` +
            `(${fmt(result.share * 100)} %), p99 at ${FIXED_RATE}/s ` +
            `${result.fixedP99} ms, errors ${result.errors}`,
        );
      }
      const m = medianOf(runs);
      byScale.set(scale, m);
      rows.push(
        `| ${scaleLabel(scale)} | ${fmt(m.botRps)} | ${fmt(m.bareRps)} | ` +
          `${fmt(m.share * 100)} % | ${fmt(m.botP50)} / ${fmt(m.botP99)} | ` +
          `${fmt(m.bareP99)} | ${fmt(m.fixedP50)} / ${fmt(m.fixedP99)} | ` +
          `${fmt(m.bareFixedP99)} | ${fmt(m.errors)} |`,
      );
      verdicts.push(
        verdict(
          m.share >= 0.6,
          `intake at ${scaleLabel(scale)}: ${fmt(m.share * 100)} % of the ` +
            'bare server (target ≥ 60 %)',
        ),
        verdict(
          m.fixedP99 < 5,
          `intake p99 at ${FIXED_RATE}/s, ${scaleLabel(scale)}: ` +
            `${fmt(m.fixedP99)} ms (target < 5 ms)`,
        ),
      );
    } finally {
      watch.stop();
      await bare.stop();
      await world.close();
    }
  }

  const growth = growthLine(byScale);
  return {
    verdicts,
    markdown: [
      '## 1. Signed webhook intake',
      '',
      "The bot's `POST /webhooks/calls/<hookPath>` against a bare",
      '`node:http` server that only checks the HMAC-SHA1 signature',
      '(timing-safe) and parses the JSON. Every request is a fresh call',
      'event (the captured `received` payload with a new delivery id and',
      'call id) for the next monitored person in turn, so nothing is',
      'deduplicated away: the bot acknowledges, then relays each event to',
      'the emulator in the background on the same two cores.',
      `Peak: autocannon, 20 connections, ${seconds} s. Fixed rate:`,
      `${FIXED_RATE} requests/s (\`overallRate\`), 10 connections, ${seconds} s.`,
      `Median of ${ctx.runs} runs; bot and bare alternate who goes first.`,
      '',
      '| people | bot req/s | bare req/s | bot / bare | bot p50 / p99 at peak (ms) | bare p99 at peak | bot p50 / p99 at 1,000/s (ms) | bare p99 at 1,000/s | non-2xx + errors |',
      '|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      growth,
      '',
    ].join('\n'),
  };
}

function growthLine(byScale: Map<number, IntakeRun>): string {
  const scales = [...byScale.keys()].sort((a, b) => a - b);
  const first = byScale.get(scales[0] ?? 0);
  const last = byScale.get(scales.at(-1) ?? 0);
  if (first === undefined || last === undefined || scales.length < 2) {
    return '';
  }
  const from = scaleLabel(scales[0] ?? 0);
  const to = scaleLabel(scales.at(-1) ?? 0);
  return (
    `Growth from ${from} to ${to} people: throughput × ` +
    `${fmt(ratio(last.botRps, first.botRps))}, p99 at 1,000/s × ` +
    `${fmt(ratio(last.fixedP99, first.fixedP99))}.`
  );
}
