/**
 * Time left, from the pace of the latest steps: the mean interval between the last (up to) ten
 * step events times the steps still to go. Null until two events give an interval.
 */
export function etaSeconds(stepTimesMs: readonly number[], stepsLeft: number, window = 10): number | null {
  if (stepsLeft <= 0) return 0;
  const t = stepTimesMs.slice(-(window + 1));
  if (t.length < 2) return null;
  const perStep = (t[t.length - 1] - t[0]) / (t.length - 1);
  return (perStep * stepsLeft) / 1000;
}

/** "45 s", "3 min 20 s", "1 h 05 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
