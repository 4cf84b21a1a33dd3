import type { CensusResult, GreedyResult, MaxGapResult, Pass1Summary, ScorecardColumn, ScorecardResult, SweepResult } from '../../src/core/eval/results';
import { problemPassAtK } from '../../src/core/eval/passAtK';
import { NEEDS_RUNS } from '../../src/core/eval/stats';
import { GREEDY_HAS_NO_ENTROPY, pooledSurprisal, type SurprisalMean } from '../../src/core/eval/surprisal';
import type { StoredUnit } from './data';
import type { Measure, Side } from './paper';

/**
 * A preset's stored units as seeds × problems tables: what the verdicts' intervals read. A group
 * (e.g. the reasoning average of in-30 and in-83) is one table with the problems of all its suites
 * side by side, never an average of its members' intervals.
 */
export class PresetUnits {
  private readonly byArm = new Map<string, Map<number, StoredUnit>>();
  /** Seeds every arm of the preset has finished: the seeds the verdicts use. */
  readonly seeds: number[];

  constructor(
    readonly units: readonly StoredUnit[],
    readonly arms: readonly string[],
  ) {
    for (const u of units) {
      if (!this.byArm.has(u.unit.arm)) this.byArm.set(u.unit.arm, new Map());
      this.byArm.get(u.unit.arm)!.set(u.unit.seed, u);
    }
    const all = [...new Set(units.map((u) => u.unit.seed))].sort((a, b) => a - b);
    this.seeds = all.filter((s) => arms.every((a) => this.byArm.get(a)?.has(s)));
  }

  unit(arm: string, seed: number): StoredUnit | undefined {
    return this.byArm.get(arm)?.get(seed);
  }

  /**
   * Whether the arm ended every complete seed with the base checkpoint's weights: an arm that does
   * not train, or a run whose keep rule kept step 0 (B.3 counts the start as a candidate).
   */
  endedAtStart(arm: string): boolean {
    return this.seeds.every((seed) => {
      const u = this.unit(arm, seed);
      return u !== undefined && (u.outcome ? u.outcome.keptStep === 0 : u.metrics.length === 0);
    });
  }

  /** The arm's rows at the complete seeds (rows: seeds, columns: problems), or why there are none. */
  table(side: Side, like?: number[][]): number[][] | string {
    if ('constant' in side) return like ? like.map((row) => row.map(() => side.constant)) : 'a constant needs the other side';
    if (this.seeds.length === 0) return 'not run';
    const rows: number[][] = [];
    for (const seed of this.seeds) {
      const u = this.unit(side.arm, seed);
      if (!u) return `no ${side.arm} unit at seed ${seed}`;
      const row = rowOf(u, side.measure, this.unit('Orig', seed));
      if (typeof row === 'string') return row;
      rows.push(row);
    }
    return rows;
  }
}

function study<R>(u: StoredUnit, kind: string, suite?: string): R | undefined {
  const s = u.studies.find((r) => r.kind === kind && (suite === undefined || (r.study as { suite?: string }).suite === suite));
  return s?.result as R | undefined;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * One seed's pass@k (per problem, from the stored accuracies) or mean surprisal (one value, the
 * columns pooled by their tokens) on scorecard columns, or why it has none.
 */
function readoutRow(u: StoredUnit, m: { passAtK: string[] } | { entropy: string[] }): number[] | string {
  const card = study<ScorecardResult>(u, 'scorecard');
  if (!card) return `${u.unit.arm} has no scorecard`;
  const keys = 'passAtK' in m ? m.passAtK : m.entropy;
  const cols = keys.map((key) => card.columns.find((x) => x.key === key) ?? key);
  const absent = cols.find((c) => typeof c === 'string');
  if (absent !== undefined) return `${u.unit.arm}'s scorecard has no ${absent} column`;
  const found = cols as ScorecardColumn[];
  if ('passAtK' in m) {
    const rows: number[][] = [];
    for (const c of found) {
      if (c.passAtK === undefined || !c.accuracies) return `${u.unit.arm}'s ${c.key} predates the pass@k readout`;
      if (c.passAtK === null) return `${c.key} was scored with one run per problem (${NEEDS_RUNS})`;
      rows.push(problemPassAtK(c.accuracies, c.runs, c.passAtK.k));
    }
    return rows.flat();
  }
  const parts: SurprisalMean[] = [];
  for (const c of found) {
    if (c.entropy === undefined) return `${u.unit.arm}'s ${c.key} predates the entropy readout`;
    if (c.entropy === null) return `${c.key}: ${GREEDY_HAS_NO_ENTROPY}`;
    parts.push(c.entropy);
  }
  return [pooledSurprisal(parts).nats];
}

/** One seed's values of a measure: per problem, or a single value. */
function rowOf(u: StoredUnit, m: Measure, orig: StoredUnit | undefined): number[] | string {
  if ('scorecard' in m || 'capDrop' in m) {
    const card = study<ScorecardResult>(u, 'scorecard');
    if (!card) return `${u.unit.arm} has no scorecard`;
    const column = (key: string): number[] | string => {
      const c = card.columns.find((x) => x.key === key);
      if (!c) return `${u.unit.arm}'s scorecard has no ${key} column`;
      return c.accuracies ?? `${u.unit.arm}'s ${key} predates per-problem accuracies`;
    };
    const concat = (keys: string[]) => {
      const parts = keys.map(column);
      const missing = parts.find((p) => typeof p === 'string');
      return missing !== undefined ? (missing as string) : (parts as number[][]).flat();
    };
    if ('scorecard' in m) return concat(m.scorecard);
    const uncapped = concat(m.capDrop.uncapped);
    const capped = concat(m.capDrop.capped);
    if (typeof uncapped === 'string') return uncapped;
    if (typeof capped === 'string') return capped;
    return uncapped.map((x, i) => x - capped[i]);
  }
  if ('passAtK' in m || 'entropy' in m) return readoutRow(u, m);
  if ('pass1' in m) {
    const parts = m.pass1.map((s) => study<Pass1Summary>(u, 'pass1', s)?.accuracies);
    return parts.some((p) => !p) ? `${u.unit.arm} has no pass1 study of ${m.pass1[parts.findIndex((p) => !p)]}` : parts.flat() as number[];
  }
  if ('tokensSaved' in m) {
    const length = (x: StoredUnit | undefined) => {
      const ls = m.tokensSaved.map((s) => (x ? study<Pass1Summary>(x, 'pass1', s)?.meanLength : undefined));
      return ls.some((l) => l === undefined) ? undefined : mean(ls as number[]);
    };
    const a = length(u);
    const o = length(orig);
    if (a === undefined || o === undefined || o === 0) return `mean lengths of ${u.unit.arm} and Orig on ${m.tokensSaved.join(', ')} are not both measured`;
    return [1 - a / o];
  }
  if ('runGap' in m || 'uncertain' in m) {
    const suite = 'runGap' in m ? m.runGap : m.uncertain;
    const p = study<Pass1Summary>(u, 'pass1', suite);
    const v = p ? ('runGap' in m ? p.maxRunGap : p.uncertainShare) : undefined;
    if (v === undefined) return `${u.unit.arm} has no pass1 study of ${suite}`;
    return v === null ? `one evaluation run of ${suite} has no spread (needs ≥ 2 runs)` : [v];
  }
  if ('sweepGap' in m) {
    const point = study<SweepResult>(u, 'temperatureSweep')?.points.find((p) => p.temperature === m.sweepGap);
    if (!point) return `the temperature sweep has no T = ${m.sweepGap}`;
    return point.maxRunGap === null ? `one run at T = ${m.sweepGap} has no spread (needs ≥ 2 runs)` : [point.maxRunGap];
  }
  if ('trialGap' in m) {
    const rows = study<MaxGapResult>(u, 'maxGap', m.trialGap.suite)?.rows.filter((r) => r.available);
    if (!rows || rows.length < 2) return `the maxGap study of ${m.trialGap.suite} has fewer than two sizes of trial`;
    const row = m.trialGap.runs === 'fewest' ? rows[0] : rows[rows.length - 1];
    return row.available ? [row.maxGap] : 'not measured';
  }
  if ('greedy' in m) {
    const g = study<GreedyResult>(u, 'greedy');
    if (!g) return `${u.unit.arm} has no greedy study`;
    return m.greedy === 'greedy' ? g.greedy.correct.map((c) => (c ? 1 : 0)) : g.sampled.accuracies;
  }
  const c = study<CensusResult>(u, 'census');
  if (!c) return `${u.unit.arm} has no census`;
  const { temperature, groupSize } = m.census;
  const g = c.samplings.find((s) => s.temperature === temperature)?.groups.find((r) => r.groupSize === groupSize);
  return g ? [g.effectiveShare] : `the census has no T = ${temperature} at G = ${groupSize}`;
}
