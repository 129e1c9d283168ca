/**
 * Starts a benchmark target (a TypeScript file under bench/targets) in a
 * child process and waits for the `{"url":...}` line it prints. Setting
 * BENCH_CPU_PROF=<dir> profiles the child with `node --cpu-prof`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { onInterrupt } from './interrupt.ts';

const ROOT = join(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 120_000;

export interface ChildTarget {
  url: string;
  pid: number;
  /** Resident memory of the child in bytes (from /proc), or NaN. */
  rssBytes(): number;
  /** CPU time the child has used so far (user + system, from /proc), ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * `root` is the checkout whose target runs: this one by default, another
 * build's to compare the two (see compare-builds.ts).
 */
export async function startChildTarget(
  script: string,
  env: Record<string, string> = {},
  root = ROOT,
): Promise<ChildTarget> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const child = spawn(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
      join(root, 'bin/run-ts.js'),
      join(root, 'bench/targets', script),
    ],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const stop = async () => {
    unregister();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const unregister = onInterrupt(stop);
  const url = await readUrl(child, script);
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    rssBytes: () => readRss(pid),
    cpuMs: () => readCpuMs(pid),
    stop,
  };
}

async function readUrl(child: ChildProcess, script: string): Promise<string> {
  if (child.stdout === null) throw new Error(`${script}: no stdout`);
  const lines = createInterface({ input: child.stdout });
  const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
  try {
    for await (const line of lines) {
      const match = /^\{"url":"([^"]+)"\}$/.exec(line.trim());
      if (match?.[1] !== undefined) {
        // Keep draining: a child blocked on a full pipe would stall.
        child.stdout.on('data', () => {});
        return match[1];
      }
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(
    `${script} exited (code ${child.exitCode}) before printing its URL`,
  );
}

function readRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kib === undefined ? Number.NaN : Number(kib) * 1024;
  } catch {
    return Number.NaN;
  }
}

/** Clock ticks per second of /proc/<pid>/stat on Linux. */
const TICKS_PER_SECOND = 100;

function readCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and
    // stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
