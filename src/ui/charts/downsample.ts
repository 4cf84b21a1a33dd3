/**
 * Most rows a chart draws. A chart is under a thousand pixels wide, and recharts builds an SVG
 * point, a tooltip entry and a path segment per row per line: a 30,000-step run drawn in full
 * kept the page busy for seconds at every tab switch. Tables and CSVs keep every row.
 */
export const MAX_DRAWN_ROWS = 2000;

/**
 * Thins rows (sorted by x) to at most about `max`: the first and the last row, and in each of
 * equal buckets of rows the ones where each key is lowest and highest, so a spike or a dip in any
 * line survives (min/max decimation). Rows are returned as they are, in their order.
 */
export function downsampleRows<R extends object>(rows: R[], keys: readonly string[], max = MAX_DRAWN_ROWS): R[] {
  if (rows.length <= max) return rows;
  const value = (i: number, key: string) => (rows[i] as Record<string, unknown>)[key];
  const perBucket = Math.max(1, 2 * keys.length);
  const buckets = Math.max(1, Math.floor((max - 2) / perBucket));
  const inner = rows.length - 2;
  const keep = new Set<number>([0, rows.length - 1]);
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * inner) / buckets);
    const hi = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (keys.length === 0) keep.add(lo);
    for (const key of keys) {
      let iMin = -1;
      let iMax = -1;
      for (let i = lo; i < hi; i++) {
        const v = value(i, key);
        if (typeof v !== 'number') continue;
        if (iMin < 0 || v < (value(iMin, key) as number)) iMin = i;
        if (iMax < 0 || v > (value(iMax, key) as number)) iMax = i;
      }
      if (iMin >= 0) keep.add(iMin);
      if (iMax >= 0) keep.add(iMax);
    }
  }
  return [...keep].sort((a, b) => a - b).map((i) => rows[i]);
}
