/** What every benchmark receives from the runner, and what it returns. */
export interface BenchContext {
  /** `--quick`: fewer runs, smaller scales, shorter durations. */
  quick: boolean;
  /** Runs per figure; the report shows their median. */
  runs: number;
  /** Numbers of people to measure at. */
  scales: readonly number[];
  log(line: string): void;
}

export interface BenchResult {
  /** A markdown section for BENCHMARKS.md (starting with `## `). */
  markdown: string;
  /** One line per target: met or missed. */
  verdicts: string[];
}

export const FULL_SCALES = [1000, 10_000, 100_000] as const;
export const QUICK_SCALES = [200, 1000] as const;

/** `k`-style scale label: 1k, 10k, 100k. */
export function scaleLabel(people: number): string {
  return people >= 1000 ? `${people / 1000}k` : String(people);
}

export function verdict(met: boolean, text: string): string {
  return `${met ? 'met' : '**missed**'}: ${text}`;
}
