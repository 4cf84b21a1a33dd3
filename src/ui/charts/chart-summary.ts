/**
 * A line chart in a sentence, its text alternative for screen readers: per series, where it starts
 * and ends and its range, e.g. "e2e-tiny: 0.88 at step 1, 0.50 at step 6 (0.25 to 1)".
 */
export function seriesSummary(series: readonly { name: string; points: readonly { x: number; y: number | null }[] }[], format: (y: number) => string, xLabel = 'step', most = 4): string {
  const parts = series.flatMap((s) => {
    const pts = s.points.filter((p): p is { x: number; y: number } => p.y !== null);
    if (pts.length === 0) return [];
    const first = pts[0];
    const last = pts[pts.length - 1];
    let lo = first.y;
    let hi = first.y;
    for (const p of pts) {
      if (p.y < lo) lo = p.y;
      if (p.y > hi) hi = p.y;
    }
    const span = pts.length > 1 ? `${format(first.y)} at ${xLabel} ${first.x}, ${format(last.y)} at ${xLabel} ${last.x}` : `${format(first.y)} at ${xLabel} ${first.x}`;
    return [`${s.name}: ${span}${lo !== hi ? ` (${format(lo)} to ${format(hi)})` : ''}`];
  });
  if (parts.length === 0) return 'No values yet.';
  const shown = parts.slice(0, most);
  return `${shown.join('; ')}${parts.length > most ? `; and ${parts.length - most} more series` : ''}.`;
}
