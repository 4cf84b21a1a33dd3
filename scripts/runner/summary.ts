import type { StepMetrics } from '../../src/core/grpo/metrics';
import type { StudyReport, Pass1Summary, ScorecardColumn } from '../../src/core/studies/run-study';
import { StudyReportSchema } from '../../src/core/eval/results';
import type { EvalPoint, RunOutcome } from '../../src/core/training/driver';
import { suitePoints } from '../../src/core/training/validation';
import { NEEDS_RUNS, type MaxGapRow } from '../../src/core/eval';
import { NEEDS_SEEDS } from '../../src/core/eval/seed-interval';
import { GREEDY_HAS_NO_ENTROPY } from '../../src/core/eval/surprisal';
import { tQuantile } from '../../src/core/eval/student-t';
import type { Plan, Unit } from './plan';

/**
 * Turns the units' results into the experiment's outputs: summary.json (config, seeds, backend,
 * versions, wall time, final metrics with intervals), metrics.csv (every step of every unit) and
 * a paper-style markdown table. Pure: the runner and `--merge` both call it.
 */
export interface UnitResult {
  unitId: string;
  status: 'done';
  backend: { name: string; adapter: string };
  wallSeconds: number;
  metrics: StepMetrics[];
  evals: EvalPoint[];
  outcome?: RunOutcome;
  studies: StudyReport[];
}

export interface Estimate {
  mean: number;
  /**
   * 95 % interval: across seeds when there are several, else the study's own interval over runs;
   * null where neither exists (one seed and no interval of its own: nothing says how much it varies).
   */
  ci: [number, number] | null;
  n: number;
}

export interface ArmSummary {
  arm: string;
  grid: Record<string, number | boolean | string>;
  seeds: number[];
  /** Means over the last 5 steps of training, per seed, then across seeds. */
  final: Partial<Record<FinalMetric, Estimate>>;
  /** `undefinedValues`: keys the study could not measure (a spread or interval of a single run, NEEDS_RUNS). */
  studies: { kind: string; label: string; values: Record<string, Estimate>; undefinedValues?: string[]; extra?: unknown }[];
  evals: { step: number; pass1: Estimate }[];
}

export const FINAL_METRICS = ['reward', 'accuracy', 'meanLength', 'effectiveShare', 'allCorrectShare', 'allWrongShare', 'positiveUsed', 'negativeUsed', 'entropy', 'clipFraction', 'kl'] as const;
export type FinalMetric = (typeof FINAL_METRICS)[number];

export interface Summary {
  format: 'grpo-lab-experiment';
  version: 1;
  title: string;
  paper: string;
  source: Plan['source'];
  seeds: number[];
  grid: Plan['grid'];
  backend: { name: string; adapter: string } | null;
  versions: Record<string, string>;
  startedAt: string;
  wallSeconds: number;
  units: { id: string; arm: string; seed: number; grid: Unit['grid']; status: 'done' | 'missing'; wallSeconds?: number }[];
  arms: ArmSummary[];
}

export function estimate(values: number[], single?: [number, number]): Estimate {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, ci: single ?? null, n };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { mean, ci: [mean - half, mean + half], n };
}

function finalOf(metrics: StepMetrics[], key: FinalMetric): number {
  const tail = metrics.slice(-5);
  return tail.reduce((a, m) => a + m[key], 0) / tail.length;
}

/** A study's value and its own interval; null where it does not exist (a single run has no spread). */
type StudyValue = [number | null, [number, number] | null | undefined];

/** Per study kind, the numbers worth a row: name → [value, own interval]. */
function studyValues(report: StudyReport): Record<string, StudyValue> {
  const r = report.result as Record<string, unknown>;
  switch (report.kind) {
    case 'pass1': {
      const s = r as unknown as Pass1Summary;
      return { pass1: [s.pass1, s.ci], meanLength: [s.meanLength, undefined], uncertainShare: [s.uncertainShare, undefined], maxRunGap: [s.maxRunGap, undefined], runStd: [s.runStd, undefined] };
    }
    case 'scorecard': {
      const cols = (r as { columns: ScorecardColumn[]; groups: { group: string; average: number }[] });
      const out: Record<string, StudyValue> = {};
      for (const c of cols.columns) {
        out[c.key] = [c.pass1, c.ci];
        // The readouts of "diffuse against concentrated" (absent from scorecards stored before them).
        if (c.passAtK !== undefined) out[`${PASS_AT_K} ${c.key}`] = [c.passAtK?.value ?? null, undefined];
        if (c.entropy !== undefined) out[`${ENTROPY} ${c.key}`] = [c.entropy?.nats ?? null, undefined];
      }
      for (const g of cols.groups) out[`avg:${g.group}`] = [g.average, undefined];
      return out;
    }
    case 'census': {
      // Parsed, so a census stored in the earlier form (one temperature, one G) reads too.
      const parsed = StudyReportSchema.safeParse(report);
      if (!parsed.success || parsed.data.kind !== 'census') return {};
      const out: Record<string, StudyValue> = {};
      for (const s of parsed.data.result.samplings) {
        const at = `T=${s.temperature} top-p=${s.topP}`;
        out[`meanAccuracy ${at}`] = [s.meanAccuracy, undefined];
        for (const g of s.groups) {
          out[`effective ${at} G=${g.groupSize}`] = [g.effectiveShare, undefined];
          out[`zero predicted ${at} G=${g.groupSize}`] = [g.predictedAllCorrectShare + g.predictedAllWrongShare, undefined];
        }
      }
      return out;
    }
    case 'maxGap': {
      const rows = (r as { rows: MaxGapRow[] }).rows;
      const out: Record<string, StudyValue> = {};
      for (const row of rows) if (row.available) {
        out[`pass1@${row.runs}`] = [row.meanPass1, undefined];
        out[`gap@${row.runs}`] = [row.maxGap, undefined];
      }
      return out;
    }
    case 'temperatureSweep': {
      const out: Record<string, StudyValue> = {};
      for (const p of (r as { points: { temperature: number; pass1: number; maxRunGap: number | null; runStd: number | null }[] }).points) {
        out[`pass1@T${p.temperature}`] = [p.pass1, undefined];
        out[`gap@T${p.temperature}`] = [p.maxRunGap, undefined];
        out[`std@T${p.temperature}`] = [p.runStd, undefined];
      }
      return out;
    }
    case 'greedy': {
      const g = r as { sampled: { pass1: number; uncertainShare: number | null }; greedy: { pass1: number; uncertainShare: number }; byBatch: { batchSize: number; flipped: number[]; textChanged: number }[]; byBackend: { backend: string; flipped?: number[] }[] };
      const out: Record<string, StudyValue> = {
        sampledPass1: [g.sampled.pass1, undefined],
        sampledUncertain: [g.sampled.uncertainShare, undefined],
        greedyPass1: [g.greedy.pass1, undefined],
      };
      for (const b of g.byBatch) out[`flips@batch${b.batchSize}`] = [b.flipped.length, undefined];
      for (const b of g.byBackend) if (b.flipped) out[`flips@${b.backend}`] = [b.flipped.length, undefined];
      return out;
    }
    case 'perturbation': {
      const p = r as { flipped: number[]; wrongToRight: number; rightToWrong: number; before: boolean[]; after: boolean[] };
      const acc = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;
      return { flips: [p.flipped.length, undefined], wrongToRight: [p.wrongToRight, undefined], rightToWrong: [p.rightToWrong, undefined], greedyBefore: [acc(p.before), undefined], greedyAfter: [acc(p.after), undefined] };
    }
  }
}

/** A scorecard's readout keys: `pass@k <column>` (k = its runs per problem) and `entropy <column>` (nats per sampled token). */
const PASS_AT_K = 'pass@k';
const ENTROPY = 'entropy';
const readoutOf = (key: string): { readout: typeof PASS_AT_K | typeof ENTROPY; column: string } | null => {
  const m = /^(pass@k|entropy) (.+)$/.exec(key);
  return m ? { readout: m[1] as typeof PASS_AT_K | typeof ENTROPY, column: m[2] } : null;
};

function studyLabel(report: StudyReport): string {
  const s = report.study as { kind: string; suite?: string };
  return s.suite ? `${s.kind} ${s.suite}` : s.kind;
}

export function summarise(plan: Plan, results: Map<string, UnitResult>, meta: { versions: Record<string, string>; startedAt: string; wallSeconds: number }): Summary {
  const groups = new Map<string, Unit[]>();
  for (const u of plan.units) {
    const key = `${u.arm}\u0000${JSON.stringify(u.grid)}`;
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  const arms: ArmSummary[] = [];
  for (const units of groups.values()) {
    const done = units.map((u) => results.get(u.id)).filter((r): r is UnitResult => !!r);
    const final: ArmSummary['final'] = {};
    const trained = done.filter((r) => r.metrics.length > 0);
    if (trained.length) for (const k of FINAL_METRICS) final[k] = estimate(trained.map((r) => finalOf(r.metrics, k)));
    const studies: ArmSummary['studies'] = [];
    const nStudies = units[0].studies.length;
    for (let i = 0; i < nStudies; i++) {
      const reports = done.map((r) => r.studies[i]).filter(Boolean);
      if (!reports.length) continue;
      const perSeed = reports.map(studyValues);
      const values: Record<string, Estimate> = {};
      const undefinedValues: string[] = [];
      for (const key of Object.keys(perSeed[0])) {
        // A seed whose report lacks the key (a scorecard stored before its readouts) is left out of its mean.
        const measured = perSeed.map((v) => v[key]?.[0]).filter((x): x is number => typeof x === 'number');
        if (measured.length === 0) undefinedValues.push(key);
        else values[key] = estimate(measured, perSeed.length === 1 ? (perSeed[0][key][1] ?? undefined) : undefined);
      }
      studies.push({ kind: reports[0].kind, label: studyLabel(reports[0]), values, ...(undefinedValues.length ? { undefinedValues } : {}), ...(reports.length === 1 ? { extra: reports[0].result } : {}) });
    }
    // Figure 3's curve: the evaluation suite's points (the validation split's are the keep rule's, not the curve's).
    const evalSteps = [...new Set(done.flatMap((r) => suitePoints(r.evals).map((e) => e.step)))].sort((a, b) => a - b);
    const evals = evalSteps.map((step) => ({ step, pass1: estimate(done.flatMap((r) => suitePoints(r.evals).filter((e) => e.step === step).map((e) => e.pass1))) })).filter((e) => e.pass1.n > 0);
    arms.push({ arm: units[0].arm, grid: units[0].grid, seeds: done.map((r) => plan.units.find((u) => u.id === r.unitId)!.seed), final, studies, evals });
  }
  const first = [...results.values()][0];
  return {
    format: 'grpo-lab-experiment',
    version: 1,
    title: plan.title,
    paper: plan.paper,
    source: plan.source,
    seeds: plan.seeds,
    grid: plan.grid,
    backend: first?.backend ?? null,
    versions: meta.versions,
    startedAt: meta.startedAt,
    wallSeconds: meta.wallSeconds,
    units: plan.units.map((u) => {
      const r = results.get(u.id);
      return { id: u.id, arm: u.arm, seed: u.seed, grid: u.grid, status: r ? 'done' : 'missing', ...(r ? { wallSeconds: r.wallSeconds } : {}) };
    }),
    arms,
  };
}

/** Every step of every unit, one row each. */
export function metricsCsv(plan: Plan, results: Map<string, UnitResult>): string {
  const knobs = plan.grid.map((g) => g.knob);
  const rows: string[] = [];
  let header: string[] | null = null;
  for (const u of plan.units) {
    const r = results.get(u.id);
    if (!r) continue;
    for (const m of r.metrics) {
      if (!header) {
        header = ['unit', 'arm', 'seed', ...knobs, ...Object.keys(m)];
        rows.push(header.map(csvCell).join(','));
      }
      rows.push([u.id, u.arm, u.seed, ...knobs.map((k) => u.grid[k]), ...Object.values(m)].map(csvCell).join(','));
    }
  }
  return rows.join('\n') + (rows.length ? '\n' : '');
}

export function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const pct = (x: number) => (x * 100).toFixed(2);

function cell(e: Estimate | undefined, scale: (x: number) => string = pct): string {
  if (!e) return '—';
  if (!e.ci) return `${scale(e.mean)} [—]`;
  const [lo, hi] = e.ci;
  return `${scale(e.mean)} [${scale(lo)}, ${scale(hi)}]`;
}

function armName(a: ArmSummary): string {
  const g = Object.entries(a.grid).map(([k, v]) => `${k}=${v}`).join(', ');
  return g ? `${a.arm} (${g})` : a.arm;
}

/**
 * A scorecard's readouts with a row per column and, per arm, pass@k (%) and the sampled tokens'
 * mean surprisal (nats): transposed, so the arms a reader compares sit side by side.
 */
function readoutTable(arms: ArmSummary[], slot: number, columns: string[]): string[] {
  const show = (a: ArmSummary, key: string, scale: (x: number) => string) => {
    const st = a.studies[slot];
    if (st.undefinedValues?.includes(key)) return `— (${readoutOf(key)!.readout === ENTROPY ? GREEDY_HAS_NO_ENTROPY : NEEDS_RUNS})`;
    return cell(st.values[key], scale);
  };
  const header = arms.flatMap((a) => [`${armName(a)} ${PASS_AT_K} %`, `${armName(a)} ${ENTROPY} (nats/token)`]);
  return [
    `### ${arms[0].studies[slot].label}: pass@k and entropy`,
    '',
    `pass@k at k = the runs per problem (the share of problems some run solved; higher at equal Pass@1: more diverse), and the mean surprisal −log π of the sampled tokens (lower: more concentrated).`,
    '',
    `| column | ${header.join(' | ')} |`,
    `|---|${header.map(() => '---').join('|')}|`,
    ...columns.map((c) => `| ${c} | ${arms.flatMap((a) => [show(a, `${PASS_AT_K} ${c}`, pct), show(a, `${ENTROPY} ${c}`, (x) => x.toFixed(3))]).join(' | ')} |`),
    '',
  ];
}

/**
 * The experiment's table in markdown: one section per study slot (rows = arms), then training's
 * final metrics and the evaluation curve when there is one. Scores are percentages with 95 %
 * intervals in brackets.
 */
export function renderTables(s: Summary): string {
  const out: string[] = [`## ${s.title}${s.paper ? ` (${s.paper})` : ''}`, ''];
  out.push(`Seeds: ${s.seeds.join(', ')}. Backend: ${s.backend ? `${s.backend.name} (${s.backend.adapter})` : '—'}. Wall time: ${(s.wallSeconds / 60).toFixed(1)} min.`, '');
  out.push(`Each cell is a mean with its 95 % interval in brackets: across training seeds where there are several, else the study's own interval over evaluation runs; [—]: no interval (one seed and none of the study's own, ${NEEDS_SEEDS}).`, '');
  const slots = Math.max(0, ...s.arms.map((a) => a.studies.length));
  for (let i = 0; i < slots; i++) {
    const arms = s.arms.filter((a) => a.studies[i]);
    if (!arms.length) continue;
    const all = [...new Set(arms.flatMap((a) => [...Object.keys(a.studies[i].values), ...(a.studies[i].undefinedValues ?? [])]))];
    const keys = all.filter((k) => !readoutOf(k));
    const isCount = (k: string) => /^(flips|wrongToRight|rightToWrong)/.test(k);
    const isLength = (k: string) => /length/i.test(k);
    out.push(`### ${arms[0].studies[i].label}`, '');
    out.push(`| | ${keys.join(' | ')} |`, `|---|${keys.map(() => '---').join('|')}|`);
    for (const a of arms) {
      const st = a.studies[i];
      out.push(`| ${armName(a)} | ${keys.map((k) => (st.undefinedValues?.includes(k) ? `— (${NEEDS_RUNS})` : cell(st.values[k], isCount(k) ? (x) => x.toFixed(1) : isLength(k) ? (x) => x.toFixed(1) : pct))).join(' | ')} |`);
    }
    out.push('');
    const readoutColumns = [...new Set(all.flatMap((k) => readoutOf(k)?.column ?? []))];
    if (readoutColumns.length) out.push(...readoutTable(arms, i, readoutColumns));
  }
  const trained = s.arms.filter((a) => Object.keys(a.final).length);
  if (trained.length) {
    const keys = FINAL_METRICS.filter((k) => trained.some((a) => a.final[k]));
    out.push('### End of training (mean of the last 5 steps)', '');
    out.push(`| | ${keys.join(' | ')} |`, `|---|${keys.map(() => '---').join('|')}|`);
    for (const a of trained) out.push(`| ${armName(a)} | ${keys.map((k) => cell(a.final[k], (x) => (/Used|Length/.test(k) ? x.toFixed(1) : x.toFixed(3)))).join(' | ')} |`);
    out.push('');
  }
  const withEvals = s.arms.filter((a) => a.evals.length);
  if (withEvals.length) {
    const steps = [...new Set(withEvals.flatMap((a) => a.evals.map((e) => e.step)))].sort((x, y) => x - y);
    out.push('### Pass@1 during training', '');
    out.push(`| step | ${withEvals.map(armName).join(' | ')} |`, `|---|${withEvals.map(() => '---').join('|')}|`);
    for (const st of steps) out.push(`| ${st} | ${withEvals.map((a) => cell(a.evals.find((e) => e.step === st)?.pass1)).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}
