import type { ExperimentConfig } from '../../core/config';
import type { RankMark } from '../../core/eval';
import { seedProblemInterval, type SeedInterval } from '../../core/eval/seed-interval';
import { orderingVerdict, pairedDifference } from '../../core/eval/verdicts';
import type { ScorecardColumn } from '../../core/studies/run-study';
import { seedGroupKey } from '../run/runs-table';
import type { Table } from '../charts/table-export';
import { columnMarks, f2, READOUT_CSV_COLUMNS, readoutCsv, readoutsOf, unionColumns, type CompareColumn, type Readouts, type ScorecardRow } from './scorecard-table';

/**
 * Table 1 with a row per seed group instead of a row per run: runs that differ only by their
 * training seed (seedGroupKey, the rule the training charts' seed groups use) are one arm, scored at
 * several seeds. Each cell is the mean over the arm's seeds of a suite's Pass@1 with its 95 %
 * interval over seeds and problems (seedProblemInterval: the crossed seed × problem model; over the
 * seeds' Pass@1 alone when a scorecard has no per-problem accuracies), and the paired difference
 * against a reference row: seed s of the arm against seed s of the reference, only the seeds both
 * have. The base checkpoint has no training seed, so every seed of an arm pairs with it.
 */

/** A scored row and the config of its run; null for the base checkpoint, which has no seed. */
export interface SeedScorecard {
  row: ScorecardRow;
  config: ExperimentConfig | null;
}

/** What the interval of a paired difference says about 0 (the ordering test of verdicts.ts, without a claim's direction). */
export type DifferenceReading = 'above 0' | 'below 0' | 'includes 0';

/** How a cell's interval was made: over seeds and problems, or over the seeds' Pass@1 (no per-problem accuracies stored). */
export type SeedMethod = 'seeds × problems' | 'seeds';

export interface PairedCell {
  /** Mean over the paired seeds of (row − reference). */
  mean: number;
  /** Null with fewer than 2 paired seeds: one seed says nothing about how much a seed moves the result. */
  interval: SeedInterval | null;
  reading: DifferenceReading | null;
  /** The seeds both rows have (against the base checkpoint: every seed of the other row). */
  pairedSeeds: number[];
  /** Seeds left out for want of a partner: the row's own and the reference's (none against the checkpoint). */
  unpaired: { own: number[]; reference: number[] };
  method: SeedMethod;
}

export interface SeedGroupCell {
  mean: number;
  /** Null with one seed (never an interval of zero width for want of seeds). */
  interval: SeedInterval | null;
  /** The seeds that scored this column, ascending (fewer than the row's when a scorecard lacks the column). */
  seeds: number[];
  method: SeedMethod;
  /** Against the reference row; null for the reference itself or where it lacks the column. */
  vsReference: PairedCell | null;
  mark: RankMark;
  /** The readouts' means over the seeds that scored the column; null unless every one of them has it (pass@k: at the same k). */
  readouts: Readouts;
}

export interface SeedGroupRow {
  /** The first member's source: the value the reference picker uses for this row. */
  key: string;
  label: string;
  /** The run ids (or 'base') whose scorecards make the row, in the order they were given. */
  sources: string[];
  /** Training seeds of the members, ascending; null for the base checkpoint. */
  seeds: number[] | null;
  /** Runs left out because they repeat a seed the group already has (the first one counts). */
  repeated: string[];
  cells: (SeedGroupCell | null)[];
  /** Per column group, the mean over seeds of each seed's group average. */
  groupAverages: Record<string, number | null>;
}

export interface SeedTable {
  columns: CompareColumn[];
  groups: string[];
  rows: SeedGroupRow[];
  /** The reference row's key, or null when none of the rows is the one asked for. */
  reference: string | null;
}

interface Member {
  source: string;
  seed: number | null;
  result: ScorecardRow['result'];
}

/** Groups the scored rows by seed group, in the order each group's first member was given. */
export function seedGroupsOfRows(rows: readonly SeedScorecard[]): { key: string; label: string; members: Member[]; repeated: string[] }[] {
  const byKey = new Map<string, { key: string; label: string; members: Member[]; repeated: string[] }>();
  for (const { row, config } of rows) {
    const k = config ? seedGroupKey(config) : `checkpoint:${row.source}`;
    let g = byKey.get(k);
    if (!g) byKey.set(k, (g = { key: row.source, label: row.label, members: [], repeated: [] }));
    const seed = config ? config.seed : null;
    if (seed !== null && g.members.some((m) => m.seed === seed)) g.repeated.push(row.source);
    else g.members.push({ source: row.source, seed, result: row.result });
  }
  return [...byKey.values()];
}

const columnOf = (m: Member, key: string) => m.result.columns.find((c) => c.key === key) ?? null;

/**
 * The S × P table of one column for the given members: each seed's per-problem accuracies when
 * every member has them for the same problems, else each seed's Pass@1 as a one-column table.
 */
function tableOf(cols: readonly ScorecardColumn[], forceSeeds = false): { cells: number[][]; method: SeedMethod; problems: number } {
  const P = cols[0]?.accuracies?.length ?? 0;
  if (!forceSeeds && P > 0 && cols.every((c) => c.accuracies?.length === P)) return { cells: cols.map((c) => [...c.accuracies!]), method: 'seeds × problems', problems: P };
  return { cells: cols.map((c) => [c.pass1]), method: 'seeds', problems: 1 };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The column's cell for one group: mean over its seeds with the interval across seeds (and problems). */
function groupCell(members: readonly Member[], key: string): Omit<SeedGroupCell, 'vsReference' | 'mark'> | null {
  const scored = members.map((m) => ({ m, c: columnOf(m, key) })).filter((x): x is { m: Member; c: ScorecardColumn } => x.c !== null);
  if (scored.length === 0) return null;
  const t = tableOf(scored.map((x) => x.c));
  const interval = seedProblemInterval(t.cells);
  return { mean: interval?.mean ?? mean(scored.map((x) => x.c.pass1)), interval, seeds: scored.flatMap((x) => (x.m.seed === null ? [] : [x.m.seed])).sort((a, b) => a - b), method: t.method, readouts: meanReadouts(scored.map((x) => readoutsOf(x.c))) };
}

/** The mean over seeds of each readout, where every seed has it (and, for pass@k, at one k). */
export function meanReadouts(rs: readonly Readouts[]): Readouts {
  const ks = new Set(rs.map((r) => r.passAtK?.k ?? null));
  const k = ks.size === 1 ? [...ks][0] : null;
  return {
    passAtK: k === null ? null : { k, value: mean(rs.map((r) => r.passAtK!.value)) },
    entropy: rs.every((r) => r.entropy !== null) ? mean(rs.map((r) => r.entropy!)) : null,
  };
}

/** One side of a pairing on one column: the checkpoint's scorecard column, or each seed's. */
function sideOf(members: readonly Member[], key: string): { checkpoint: ScorecardColumn | null; bySeed: Map<number, ScorecardColumn> } {
  const checkpoint = members.length === 1 && members[0].seed === null ? columnOf(members[0], key) : null;
  const bySeed = new Map(members.flatMap((m) => { const c = columnOf(m, key); return c && m.seed !== null ? [[m.seed, c] as const] : []; }));
  return { checkpoint, bySeed };
}

/** Row − reference on one column, seed s against seed s; the base checkpoint pairs with every seed of the other side. */
function pairedCell(row: readonly Member[], reference: readonly Member[], key: string): PairedCell | null {
  const own = sideOf(row, key);
  const ref = sideOf(reference, key);
  const ownSeeds = [...own.bySeed.keys()].sort((a, b) => a - b);
  const refSeeds = [...ref.bySeed.keys()].sort((a, b) => a - b);
  let pairedSeeds: number[];
  if (own.checkpoint && ref.checkpoint) return null;
  else if (own.checkpoint) pairedSeeds = refSeeds;
  else if (ref.checkpoint) pairedSeeds = ownSeeds;
  else pairedSeeds = ownSeeds.filter((s) => ref.bySeed.has(s));
  if (pairedSeeds.length === 0) return null;
  const unpaired = own.checkpoint || ref.checkpoint ? { own: [], reference: [] } : { own: ownSeeds.filter((s) => !ref.bySeed.has(s)), reference: refSeeds.filter((s) => !own.bySeed.has(s)) };
  const a = pairedSeeds.map((s) => own.checkpoint ?? own.bySeed.get(s)!);
  const b = pairedSeeds.map((s) => ref.checkpoint ?? ref.bySeed.get(s)!);
  // Per problem only when both sides hold the same problems; else seed by seed.
  let ta = tableOf(a);
  let tb = tableOf(b);
  if (ta.method !== tb.method || ta.problems !== tb.problems) {
    ta = tableOf(a, true);
    tb = tableOf(b, true);
  }
  const interval = pairedDifference(ta.cells, tb.cells);
  const point = mean(pairedSeeds.map((_, i) => a[i].pass1 - b[i].pass1));
  return { mean: interval?.mean ?? point, interval, reading: interval ? differenceReading(interval) : null, pairedSeeds, unpaired, method: ta.method };
}

/** Whether the interval of a difference lies above 0, below 0, or includes it (orderingVerdict's rule). */
export function differenceReading(interval: SeedInterval): DifferenceReading {
  const v = orderingVerdict(interval);
  return v === 'supported' ? 'above 0' : v === 'contradicted' ? 'below 0' : 'includes 0';
}

/**
 * Builds the seed-group table. `reference` is a source (a run id or 'base'): the row whose members
 * include it is the reference of every other row's paired differences.
 */
export function seedTable(rows: readonly SeedScorecard[], reference: string | null): SeedTable {
  const { columns, groups } = unionColumns(rows.map(({ row }) => row.result));
  const grouped = seedGroupsOfRows(rows);
  const ref = grouped.find((g) => g.members.some((m) => m.source === reference) || g.repeated.includes(reference ?? '')) ?? null;
  const cells = grouped.map((g) => columns.map((c) => groupCell(g.members, c.key)));
  const marks = columnMarks(cells.map((r) => r.map((x) => x?.mean ?? null)), columns.length);
  return {
    columns,
    groups,
    reference: ref?.key ?? null,
    rows: grouped.map((g, i) => {
      const groupAverages: Record<string, number | null> = {};
      for (const name of groups) {
        const avgs = g.members.flatMap((m) => m.result.groups.filter((x) => x.group === name).map((x) => x.average));
        groupAverages[name] = avgs.length ? mean(avgs) : null;
      }
      const checkpoint = g.members.length === 1 && g.members[0].seed === null;
      return {
        key: g.key,
        label: g.label,
        sources: [...g.members.map((m) => m.source), ...g.repeated],
        seeds: checkpoint ? null : g.members.map((m) => m.seed!).sort((a, b) => a - b),
        repeated: g.repeated,
        groupAverages,
        cells: cells[i].map((cell, j) => {
          if (!cell) return null;
          const vsReference = ref && ref !== g ? pairedCell(g.members, ref.members, columns[j].key) : null;
          return { ...cell, vsReference, mark: marks[j][i] };
        }),
      };
    }),
  };
}

/** "2 seeds (11, 12)", "1 seed (11)", or "checkpoint" for the base checkpoint, which has no training seed. */
export function seedsText(seeds: readonly number[] | null): string {
  if (seeds === null) return 'checkpoint';
  return `${seeds.length} seed${seeds.length === 1 ? '' : 's'} (${seeds.join(', ')})`;
}

/** Whether any group joins more than one run: the table has something to group. */
export function hasSeedGroups(rows: readonly SeedScorecard[]): boolean {
  return seedGroupsOfRows(rows).some((g) => g.members.length + g.repeated.length > 1);
}

const signedF2 = (x: number) => `${x >= 0 ? '+' : ''}${f2(x)}`;

/** Long format: one line per seed group and column, every number that makes a cell. */
export function seedCsv(t: SeedTable): Table {
  const rows = t.rows.flatMap((r) =>
    t.columns.map((c, j) => {
      const cell = r.cells[j];
      const d = cell?.vsReference ?? null;
      return [
        r.label,
        r.sources.join(' '),
        r.seeds === null ? null : r.seeds.join(' '),
        c.group,
        c.key,
        c.analog,
        cell ? f2(cell.mean) : null,
        cell?.interval ? f2(cell.interval.lo) : null,
        cell?.interval ? f2(cell.interval.hi) : null,
        cell ? cell.seeds.join(' ') : null,
        cell?.method ?? null,
        d ? f2(d.mean) : null,
        d?.interval ? f2(d.interval.lo) : null,
        d?.interval ? f2(d.interval.hi) : null,
        d?.reading ?? null,
        d ? d.pairedSeeds.join(' ') : null,
        ...readoutCsv(cell?.readouts),
      ];
    }),
  );
  return {
    columns: ['group', 'runs', 'seeds', 'column group', 'column', 'benchmark analog', 'pass@1 % (mean over seeds)', 'ci low %', 'ci high %', 'seeds scored', 'interval over', 'delta vs reference %', 'delta ci low %', 'delta ci high %', 'delta reading', 'paired seeds', ...READOUT_CSV_COLUMNS],
    rows,
  };
}

/** Wide format: a row per seed group, each cell the mean with its interval over seeds and the paired Δ in brackets. */
export function seedMarkdown(t: SeedTable): Table {
  const columns = ['Model', 'seeds', ...t.columns.map((c) => c.analog), ...t.groups.map((g) => `${g} avg`)];
  const rows = t.rows.map((r) => [
    r.label,
    r.seeds === null ? 'checkpoint' : String(r.seeds.length),
    ...r.cells.map((cell) => {
      if (!cell) return '—';
      let s = f2(cell.mean);
      if (cell.mark === 'best') s = `**${s}**`;
      else if (cell.mark === 'second') s = `<u>${s}</u>`;
      s += cell.interval ? ` (${f2(cell.interval.lo)}–${f2(cell.interval.hi)})` : ' (—)';
      const d = cell.vsReference;
      if (d) s += d.interval ? ` [Δ ${signedF2(d.mean)}, ${signedF2(d.interval.lo)} to ${signedF2(d.interval.hi)}: ${d.reading}]` : ` [Δ ${signedF2(d.mean)}]`;
      return s;
    }),
    ...t.groups.map((g) => (r.groupAverages[g] == null ? '—' : f2(r.groupAverages[g]!))),
  ]);
  return { columns, rows };
}
