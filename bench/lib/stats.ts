/** Small statistics for benchmark samples (milliseconds or counts). */

/** The value below which `p` percent of `values` fall (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

/** The middle value; with an even count, the mean of the middle two. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1
    ? upper
    : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/** `a / b`, or NaN when `b` is zero. */
export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b;
}

/** A figure for a table: 3 significant digits, thousands grouped. */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en');
  return Number(value.toPrecision(digits)).toString();
}

/** Medians of each named figure over several runs. */
export function medianOf<K extends string>(
  runs: ReadonlyArray<Record<K, number>>,
): Record<K, number> {
  const first = runs[0];
  if (first === undefined) throw new Error('medianOf needs at least one run');
  const out = {} as Record<K, number>;
  for (const key of Object.keys(first) as K[]) {
    out[key] = median(runs.map((run) => run[key]));
  }
  return out;
}
