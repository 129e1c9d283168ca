/**
 * 2. Event to chat: a signed telephony event posted to a person's hook
 * until the emulator has stored the bot's chat message to that person,
 * at a fixed rate across all monitored people. Counts the messages per
 * person at the emulator: none may be lost, none duplicated.
 */
import { randomBytes } from 'node:crypto';
import type { BenchContext, BenchResult } from './lib/bench-context.ts';
import { scaleLabel, verdict } from './lib/bench-context.ts';
import { type BenchPerson, benchPeople } from './lib/bench-people.ts';
import { startWorld } from './lib/bench-world.ts';
import { deliveryPost, freshDelivery } from './lib/call-events.ts';
import { httpPoster, openLoop } from './lib/open-loop.ts';
import { fmt, medianOf, percentile, ratio } from './lib/stats.ts';
import { settle, watchEmulator } from './lib/watch-emulator.ts';

const RATE_PER_SECOND = 200;
/**
 * Untimed events first, in each new world: the first few dozen of a
 * fresh bot wait for its code to be compiled and its connections to the
 * emulator to open, which is start-up, not the steady cost.
 */
const WARM_UP_SECONDS = 2;

interface ChatRun {
  p50: number;
  p99: number;
  sent: number;
  lost: number;
  duplicated: number;
  refused: number;
}

export async function runEventToChat(ctx: BenchContext): Promise<BenchResult> {
  const seconds = ctx.quick ? 5 : 60;
  const rows: string[] = [];
  const verdicts: string[] = [];
  const byScale = new Map<number, ChatRun>();

  for (const scale of ctx.scales) {
    const people = benchPeople(scale);
    const world = await startWorld({ people, monitors: true });
    const pending = new Map<string, number[]>();
    const latencies: number[] = [];
    let duplicated = 0;
    const watch = watchEmulator(
      world.emulator.url,
      ['message.created'],
      (_type, message, at) => {
        const queue = pending.get(String(message.toPersonId));
        const sentAt = queue?.shift();
        if (sentAt === undefined) duplicated += 1;
        else latencies.push(at - sentAt);
      },
    );
    await watch.ready;
    try {
      await postAtRate(world.bot.url, people, WARM_UP_SECONDS, pending);
      await settle(() => latencies.length + duplicated, 2000, 30_000);
      const runs: ChatRun[] = [];
      for (let run = 0; run < ctx.runs; run += 1) {
        latencies.length = 0;
        duplicated = 0;
        pending.clear();
        const { sent, refused } = await postAtRate(
          world.bot.url,
          people,
          seconds,
          pending,
        );
        await settle(() => latencies.length + duplicated, 2000, 30_000);
        const lost = [...pending.values()].reduce((n, q) => n + q.length, 0);
        const result = {
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          sent,
          lost,
          duplicated,
          refused,
        };
        runs.push(result);
        ctx.log(
          `event-to-chat ${scaleLabel(scale)} run ${run + 1}: p50 ` +
            `${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms, sent ${sent}, ` +
            `lost ${lost}, duplicated ${duplicated}, refused ${refused}`,
        );
      }
      const m = medianOf(runs);
      const worst = runs.reduce((n, r) => n + r.lost + r.duplicated, 0);
      byScale.set(scale, m);
      rows.push(
        `| ${scaleLabel(scale)} | ${fmt(m.p50)} | ${fmt(m.p99)} | ` +
          `${fmt(m.sent)} | ${runs.reduce((n, r) => n + r.lost, 0)} | ` +
          `${runs.reduce((n, r) => n + r.duplicated, 0)} | ${fmt(m.refused)} |`,
      );
      verdicts.push(
        verdict(
          m.p99 < 50,
          `event to chat p99 at ${RATE_PER_SECOND}/s, ` +
            `${scaleLabel(scale)}: ${fmt(m.p99)} ms (target < 50 ms)`,
        ),
        verdict(
          worst === 0,
          `event to chat at ${scaleLabel(scale)}: ${worst} lost or ` +
            'duplicated over all runs (target 0)',
        ),
      );
    } finally {
      watch.stop();
      await world.close();
    }
  }

  const scales = [...byScale.keys()];
  const first = byScale.get(scales[0] ?? 0);
  const last = byScale.get(scales.at(-1) ?? 0);
  return {
    verdicts,
    markdown: [
      '## 2. Event to chat',
      '',
      `Signed \`received\` events posted at ${RATE_PER_SECOND}/s for`,
      `${seconds} s (open loop: \`bench/lib/open-loop.ts\`), each to the`,
      'next monitored person in turn, timed from when it fell due',
      'until the emulator publishes the stored chat message to that',
      'person (its `/_sandbox/events` stream, read in the benchmark',
      'process). Messages are counted per person from that stream.',
      'The monitors (hook path, secret) are written straight into the',
      "bot's store through the store API; the people exist in the",
      "emulator's seed. Each world first gets",
      `${WARM_UP_SECONDS} s of the same events, untimed (start-up). Median of`,
      `${ctx.runs} runs; lost and duplicated are totals over all runs.`,
      '',
      '| people | p50 (ms) | p99 (ms) | events per run | lost | duplicated | refused (non-200) |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
      first !== undefined && last !== undefined && scales.length > 1
        ? `Growth from ${scaleLabel(scales[0] ?? 0)} to ` +
          `${scaleLabel(scales.at(-1) ?? 0)} people: p99 × ` +
          `${fmt(ratio(last.p99, first.p99))}.`
        : '',
      '',
    ].join('\n'),
  };
}

/**
 * Posts one event every 1/rate s, open loop, each to the next person;
 * the time it is timed from (see openLoop) is queued for that person's
 * next chat message.
 */
async function postAtRate(
  botUrl: string,
  people: readonly BenchPerson[],
  seconds: number,
  pending: Map<string, number[]>,
): Promise<{ sent: number; refused: number }> {
  const runTag = randomBytes(4).toString('hex');
  const poster = httpPoster(botUrl);
  try {
    const { sent, failed } = await openLoop({
      rate: RATE_PER_SECOND,
      seconds,
      send(seq, from) {
        const person = people[seq % people.length] as BenchPerson;
        const queue = pending.get(person.personId) ?? [];
        pending.set(person.personId, queue);
        queue.push(from);
        return poster.post(
          deliveryPost(person, freshDelivery(person, runTag, seq, botUrl)),
        );
      },
    });
    return { sent, refused: failed };
  } finally {
    poster.close();
  }
}
