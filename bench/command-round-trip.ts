/**
 * 3. Command round trip: a person's `/dial` message, posted through the
 * emulator (`POST /_sandbox/messages`), until the emulator starts the
 * call (its `telephony.emitted` event for that person), with 100 people
 * sending at the same moment. Each run uses a fresh emulator and bot.
 */
import type { BenchContext, BenchResult } from './lib/bench-context.ts';
import { verdict } from './lib/bench-context.ts';
import { type BenchPerson, benchPeople } from './lib/bench-people.ts';
import { startWorld } from './lib/bench-world.ts';
import { fmt, medianOf, percentile } from './lib/stats.ts';
import { settle, watchEmulator } from './lib/watch-emulator.ts';

const PEOPLE = 100;
/**
 * People who dial first, untimed, in each new world: a fresh bot's first
 * commands wait for its code to be compiled (their acknowledgements took
 * 25-35 ms each, against 1-10 ms once warm), which is start-up.
 */
const WARM_UP_PEOPLE = 20;
const BOT_EMAIL = 'callcontrol@webex.bot';

export async function runCommandRoundTrip(
  ctx: BenchContext,
): Promise<BenchResult> {
  const everyone = benchPeople((ctx.quick ? 20 : PEOPLE) + WARM_UP_PEOPLE);
  const people = everyone.slice(WARM_UP_PEOPLE);
  const warmers = everyone.slice(0, WARM_UP_PEOPLE);
  const runs: Array<{ p50: number; p99: number; missing: number }> = [];

  for (let run = 0; run < ctx.runs; run += 1) {
    const world = await startWorld({ people: everyone, sessions: true });
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let emitted = 0;
    const watch = watchEmulator(
      world.emulator.url,
      ['telephony.emitted'],
      (_type, event, at) => {
        emitted += 1;
        const started = sentAt.get(String(event.personId));
        if (started === undefined) return;
        sentAt.delete(String(event.personId));
        latencies.push(at - started);
      },
    );
    await watch.ready;
    try {
      await Promise.all(
        warmers.map((person) => sendDial(world.emulator.url, person)),
      );
      await settle(() => emitted, 1000, 20_000);
      await Promise.all(
        people.map((person) => {
          sentAt.set(person.personId, performance.now());
          return sendDial(world.emulator.url, person);
        }),
      );
      await settle(() => latencies.length, 1000, 20_000);
      const result = {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        missing: people.length - latencies.length,
      };
      runs.push(result);
      ctx.log(
        `command round trip run ${run + 1}: p50 ${fmt(result.p50)} ms, ` +
          `p99 ${fmt(result.p99)} ms, missing ${result.missing}`,
      );
    } finally {
      watch.stop();
      await world.close();
    }
  }

  const m = medianOf(runs);
  const missing = runs.reduce((n, r) => n + r.missing, 0);
  return {
    verdicts: [
      verdict(
        missing === 0,
        `/dial round trip: ${missing} of ${people.length * runs.length} ` +
          `dials never reached the emulator (p99 ${fmt(m.p99)} ms, no ` +
          'latency target set)',
      ),
    ],
    markdown: [
      '## 3. Command round trip',
      '',
      `${people.length} people each send \`/dial <number>\` at the same`,
      'moment through `POST /_sandbox/messages`; timed until the emulator',
      'publishes the new call for that person (`telephony.emitted`). The',
      "path: the emulator's signed messages webhook to the bot, the bot",
      'reading the message, its command dispatch and token lookup, and',
      "the dial request to the emulator's telephony API. Sessions carry",
      "each person's personal token and are written straight into the",
      `store. Fresh emulator and bot per run, warmed up by ${WARM_UP_PEOPLE}`,
      `other people's dials first (untimed); median of ${runs.length} runs.`,
      '',
      '| people at once | p50 (ms) | p99 (ms) | missing |',
      '|---|---|---|---|',
      `| ${people.length} | ${fmt(m.p50)} | ${fmt(m.p99)} | ${missing} |`,
      '',
    ].join('\n'),
  };
}

/** `person` sends `/dial` to the bot, as if typed in the Webex app. */
async function sendDial(emulatorUrl: string, person: BenchPerson) {
  const response = await fetch(`${emulatorUrl}/_sandbox/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      fromEmail: person.email,
      toEmail: BOT_EMAIL,
      text: `/dial +1555555${String(person.index).padStart(4, '0')}`,
    }),
  });
  await response.arrayBuffer();
}
