import { formatDelta, rankMarks, type RankMark } from '../../core/eval';
import type { ScorecardColumn, ScorecardResult } from '../../core/studies/run-study';
import type { Table } from '../charts/table-export';

/**
 * Table 1 of the paper for the selected runs: one row per run (and the base checkpoint, "Orig"),
 * one column per scorecard suite, grouped into reasoning / fitness / generalisation / robustness.
 * Each cell is Pass@1 in percent with its bootstrap interval; the fitness and noise columns carry
 * the paper's subscript (the change against the clean, uncapped column), and every cell can show
 * its difference from a baseline row.
 */
export type { ScorecardResult } from '../../core/studies/run-study';

export interface ScorecardRow {
  label: string;
  /** A run id, or 'base' for the base checkpoint. */
  source: string;
  result: ScorecardResult;
}

export interface CompareCell {
  pass1: number;
  /** Null with a single run per problem: there is no interval (NEEDS_RUNS). */
  ci: [number, number] | null;
  /** The paper's subscript: score minus the clean column's (e.g. 8K vs 32K, N1 vs clean). */
  columnDelta: number | null;
  /** Score minus the baseline row's score in the same column; null for the baseline itself. */
  vsBaseline: number | null;
  mark: RankMark;
  readouts: Readouts;
}

/**
 * A column's readouts of "diffuse against concentrated": pass@k at k = its runs per problem (a
 * share) and the mean surprisal of its sampled tokens (nats per token). Null where the column has
 * none: one run per problem, greedy decoding, or a scorecard stored before them.
 */
export interface Readouts {
  passAtK: { k: number; value: number } | null;
  entropy: number | null;
}

/** A stored column's readouts. */
export const readoutsOf = (c: ScorecardColumn): Readouts => ({ passAtK: c.passAtK ?? null, entropy: c.entropy?.nats ?? null });

/** The readouts as a cell writes them, small under its score as the interval is: "pass@8 62.5", "H 0.412" (nats); null where the column has none. */
export function readoutParts(r: Readouts): { passAtK: string | null; entropy: string | null } {
  return { passAtK: r.passAtK ? `pass@${r.passAtK.k} ${(r.passAtK.value * 100).toFixed(1)}` : null, entropy: r.entropy === null ? null : `H ${r.entropy.toFixed(3)}` };
}

export interface CompareColumn {
  key: string;
  analog: string;
  group: string;
}

export interface CompareTable {
  columns: CompareColumn[];
  rows: { label: string; source: string; cells: (CompareCell | null)[]; groupAverages: Record<string, number | null> }[];
  groups: string[];
}

const pct = (x: number) => x * 100;

/** The union of the rows' scorecard columns, in first-seen order, and their groups in that order. */
export function unionColumns(scorecards: readonly { columns: readonly ScorecardColumn[] }[]): { columns: CompareColumn[]; groups: string[] } {
  const columns: CompareColumn[] = [];
  for (const r of scorecards) for (const c of r.columns) if (!columns.some((x) => x.key === c.key)) columns.push({ key: c.key, analog: c.analog, group: c.group });
  return { columns, groups: [...new Set(columns.map((c) => c.group))] };
}

/** marks[column][row]: best and second of each column over the rows that scored it (null where a row did not). */
export function columnMarks(scores: readonly (readonly (number | null)[])[], columnCount: number): RankMark[][] {
  return Array.from({ length: columnCount }, (_, j) => {
    const present = scores.map((row) => row[j]);
    const scored = present.filter((x): x is number => x !== null);
    const m = scored.length > 1 ? rankMarks(scored) : scored.map((): RankMark => null);
    let k = 0;
    return present.map((x) => (x !== null ? m[k++] : null));
  });
}

/** Builds the table; columns are the union of the rows' scorecard columns, in first-seen order. */
export function compareTable(rows: readonly ScorecardRow[], baseline: string | null): CompareTable {
  const { columns, groups } = unionColumns(rows.map((r) => r.result));
  const base = rows.find((r) => r.source === baseline) ?? null;
  const cellsOf = (r: ScorecardRow) => columns.map((c) => r.result.columns.find((x) => x.key === c.key) ?? null);
  const baseCells = base ? cellsOf(base) : null;
  const marks = columnMarks(rows.map((r) => cellsOf(r).map((x) => x?.pass1 ?? null)), columns.length);
  return {
    columns,
    groups,
    rows: rows.map((r, i) => {
      const cells = cellsOf(r).map((c, j): CompareCell | null => {
        if (!c) return null;
        const b = baseCells?.[j];
        return { pass1: c.pass1, ci: c.ci, columnDelta: c.delta, vsBaseline: b && r !== base ? c.pass1 - b.pass1 : null, mark: marks[j][i], readouts: readoutsOf(c) };
      });
      const groupAverages: Record<string, number | null> = {};
      for (const g of groups) groupAverages[g] = r.result.groups.find((x) => x.group === g)?.average ?? null;
      return { label: r.label, source: r.source, cells, groupAverages };
    }),
  };
}

/** A share as percent with two decimals, as every scorecard number is written. */
export const f2 = (x: number) => pct(x).toFixed(2);

/** Long format: one line per run and column, every number that makes a cell. */
export function compareCsv(t: CompareTable): Table {
  const rows = t.rows.flatMap((r) =>
    t.columns.map((c, j) => {
      const cell = r.cells[j];
      return [r.label, r.source, c.group, c.key, c.analog, cell ? f2(cell.pass1) : null, cell?.ci ? f2(cell.ci[0]) : null, cell?.ci ? f2(cell.ci[1]) : null, cell?.columnDelta != null ? f2(cell.columnDelta) : null, cell?.vsBaseline != null ? f2(cell.vsBaseline) : null, ...readoutCsv(cell?.readouts)];
    }),
  );
  return { columns: ['run', 'source', 'group', 'column', 'benchmark analog', 'pass@1 %', 'ci low %', 'ci high %', 'delta vs clean %', 'delta vs baseline %', ...READOUT_CSV_COLUMNS], rows };
}

/** The readouts' CSV columns: k, pass@k and the entropy, blank where a cell has none. */
export const READOUT_CSV_COLUMNS = ['pass@k k', 'pass@k %', 'entropy (nats/token)'];
export const readoutCsv = (r: Readouts | undefined): (string | number | null)[] => [r?.passAtK?.k ?? null, r?.passAtK ? f2(r.passAtK.value) : null, r?.entropy == null ? null : r.entropy.toFixed(4)];

/** Wide format, as Table 1 prints it: bold best, underlined second, subscript deltas in parentheses. */
export function compareMarkdown(t: CompareTable): Table {
  const columns = ['Model', ...t.columns.map((c) => c.analog), ...t.groups.map((g) => `${g} avg`)];
  const rows = t.rows.map((r) => [
    r.label,
    ...r.cells.map((cell) => {
      if (!cell) return '—';
      let s = f2(cell.pass1);
      if (cell.mark === 'best') s = `**${s}**`;
      else if (cell.mark === 'second') s = `<u>${s}</u>`;
      if (cell.columnDelta !== null) s += ` (${formatDelta(pct(cell.columnDelta))})`;
      if (cell.vsBaseline !== null) s += ` [${cell.vsBaseline >= 0 ? '+' : ''}${f2(cell.vsBaseline)}]`;
      return s;
    }),
    ...t.groups.map((g) => (r.groupAverages[g] == null ? '—' : f2(r.groupAverages[g]!))),
  ]);
  return { columns, rows };
}
