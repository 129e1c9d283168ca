/**
 * 4. Store scale: N people with sessions, on SQLite and on a real
 * redis-server. For each scale, a fresh process opens the store and
 * reports its open time, resident memory and `getSession` latency for
 * random people. Sessions are added up to each scale in turn.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/store.ts';
import { createTokenCipher } from '../src/store/token-cipher.ts';
import { startRedisServer } from '../test/helpers/redis-server.ts';
import type { BenchContext, BenchResult } from './lib/bench-context.ts';
import { scaleLabel, verdict } from './lib/bench-context.ts';
import { benchPeople } from './lib/bench-people.ts';
import { seedSessions } from './lib/bench-world.ts';
import { fmt, medianOf, ratio } from './lib/stats.ts';

interface Probe {
  openMs: number;
  rssOpenMiB: number;
  rssAfterMiB: number;
  p50: number;
  p99: number;
  missing: number;
}

const ROOT = join(import.meta.dirname, '..');

function probe(env: Record<string, string>): Probe {
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'bin/run-ts.js'), join(ROOT, 'bench/targets/store-probe.ts')],
    { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Probe;
}

export async function runStoreScale(ctx: BenchContext): Promise<BenchResult> {
  const rows: string[] = [];
  const verdicts: string[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'wxc-bench-store-'));
  const redis = await startRedisServer();
  const key = randomBytes(32);
  const cipher = createTokenCipher({ current: key });
  const backends = [
    { name: 'SQLite', url: `sqlite:${join(dir, 'store.db')}` },
    { name: 'Redis', url: redis.url },
  ];

  try {
    for (const backend of backends) {
      const prefix = 'bench:';
      const store: Store = await openStore({
        url: backend.url,
        prefix,
        cipher,
        logger: { warn() {}, info() {} },
      });
      const byScale = new Map<number, Probe>();
      let seeded = 0;
      try {
        for (const scale of ctx.scales) {
          const t0 = performance.now();
          await seedSessions(
            store,
            benchPeople(scale).slice(seeded),
            Date.now() + 3600_000,
          );
          const seedSeconds = (performance.now() - t0) / 1000;
          seeded = scale;
          const runs: Probe[] = [];
          for (let run = 0; run < ctx.runs; run += 1) {
            runs.push(
              probe({
                STORE_URL: backend.url,
                STORE_PREFIX: prefix,
                TOKEN_ENCRYPTION_KEY: key.toString('base64'),
                PROBE_PEOPLE: String(scale),
                PROBE_LOOKUPS: ctx.quick ? '1000' : '5000',
              }),
            );
          }
          const m = medianOf(runs);
          byScale.set(scale, m);
          ctx.log(
            `store ${backend.name} ${scaleLabel(scale)}: open ` +
              `${fmt(m.openMs)} ms, rss ${fmt(m.rssAfterMiB)} MiB, p99 ` +
              `${fmt(m.p99)} ms`,
          );
          rows.push(
            `| ${backend.name} | ${scaleLabel(scale)} | ${fmt(m.openMs)} | ` +
              `${fmt(m.rssOpenMiB)} / ${fmt(m.rssAfterMiB)} | ` +
              `${fmt(m.p50)} / ${fmt(m.p99)} | ${m.missing} | ` +
              `${fmt(seedSeconds)} |`,
          );
        }
      } finally {
        await store.close();
      }
      const scales = [...byScale.keys()];
      const first = byScale.get(scales[0] ?? 0);
      const last = byScale.get(scales.at(-1) ?? 0);
      if (first !== undefined && last !== undefined) {
        const growth = ratio(last.p99, first.p99);
        verdicts.push(
          verdict(
            growth < 3,
            `${backend.name} session lookup p99 from ` +
              `${scaleLabel(scales[0] ?? 0)} to ` +
              `${scaleLabel(scales.at(-1) ?? 0)} grows × ${fmt(growth)} ` +
              `(${fmt(first.p99)} → ${fmt(last.p99)} ms; expected flat)`,
          ),
        );
      }
    }
  } finally {
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }

  return {
    verdicts,
    markdown: [
      '## 4. Store scale',
      '',
      'Sessions written through the store API (tokens sealed with',
      'AES-256-GCM, as the bot does), added up to each scale. Then a',
      'fresh process opens the store (SQLite file, or a real',
      '`redis-server` on loopback) and looks up random people one at a',
      `time. Median of ${ctx.runs} probes per scale. Resident memory is`,
      "the probing process's (Redis keeps the data in its own process).",
      '',
      '| backend | people | open (ms) | RSS open / after lookups (MiB) | getSession p50 / p99 (ms) | missing | seeding (s) |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  };
}
