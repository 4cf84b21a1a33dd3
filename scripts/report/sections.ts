import type { CensusGroup, CensusResult, GreedyResult, MaxGapResult, Pass1Summary, PerturbationResult, ScorecardResult, SweepResult } from '../../src/core/eval/results';
import { FIGURE2_CENSUS, PAPER, SCORECARD_GROUPS_SHOWN, TABLE3_SUITES, type Measure } from './paper';
import { nats, pts, showTable, table } from './format';
import type { StoredUnit } from './data';
import { suitePoints } from '../../src/core/training/validation';
import type { PresetUnits } from './tables';

/**
 * The descriptive tables of each section: every arm's numbers with their intervals over seeds and
 * problems (a group is one table of its suites' problems), beside the paper's. The verdicts are
 * the claims' (render.ts); these tables are what a reader checks them against.
 */
const G = SCORECARD_GROUPS_SHOWN;

function side(units: PresetUnits, arm: string, measure: Measure): string {
  return showTable(units.table({ arm, measure }));
}

/** The mean over the complete seeds of a per-unit number (— where a unit lacks it). */
function overSeeds(units: PresetUnits, arm: string, f: (u: StoredUnit) => number | null | undefined, show: (x: number) => string = pts): string {
  const xs = units.seeds.map((s) => units.unit(arm, s)).map((u) => (u ? f(u) : undefined));
  if (xs.length === 0 || xs.some((x) => x === null || x === undefined)) return '—';
  return show((xs as number[]).reduce((a, b) => a + b, 0) / xs.length);
}

function studyOf<R>(u: StoredUnit, kind: string, suite?: string): R | undefined {
  return u.studies.find((r) => r.kind === kind && (suite === undefined || (r.study as { suite?: string }).suite === suite))?.result as R | undefined;
}

const finalMean = (u: StoredUnit, key: 'positiveUsed' | 'negativeUsed' | 'effectiveShare') => (u.metrics.length ? u.metrics.reduce((a, m) => a + m[key], 0) / u.metrics.length : undefined);

function table1(units: PresetUnits): string {
  const rows = ['Orig', 'Both', 'Neg', 'Pos'].map((arm) => {
    const p = PAPER.table1[arm];
    return [arm, ...Object.values(G).map((cols) => side(units, arm, { scorecard: cols })), `${p.reasoning.join(' / ')} · ${p.fitness.join(' / ')} · ${p.generalisationAvg} · ${p.robustnessAvg}`];
  });
  const used = ['Both', 'Neg', 'Pos'].map((arm) => [arm, overSeeds(units, arm, (u) => finalMean(u, 'positiveUsed'), (x) => x.toFixed(1)), overSeeds(units, arm, (u) => finalMean(u, 'negativeUsed'), (x) => x.toFixed(1)), overSeeds(units, arm, (u) => finalMean(u, 'effectiveShare'))]);
  return [
    table(['arm', 'reasoning (in-30, in-83)', 'fitness (capped, problems trained on)', 'generalisation (4 OOD)', 'robustness (4 noisy)', 'paper: AIME24 / AMC23 · 8K / 8K / train · OOD · noise'], rows),
    '',
    'Samples used per step at the end of training (Figure 6; mean over seeds of the last 5 steps):',
    '',
    table(['arm', 'positive used', 'negative used', 'effective groups %'], used),
    '',
    diversity(units),
  ].join('\n');
}

/** The column sets the readouts of "diffuse against concentrated" are shown on: reasoning, the OOD group, and the suite that needs the strategy rare in the data. */
const DIVERSITY_SETS: [string, string[]][] = [
  ['reasoning', [...G.reasoning]],
  ['generalisation', [...G.generalisation]],
  ['ood-big-83', ['ood-big-83']],
];

/**
 * Figure 1's account as numbers per arm: pass@k at k = the runs per problem (per problem from the
 * stored accuracies, with the seeds × problems interval Pass@1 has) and the mean surprisal of the
 * sampled tokens (one value per seed, the interval over seeds). At equal Pass@1, a higher pass@k
 * says an arm's successes are spread over more problems; a lower entropy, a more concentrated policy.
 */
function diversity(units: PresetUnits): string {
  const k = units.units.flatMap((u) => studyOf<ScorecardResult>(u, 'scorecard')?.columns.flatMap((c) => (c.passAtK ? [c.passAtK.k] : [])) ?? [])[0];
  const pass = k === undefined ? 'pass@k' : `pass@${k}`;
  const rows = ['Orig', 'Both', 'Neg', 'Pos'].map((arm) => [arm, ...DIVERSITY_SETS.flatMap(([, cols]) => [side(units, arm, { passAtK: cols }), showTable(units.table({ arm, measure: { entropy: cols } }), nats)])]);
  return [
    `Diffuse against concentrated (Figure 1): ${pass} at k = the runs per problem and the mean surprisal −log π of the sampled tokens (nats per token, the cross-entropy of what was drawn under the tempered, untruncated distribution), mean over seeds [interval]. At equal Pass@1 a higher ${pass} is a more diverse arm; a lower entropy a more concentrated one:`,
    '',
    table(['arm', ...DIVERSITY_SETS.flatMap(([name]) => [`${pass} ${name}`, `entropy ${name}`])], rows),
  ].join('\n');
}

function table2(units: PresetUnits): string {
  const letters = (label: string) => label.replace(/\d+\(/g, '').replace(/\)/g, '');
  return table(
    ['schedule', 'reasoning', 'generalisation', 'robustness', 'AVG (of the three)', 'paper AVG'],
    units.arms.map((arm) => {
      const groups = [G.reasoning, G.generalisation, G.robustness].map((cols) => units.table({ arm, measure: { scorecard: cols } }));
      const avg = groups.every((t) => typeof t !== 'string') ? pts((groups as number[][][]).reduce((a, t) => a + t.flat().reduce((x, y) => x + y, 0) / t.flat().length, 0) / 3) : '—';
      return [arm, ...groups.map((t) => showTable(t)), avg, String(PAPER.table2[arm === 'Orig' ? 'Orig' : letters(arm)] ?? '—')];
    }),
  );
}

function table6(units: PresetUnits): string {
  const capped = ['in-30 (short)', 'in-83 (short)'];
  return table(
    ['arm', 'reasoning uncapped', 'reasoning capped', 'drop (paired)', 'paper: AIME24 / AMC23 / 8K / 8K'],
    units.arms.map((arm) => [arm, side(units, arm, { scorecard: G.reasoning }), side(units, arm, { scorecard: capped }), side(units, arm, { capDrop: { uncapped: G.reasoning, capped } }), PAPER.table6[arm]?.join(' / ') ?? '—']),
  );
}

/**
 * Figure 2 at each decoding and group size the census measured: the measured zero-advantage
 * share beside what independent sampling predicts from each problem's accuracy (pᴳ + (1 − p)ᴳ,
 * estimated without bias from the census's rollouts), so a gap between them would say the
 * rollouts of a problem are not independent draws. The paper's row is its 8 rollouts.
 */
function figure2(units: PresetUnits): string {
  const first = units.seeds.map((s) => units.unit('Orig', s)).find((u) => u && studyOf<CensusResult>(u, 'census'));
  const census = first ? studyOf<CensusResult>(first, 'census') : undefined;
  if (!census) return '(no census measured)';
  const groupOf = (u: StoredUnit, t: number, G: number) => studyOf<CensusResult>(u, 'census')?.samplings.find((s) => s.temperature === t)?.groups.find((g) => g.groupSize === G);
  const paperZero = (name: keyof typeof PAPER.figure2Effective) => (100 - PAPER.figure2Effective[name]).toFixed(1);
  const rows = census.samplings.flatMap((s) =>
    s.groups.map((g) => {
      const at = (f: (x: CensusGroup) => number) => overSeeds(units, 'Orig', (u) => {
        const x = groupOf(u, s.temperature, g.groupSize);
        return x ? f(x) : undefined;
      });
      const paper = s.temperature === FIGURE2_CENSUS.temperature && g.groupSize === FIGURE2_CENSUS.groupSize ? `${paperZero('DeepScaleR-40K')} (DeepScaleR-40K), ${paperZero('OpenThought-114K')} (OpenThought-114K)` : '—';
      return [
        `T = ${s.temperature}, top-p ${s.topP}`,
        String(g.groupSize),
        at((x) => x.allCorrectShare),
        at((x) => x.allWrongShare),
        at((x) => x.allCorrectShare + x.allWrongShare),
        at((x) => x.predictedAllCorrectShare + x.predictedAllWrongShare),
        side(units, 'Orig', { census: { temperature: s.temperature, groupSize: g.groupSize } }),
        overSeeds(units, 'Orig', (u) => studyOf<CensusResult>(u, 'census')?.samplings.find((d) => d.temperature === s.temperature)?.meanAccuracy),
        paper,
      ];
    }),
  );
  return table(['decoding', 'G', 'all correct', 'all wrong', 'zero advantage', 'predicted pᴳ + (1 − p)ᴳ', 'effective [interval over seeds]', 'mean accuracy', 'paper: zero advantage'], rows);
}

function table3(units: PresetUnits): string {
  return table(
    ['arm', 'Pass@1 (the 4 suites\' problems)', 'length (mean of suites, tokens)', 'tokens saved vs Orig %', 'paper: Pass@1 · length · saved %'],
    units.arms.map((arm) => {
      const p = PAPER.table3[arm.replace('cap 96', 'cap 8K').replace('cap 64', 'cap 4K')];
      const length = overSeeds(units, arm, (u) => TABLE3_SUITES.map((s) => studyOf<Pass1Summary>(u, 'pass1', s)?.meanLength ?? NaN).reduce((a, b) => a + b, 0) / TABLE3_SUITES.length, (x) => (Number.isFinite(x) ? x.toFixed(1) : '—'));
      return [arm, side(units, arm, { pass1: TABLE3_SUITES }), length, arm === 'Orig' ? '0' : side(units, arm, { tokensSaved: TABLE3_SUITES }), p ? `${p.pass1} · ${p.length} · ${p.saved}` : '—'];
    }),
  );
}

function figure3(units: PresetUnits): string {
  const steps = [...new Set(units.units.flatMap((u) => suitePoints(u.evals).map((e) => e.step)))].sort((a, b) => a - b);
  const curve = table(['step', ...units.arms], steps.map((st) => [String(st), ...units.arms.map((arm) => overSeeds(units, arm, (u) => suitePoints(u.evals).find((e) => e.step === st)?.pass1))]));
  return ['Pass@1 on in-30 during training (mean over seeds):', '', curve, '', table(['arm', 'final Pass@1 on in-30'], units.arms.map((arm) => [arm, side(units, arm, { pass1: ['in-30'] })]))].join('\n');
}

function instability51(units: PresetUnits): string {
  const o = (f: (u: StoredUnit) => number | null | undefined) => overSeeds(units, 'Orig', f);
  const t4 = table(
    ['suite', 'Pass@1', 'runs std', 'max gap between single runs', 'uncertain %', 'paper uncertain %'],
    TABLE3_SUITES.map((s) => [s, side(units, 'Orig', { pass1: [s] }), o((u) => studyOf<Pass1Summary>(u, 'pass1', s)?.runStd), o((u) => studyOf<Pass1Summary>(u, 'pass1', s)?.maxRunGap), o((u) => studyOf<Pass1Summary>(u, 'pass1', s)?.uncertainShare), String(PAPER.table4Uncertain[s])]),
  );
  const first = units.seeds.map((s) => units.unit('Orig', s)).find(Boolean);
  const temps = first ? (studyOf<SweepResult>(first, 'temperatureSweep')?.points.map((p) => p.temperature) ?? []) : [];
  const at = (t: number, key: 'pass1' | 'runStd' | 'maxRunGap') => o((u) => studyOf<SweepResult>(u, 'temperatureSweep')?.points.find((p) => p.temperature === t)?.[key]);
  const sweep = table(['temperature', 'Pass@1', 'run std', 'max gap'], temps.map((t) => [String(t), at(t, 'pass1'), at(t, 'runStd'), at(t, 'maxRunGap')]));
  return [t4, '', 'Temperature sweep on in-30 (Figure 4b; means over seeds):', '', temps.length ? sweep : 'not run'].join('\n');
}

function instability53(units: PresetUnits): string {
  const first = units.seeds.map((s) => units.unit('Orig', s)).find(Boolean);
  if (!first) return 'not run';
  const o = (f: (u: StoredUnit) => number | null | undefined, show?: (x: number) => string) => overSeeds(units, 'Orig', f, show);
  const gaps = ['in-30', 'in-83'].map((suite) => {
    const ns = (studyOf<MaxGapResult>(first, 'maxGap', suite)?.rows ?? []).filter((r) => r.available).map((r) => r.runs);
    const row = (u: StoredUnit, n: number) => studyOf<MaxGapResult>(u, 'maxGap', suite)?.rows.find((r) => r.runs === n);
    return `${suite}:\n\n${table(['runs per trial', 'mean Pass@1', 'max gap between trials', 'paper max gap'], ns.map((n) => [String(n), o((u) => { const r = row(u, n); return r?.available ? r.meanPass1 : undefined; }), o((u) => { const r = row(u, n); return r?.available ? r.maxGap : undefined; }), String(PAPER.table7Gap[suite]?.[n] ?? '—')]))}`;
  });
  const g = studyOf<GreedyResult>(first, 'greedy');
  const greedy = g
    ? table(['', 'greedy', 'sampled', 'greedy − sampled (paired per problem)'], [['Pass@1 on in-30', o((u) => studyOf<GreedyResult>(u, 'greedy')?.greedy.pass1), o((u) => studyOf<GreedyResult>(u, 'greedy')?.sampled.pass1), pairedShow(units)]])
    : 'not run';
  const flips = g ? table(['greedy decoded in batches of', 'problems flipped against batch ' + g.greedy.batchSize], g.byBatch.map((b) => [String(b.batchSize), o((u) => studyOf<GreedyResult>(u, 'greedy')?.byBatch.find((x) => x.batchSize === b.batchSize)?.flipped.length, (x) => x.toFixed(1))])) : '';
  const perturb = o((u) => studyOf<PerturbationResult>(u, 'perturbation')?.flipped.length, (x) => x.toFixed(1));
  return [gaps.join('\n\n'), '', greedy, '', flips ? `Greedy answers that changed only because of the batch they were decoded in (the paper's Q2):\n\n${flips}` : '', '', `Greedy answers one GRPO step flips (Figure 5d, mean over seeds): ${perturb} of ${studyOf<PerturbationResult>(first, 'perturbation')?.problems ?? '—'}.`].join('\n');
}

function pairedShow(units: PresetUnits): string {
  const a = units.table({ arm: 'Orig', measure: { greedy: 'greedy' } });
  const b = units.table({ arm: 'Orig', measure: { greedy: 'sampled' } });
  if (typeof a === 'string' || typeof b === 'string') return '—';
  return showTable(a.map((row, s) => row.map((x, p) => x - b[s][p])));
}

export function describeSection(id: string, units: PresetUnits): string {
  switch (id) {
    case '3.1':
      return table1(units);
    case '3.2':
      return table2(units);
    case 'C.1':
      return table6(units);
    case '4.0':
      return figure2(units);
    case '4.1':
      return table3(units);
    case '4.2':
      return figure3(units);
    case '5.1':
      return instability51(units);
    case '5.3':
      return instability53(units);
    default:
      return 'The uncertain shares per suite are in Takeaway 5.1\'s table.';
  }
}
