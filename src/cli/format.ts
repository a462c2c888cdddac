/** Formats a duration in milliseconds as `850 ms`, `12.3 s` or `4 min 05 s`; `-` when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;

  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** Formats a count with thousands separators; `-` when unknown. */
export function formatCount(value: number | null): string {
  return value === null ? '-' : value.toLocaleString('en-US');
}
