import { describe, expect, it } from 'vitest';
import { csvCell, estimate, metricsCsv, renderTables, summarise, type UnitResult } from './summary';
import { presetPlan } from './plan';
import type { StepMetrics } from '../../src/core/grpo/metrics';
import type { StudyReport } from '../../src/core/studies/run-study';
import { parseStudy } from '../../src/core/eval/studies';
import { censusOfSampling } from '../../src/core/eval/results';

function step(n: number, reward: number): StepMetrics {
  return {
    step: n, stage: 0, sampleFilter: 'both', maxCompletionLength: 64, reward, accuracy: reward, meanLength: 40, meanLengthCorrect: 38, truncatedShare: 0,
    allCorrectShare: 0.25, allWrongShare: 0.25, otherEqualShare: 0, effectiveShare: 0.5, positiveUsed: 3, negativeUsed: 5, injected: 0,
    loss: 0, gradNorm: 1, clipFraction: 0, kl: 0, entropy: 0.5, tokensUsed: 100, skippedUpdate: false, secondsSampling: 1, secondsScoring: 0, secondsUpdating: 1,
  };
}

/** A census of 10 problems × 8 rollouts at T = 0.6 whose share `effective` of problems has mixed answers. */
function census(effective: number): StudyReport {
  const rows = Array.from({ length: 10 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i < effective * 10 ? j % 2 === 0 : i % 2 === 0)));
  return { kind: 'census', study: parseStudy({ kind: 'census', groupSizes: [8], samplings: [{ temperature: 0.6, topP: 0.95 }] }), backend: { name: 'wasm', adapter: 'x' }, startedAt: 't', seconds: 1, result: { problems: 10, rollouts: 8, samplings: [censusOfSampling(0.6, 0.95, rows, [8])] } };
}

/** A Pass@1 report over `runScores` (one entry per evaluation run) of 6 problems, spread as the core computes it. */
function pass1(runScores: number[], spread: { ci: [number, number] | null; runStd: number | null; maxRunGap: number | null; uncertainShare: number | null }): StudyReport {
  const result = { suite: 'in-30', analog: 'AIME24', problems: 6, runs: runScores.length, maxCompletionLength: 64, pass1: runScores.reduce((a, b) => a + b, 0) / runScores.length, runScores, accuracies: [], histogram: [], meanLength: 30, ...spread };
  return { kind: 'pass1', study: { kind: 'pass1', suite: 'in-30' } as StudyReport['study'], backend: { name: 'wasm', adapter: 'x' }, startedAt: '', seconds: 1, result };
}

describe('estimate', () => {
  it('uses a Student t interval across seeds', () => {
    // mean 2, sd 1, n = 3: half-width t(0.975, 2) · 1/√3 = 4.303 / 1.7321 = 2.4843
    const e = estimate([1, 2, 3]);
    expect(e.mean).toBe(2);
    expect(e.ci![0]).toBeCloseTo(2 - 2.4843, 3);
    expect(e.ci![1]).toBeCloseTo(2 + 2.4843, 3);
  });
  it("keeps a single seed's own interval, or none: null, not a zero-width certainty", () => {
    expect(estimate([0.4], [0.3, 0.5])).toEqual({ mean: 0.4, ci: [0.3, 0.5], n: 1 });
    expect(estimate([0.4])).toEqual({ mean: 0.4, ci: null, n: 1 });
  });
});

describe('summaries', () => {
  const plan = presetPlan('zero-advantage', 'quick', 2, []);
  const results = new Map<string, UnitResult>(
    plan.units.map((u, i) => [u.id, { unitId: u.id, status: 'done', backend: { name: 'wasm', adapter: 'x' }, wallSeconds: 10, metrics: [step(1, 0.2), step(2, 0.4)], evals: [], studies: [census(i === 0 ? 0.3 : 0.5)] }]),
  );
  it('average each study value over seeds and each final metric over the last steps', () => {
    const s = summarise(plan, results, { versions: {}, startedAt: 't', wallSeconds: 20 });
    expect(s.arms).toHaveLength(1);
    expect(s.arms[0].studies[0].values['effective T=0.6 top-p=0.95 G=8'].mean).toBeCloseTo(0.4, 12);
    expect(s.arms[0].final.reward!.mean).toBeCloseTo(0.3, 12); // mean of 0.2 and 0.4, same for both seeds
    expect(s.units.every((u) => u.status === 'done')).toBe(true);
    const md = renderTables(s);
    expect(md).toContain('### census');
    expect(md).toMatch(/\| Orig \| .*40\.00 \[/);
  });
  it('mark units without results as missing', () => {
    const partial = new Map([...results].slice(0, 1));
    expect(summarise(plan, partial, { versions: {}, startedAt: 't', wallSeconds: 1 }).units.map((u) => u.status)).toEqual(['done', 'missing']);
  });
  it('write every step of every unit as CSV, quoting where needed', () => {
    const csv = metricsCsv(plan, results).trim().split('\n');
    expect(csv).toHaveLength(1 + 2 * plan.units.length);
    expect(csv[0].startsWith('unit,arm,seed,step,stage')).toBe(true);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });
});

describe('a Pass@1 study of one evaluation run', () => {
  const plan = presetPlan('zero-advantage', 'quick', 1, []);
  const unit = plan.units[0];
  const withStudy = (report: StudyReport) => new Map<string, UnitResult>([[unit.id, { unitId: unit.id, status: 'done', backend: { name: 'wasm', adapter: 'x' }, wallSeconds: 1, metrics: [], evals: [], studies: [report] }]]);

  it('prints its spread, gap and uncertain share as undefined, and its score without an interval', () => {
    // One run solving 1 of 6 problems: Pass@1 1/6 = 16.67 %, nothing to spread.
    const s = summarise(plan, withStudy(pass1([1 / 6], { ci: null, runStd: null, maxRunGap: null, uncertainShare: null })), { versions: {}, startedAt: 't', wallSeconds: 1 });
    const st = s.arms[0].studies[0];
    expect(st.undefinedValues).toEqual(['uncertainShare', 'maxRunGap', 'runStd']);
    expect(st.values.runStd).toBeUndefined();
    expect(st.values.pass1).toEqual({ mean: 1 / 6, ci: null, n: 1 });
    const md = renderTables(s);
    expect(md).toContain('| pass1 | meanLength | uncertainShare | maxRunGap | runStd |');
    expect(md).toMatch(/\| Orig \| 16\.67 \[—\] \| 30\.0 \[—\] \| — \(needs ≥ 2 runs\) \| — \(needs ≥ 2 runs\) \| — \(needs ≥ 2 runs\) \|/);
    expect(md).not.toContain('0.00');
  });

  it('prints two runs with their interval and hand-worked spread', () => {
    // Runs at 1/6 and 2/6: std √2/12 = 11.79 %, gap 1/6 = 16.67 %, uncertain 1 of 6 problems.
    const s = summarise(plan, withStudy(pass1([1 / 6, 2 / 6], { ci: [1 / 6, 2 / 6], runStd: Math.SQRT2 / 12, maxRunGap: 1 / 6, uncertainShare: 1 / 6 })), { versions: {}, startedAt: 't', wallSeconds: 1 });
    expect(s.arms[0].studies[0].undefinedValues).toBeUndefined();
    expect(renderTables(s)).toMatch(/\| Orig \| 25\.00 \[16\.67, 33\.33\] \| 30\.0 \[—\] \| 16\.67 \[—\] \| 16\.67 \[—\] \| 11\.79 \[—\] \|/);
  });
});

describe("a scorecard's readouts", () => {
  const plan = presetPlan('zero-advantage', 'quick', 2, []);
  const column = (pass1: number, readouts: { passAtK?: { k: number; value: number } | null; entropy?: { nats: number; tokens: number } | null }) => ({ key: 'in-30', suite: 'in-30', analog: 'AIME24', group: 'reasoning', runs: 8, maxCompletionLength: 64, pass1, ci: null, delta: null, ...readouts });
  const scorecard = (columns: ReturnType<typeof column>[]): StudyReport => ({ kind: 'scorecard', study: parseStudy({ kind: 'scorecard' }), backend: { name: 'wasm', adapter: 'x' }, startedAt: 't', seconds: 1, result: { columns, groups: [{ group: 'reasoning', average: columns[0].pass1 }] } });
  const withCards = (cards: StudyReport[]) => new Map<string, UnitResult>(plan.units.map((u, i) => [u.id, { unitId: u.id, status: 'done', backend: { name: 'wasm', adapter: 'x' }, wallSeconds: 1, metrics: [], evals: [], studies: [cards[i]] }]));

  it('averages pass@k and entropy over seeds in a table of their own, beside Pass@1', () => {
    const s = summarise(plan, withCards([scorecard([column(0.3, { passAtK: { k: 8, value: 0.5 }, entropy: { nats: 0.4, tokens: 900 } })]), scorecard([column(0.3, { passAtK: { k: 8, value: 0.7 }, entropy: { nats: 0.6, tokens: 1100 } })])]), { versions: {}, startedAt: 't', wallSeconds: 1 });
    const values = s.arms[0].studies[0].values;
    expect(values['pass@k in-30'].mean).toBeCloseTo(0.6, 12);
    expect(values['entropy in-30'].mean).toBeCloseTo(0.5, 12);
    const md = renderTables(s);
    // The Pass@1 table keeps its columns; the readouts have their own, one row per scorecard column.
    expect(md).toContain('| | in-30 | avg:reasoning |');
    expect(md).toContain('### scorecard: pass@k and entropy');
    // Two seeds: mean 0.6, sd √0.02, half-width t(0.975, 1) · 0.1 = 1.2706: 60.00 [−67.06, 187.06]; entropy 0.5 ± 1.2706.
    expect(md).toMatch(/\| in-30 \| 60\.00 \[-67\.06, 187\.06\] \| 0\.500 \[-0\.771, 1\.771\] \|/);
  });

  it('says why a column has none: one run per problem, greedy decoding', () => {
    const s = summarise(plan, withCards([scorecard([column(0.3, { passAtK: null, entropy: null })]), scorecard([column(0.3, { passAtK: null, entropy: null })])]), { versions: {}, startedAt: 't', wallSeconds: 1 });
    expect(renderTables(s)).toContain('| in-30 | — (needs ≥ 2 runs) | — (greedy decoding samples nothing) |');
  });

  it('reads a scorecard stored before the readouts, and one seed of each kind', () => {
    const old = summarise(plan, withCards([scorecard([column(0.3, {})]), scorecard([column(0.5, {})])]), { versions: {}, startedAt: 't', wallSeconds: 1 });
    expect(Object.keys(old.arms[0].studies[0].values)).toEqual(['in-30', 'avg:reasoning']);
    expect(renderTables(old)).not.toContain('pass@k');
    const mixed = summarise(plan, withCards([scorecard([column(0.3, { passAtK: { k: 8, value: 0.5 }, entropy: { nats: 0.4, tokens: 900 } })]), scorecard([column(0.5, {})])]), { versions: {}, startedAt: 't', wallSeconds: 1 });
    expect(mixed.arms[0].studies[0].values['pass@k in-30']).toEqual({ mean: 0.5, ci: null, n: 1 });
  });
});
