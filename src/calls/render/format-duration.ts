/**
 * Durations as people say them: "45s", "2m 05s", "1h 02m". Negative or
 * unknown spans read as "0s" rather than nonsense.
 */
export function formatDuration(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.round(ms / 1000) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;

  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/** Milliseconds between two ISO times, or undefined if either is bad. */
export function spanMs(
  from: string | undefined,
  to: string | undefined,
): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const span = Date.parse(to) - Date.parse(from);
  return Number.isNaN(span) ? undefined : span;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
