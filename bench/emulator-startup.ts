/**
 * How long `wxc-callcontrol emulator` takes from process spawn to the log
 * line with its base URL: five runs, each a fresh process on a free port.
 * Target: under 2 s.
 * Run: node bin/run-ts.js bench/emulator-startup.ts
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const RUNS = 5;
const TIMEOUT_MS = 20_000;
const cli = join(import.meta.dirname, '../bin/wxc-callcontrol.js');

/** Milliseconds from spawn until the emulator logs its URL. */
async function measureOnce(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'emulator', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  try {
    for await (const line of lines) {
      if (line.includes('"url":"http')) return performance.now() - started;
    }
    throw new Error('the emulator exited before logging its URL');
  } finally {
    clearTimeout(timer);
    lines.close();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}

const times: number[] = [];
for (let run = 1; run <= RUNS; run += 1) {
  const ms = await measureOnce();
  times.push(ms);
  console.log(`run ${run}: ${ms.toFixed(0)} ms`);
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
const worst = sorted.at(-1) ?? 0;
console.log(
  `emulator startup, spawn to URL line: median ${median.toFixed(0)} ms, worst ${worst.toFixed(0)} ms (target < 2000 ms)`,
);
if (worst >= 2000) process.exitCode = 1;
