import type { RunData } from '../run/runs-store';
import { seedGroupKey } from '../run/runs-table';
import type { Series } from './MetricChart';

/** Runs on show that differ only by seed: drawn as one mean line with a min–max band. */
export interface SeedGroup {
  key: string;
  members: { run: RunData; color: string }[];
  /** The first member's colour: the group keeps the colour its first run has alone. */
  color: string;
  /** The legend's name: the first run's label and the seed count. */
  name: string;
}

/** The runs on show grouped by everything but their seed, in the order their first member was picked. */
export function seedGroups(shown: readonly { run: RunData; color: string }[]): SeedGroup[] {
  const byKey = new Map<string, { run: RunData; color: string }[]>();
  for (const s of shown) {
    const k = seedGroupKey(s.run.summary.config);
    byKey.set(k, [...(byKey.get(k) ?? []), s]);
  }
  return [...byKey].map(([key, members]) => {
    const first = members[0].run.summary;
    const label = first.label || first.runId;
    return { key, members, color: members[0].color, name: members.length > 1 ? `${label} · mean of ${members.length} seeds (band: min–max)` : label };
  });
}

/** A run's points on one chart: a metric per step, or an evaluation every few steps. */
type PointsOf = (run: RunData) => Series['points'];

/**
 * A group's series: the mean over its seeds at each step that every member has reached (a
 * seed still training does not drag the mean), with the min and max as the band. A step where a
 * member has no value (a skipped update) leaves the mean and band out there.
 */
export function groupPointSeries(g: SeedGroup, pointsOf: PointsOf): Series {
  if (g.members.length === 1) {
    const { run } = g.members[0];
    return { id: run.summary.runId, name: g.name, color: g.color, points: pointsOf(run) };
  }
  const perRun = g.members.map(({ run }) => new Map(pointsOf(run).map((p) => [p.x, p.y])));
  const steps = [...perRun[0].keys()].filter((x) => perRun.every((r) => r.has(x))).sort((a, b) => a - b);
  const points: Series['points'] = [];
  const band: NonNullable<Series['band']> = [];
  for (const x of steps) {
    const ys = perRun.map((r) => r.get(x));
    if (ys.some((y) => y === null || y === undefined)) {
      points.push({ x, y: null });
      band.push({ x, lo: null, hi: null });
      continue;
    }
    const vs = ys as number[];
    points.push({ x, y: vs.reduce((a, b) => a + b, 0) / vs.length });
    band.push({ x, lo: Math.min(...vs), hi: Math.max(...vs) });
  }
  return { id: `group:${g.members.map((m) => m.run.summary.runId).join('+')}`, name: g.name, color: g.color, points, band };
}
