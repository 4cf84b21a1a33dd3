import { keptNote } from './kept';
import { getPreset, TRAINING_SEEDS, type PresetSize } from '../../src/core/presets';
import { NEEDS_SEEDS, type SeedInterval } from '../../src/core/eval/seed-interval';
import { equivalenceVerdict, minimumDetectableDifference, nonInferiorityVerdict, orderingVerdict, pairedCells, pairedDifference, takeawayVerdict, type TakeawayVerdict, type Verdict } from '../../src/core/eval/verdicts';
import { SECTIONS, TAKEAWAYS, MARGIN, GAP_THRESHOLD, type ClaimDef, type SectionDef, type Side } from './paper';
import { storedText, type StoredUnit } from './data';
import { PresetUnits } from './tables';
import { pts, signed, table } from './format';
import { describeSection } from './sections';

/**
 * REPORT.md from report-data/: for each takeaway and each table or figure of the paper, our
 * numbers beside the paper's and the preregistered claims (paper.ts), each a test on the paired
 * difference between arms over training seeds and problems with its 95 % interval, its verdict
 * (supported / contradicted / inconclusive) and its minimum detectable difference. Pure: the same
 * units give the same report, however many invocations they were gathered in.
 */
export type SectionVerdict = TakeawayVerdict | 'not run' | typeof NEEDS_SEEDS;

export interface ClaimResult {
  def: ClaimDef;
  /** Mean of A − B (null when not measured). */
  point: number | null;
  difference: SeedInterval | null;
  verdict: Verdict | null;
  /** Minimum detectable difference at 80 % power, at this number of seeds. */
  mdd: number | null;
  /** Why there is no verdict (not measured, one seed), or why the verdict is inconclusive whatever the test (SAME_MODEL). */
  note?: string;
}

export interface Section {
  id: string;
  title: string;
  markdown: string;
  verdict: SectionVerdict;
  why: string;
  claims: ClaimResult[];
}

/** The stored units of each preset (report-data/<preset>/*.json). */
export type ReportData = Partial<Record<string, readonly StoredUnit[]>>;

export function presetUnits(id: string, units: readonly StoredUnit[]): PresetUnits {
  const size = units[0]?.size ?? 'full';
  return new PresetUnits(units, getPreset(id, size).arms.map((a) => a.label));
}

export function evaluateClaim(units: PresetUnits, def: ClaimDef): ClaimResult {
  const none = (note: string): ClaimResult => ({ def, point: null, difference: null, verdict: null, mdd: null, note });
  const first = 'constant' in def.a ? def.b : def.a;
  const t0 = units.table(first);
  if (typeof t0 === 'string') return none(t0);
  const ta = 'constant' in def.a ? units.table(def.a, t0) : t0;
  const tb = 'constant' in def.a ? t0 : units.table(def.b, t0);
  if (typeof ta === 'string') return none(ta);
  if (typeof tb === 'string') return none(tb);
  let cells: number[][];
  try {
    cells = pairedCells(ta, tb);
  } catch (e) {
    return none(e instanceof Error ? e.message : String(e));
  }
  const flat = cells.flat();
  const point = flat.reduce((a, b) => a + b, 0) / flat.length;
  const difference = pairedDifference(ta, tb);
  if (!difference) return { def, point, difference: null, verdict: null, mdd: null, note: NEEDS_SEEDS };
  // Two arms that both ended at the base checkpoint in every seed are one model scored twice on
  // the same sampling seeds: A − B is 0 on every problem whatever the claim, so it tests nothing.
  if (!('constant' in def.a) && !('constant' in def.b) && units.endedAtStart(def.a.arm) && units.endedAtStart(def.b.arm) && flat.every((x) => x === 0)) {
    return { def, point, difference, verdict: 'inconclusive', mdd: minimumDetectableDifference(difference), note: SAME_MODEL };
  }
  const margin = def.margin ?? MARGIN;
  const verdict = def.test === 'ordering' ? orderingVerdict(difference) : def.test === 'non-inferiority' ? nonInferiorityVerdict(difference, margin) : def.test === 'equivalence' ? equivalenceVerdict(difference, margin) : TURNED[equivalenceVerdict(difference, margin)];
  return { def, point, difference, verdict, mdd: minimumDetectableDifference(difference) };
}

/** Why a claim between two copies of the base checkpoint is inconclusive whatever its test. */
export const SAME_MODEL = 'both arms kept step 0, the base checkpoint, at every seed: one model against itself';

/** A difference claim is the equivalence test turned round. */
const TURNED: Record<Verdict, Verdict> = { supported: 'contradicted', contradicted: 'supported', inconclusive: 'inconclusive' };

const TEST_WORDS: Record<ClaimDef['test'], (margin: number) => string> = {
  ordering: () => 'A − B > 0',
  'non-inferiority': (m) => `A − B > −${pts(m)}`,
  equivalence: (m) => `−${pts(m)} < A − B < ${pts(m)}`,
  difference: (m) => `A − B outside ±${pts(m)}`,
};

function sideName(s: Side): string {
  return 'constant' in s ? pts(s.constant) : s.arm;
}

export function claimTable(claims: ClaimResult[]): string {
  return table(
    ['claim', 'A − B', 'test', 'A − B, points [95 % interval]', 'detectable (80 % power)', 'verdict'],
    claims.map((c) => [
      c.def.text,
      `${sideName(c.def.a)} − ${sideName(c.def.b)}`,
      TEST_WORDS[c.def.test](c.def.margin ?? MARGIN),
      c.point === null ? '—' : c.difference ? `${signed(c.difference.mean)} [${signed(c.difference.lo)}, ${signed(c.difference.hi)}]` : signed(c.point),
      c.mdd === null ? '—' : `${pts(c.mdd)}`,
      c.verdict ? `**${c.verdict}**${c.note ? ` (${c.note})` : ''}` : `— (${c.note})`,
    ]),
  );
}

function sectionOf(def: SectionDef, data: ReportData): Section {
  const stored = data[def.preset] ?? [];
  const units = presetUnits(def.preset, stored);
  const claims = def.claims.map((c) => evaluateClaim(units, c));
  const described = stored.length ? describeSection(def.id, units) : 'not run';
  const dropped = def.dropped.length ? `\n\nDropped claims:\n\n${def.dropped.map((d) => `- ~~${d.text}~~ — ${d.why}.`).join('\n')}` : '';
  const kept = keptNote(stored);
  const markdown = `${described}\n\n${kept ? `${kept}\n\n` : ''}${claimTable(claims)}${dropped}`;
  const S = units.seeds.length;
  if (stored.length === 0) return { id: def.id, title: def.title, markdown, verdict: 'not run', why: `no units of ${def.preset} in report-data`, claims };
  if (S < 2) return { id: def.id, title: def.title, markdown, verdict: NEEDS_SEEDS, why: `${S} complete training seed${S === 1 ? '' : 's'} of ${def.preset}: no interval over seeds yet`, claims };
  const verdicts = claims.map((c) => c.verdict ?? 'inconclusive');
  const count = (v: Verdict) => verdicts.filter((x) => x === v).length;
  const unmeasured = claims.filter((c) => !c.verdict).length;
  const why = `${count('supported')} supported, ${count('contradicted')} contradicted, ${count('inconclusive')} inconclusive of ${claims.length} claims at ${S} seeds${unmeasured ? ` (${unmeasured} not measured)` : ''}.`;
  return { id: def.id, title: def.title, markdown, verdict: takeawayVerdict(verdicts), why, claims };
}

export function buildSections(data: ReportData): Section[] {
  return SECTIONS.map((d) => sectionOf(d, data));
}

/** How a preset's data was made: size, seeds, units, training and evaluation sizes, machine, time. */
function presetRow(id: string, units: readonly StoredUnit[]): string[] {
  const size: PresetSize = units[0].size;
  const preset = getPreset(id, size);
  const pu = presetUnits(id, units);
  const maxSeed = Math.max(TRAINING_SEEDS[size], ...units.map((u) => u.unit.seed));
  const trained = preset.arms.filter((a) => a.config);
  const steps = [...new Set(trained.map((a) => a.config!.stages.reduce((n, s) => n + s.steps, 0)))].join('/');
  const batch = [...new Set(trained.map((a) => `${a.config!.promptsPerStep} × ${a.config!.numGenerations}`))].join(', ');
  const runs = new Set<number>();
  for (const u of units) for (const s of u.studies) {
    const r = s.result as { runs?: number; columns?: { runs: number }[] };
    if (typeof r.runs === 'number') runs.add(r.runs);
    for (const c of r.columns ?? []) runs.add(c.runs);
  }
  const rs = [...runs].sort((a, b) => a - b);
  const list = (xs: Iterable<string>) => [...new Set(xs)].join('; ');
  const wall = units.reduce((a, u) => a + u.wallSeconds, 0);
  return [
    id,
    preset.paper,
    size,
    `${pu.seeds.length}${pu.seeds.length ? ` (${pu.seeds.join(', ')})` : ''}`,
    `${units.length}/${preset.arms.length * maxSeed}`,
    trained.length ? `${steps} steps of ${batch}` : '—',
    rs.length ? (rs[0] === rs[rs.length - 1] ? String(rs[0]) : `${rs[0]}–${rs[rs.length - 1]}`) : '—',
    list(units.map((u) => u.backend.name)),
    list(units.map((u) => u.machine)),
    `${(wall / 60).toFixed(1)} min`,
  ];
}

export const VERDICT_RULE = [
  `Each claim below was written down in code (scripts/report/paper.ts) before the runs, as a test on the paired difference A − B between two arms at the same training seeds (seed s gives every arm the same prompt order and evaluation seeds), over the problems of the suites it names. Its 95 % interval is a t interval over seeds and problems (a crossed seeds × problems model, src/core/eval/seed-interval.ts), so it holds what a training seed moves as well as what the problems and evaluation runs do.`,
  `An ordering claim (A > B) is **supported** when the interval lies above 0, **contradicted** when it lies below 0, and **inconclusive** otherwise. A claim of sameness ("comparable", "no clear gain") is an equivalence test with a margin of ±${pts(MARGIN)} points: supported only when the whole interval lies inside it, contradicted when the whole interval lies outside. A claim of "at least as good" (the paper's ≥) is a non-inferiority test: supported when the interval lies above −${pts(MARGIN)} points, contradicted when it lies wholly below. A claim that one measurement misreports another is the equivalence test turned round: supported when the whole interval lies outside ±${pts(MARGIN)} points, contradicted when it lies wholly inside. "Several points" of instability means more than ${pts(GAP_THRESHOLD)}.`,
  `"Detectable" is the smallest true difference this many seeds would find with 80 % power, from the measured variance. A takeaway is **reproduced** only if every claim it rests on is supported, **not reproduced** if any is contradicted, and **inconclusive** otherwise; with fewer than 2 complete training seeds there is no interval and no verdict (${NEEDS_SEEDS}).`,
];

export function renderReport(data: ReportData, meta: { command: string; notes: string[] }): string {
  const sections = buildSections(data);
  const presets = Object.entries(data).filter((e): e is [string, readonly StoredUnit[]] => !!e[1] && e[1].length > 0);
  const all = presets.flatMap(([, u]) => u);
  const bytes = all.reduce((a, u) => a + Buffer.byteLength(storedText(u)), 0);
  const wall = all.reduce((a, u) => a + u.wallSeconds, 0);
  const lines = [
    '# GRPO Lab — reproduction report',
    '',
    `Rendered by \`${meta.command}\` from report-data/: ${all.length} units of ${presets.length} preset${presets.length === 1 ? '' : 's'}, ${(bytes / 1024).toFixed(0)} KB of raw data, ${(wall / 3600).toFixed(2)} h of unit wall time. Each preset's row says how its units were made; a preset without units is not run.`,
    '',
    table(['preset', 'paper', 'size', 'complete seeds', 'units', 'training per arm', 'evaluation runs per problem', 'backend', 'machine', 'unit wall time'], presets.map(([id, u]) => presetRow(id, u))),
    '',
    '## How to read a verdict',
    '',
    ...VERDICT_RULE.flatMap((p) => [p, '']),
    '## Verdicts',
    '',
    table(['takeaway / result', 'verdict', 'why'], sections.map((x) => [x.title.split(' — ')[0], `**${x.verdict}**`, x.why])),
    '',
    ...meta.notes.map((n) => `> ${n}`),
    '',
  ];
  for (const x of sections) {
    lines.push(`## ${x.title}`, '');
    if (TAKEAWAYS[x.id]) lines.push(`> Paper: ${TAKEAWAYS[x.id]}`, '');
    lines.push(x.markdown, '', `**Verdict: ${x.verdict}.** ${x.why}`, '');
  }
  return lines.join('\n');
}
