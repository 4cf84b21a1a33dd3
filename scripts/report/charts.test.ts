import { describe, expect, it } from 'vitest';
import { totalSteps } from '../../src/core/config';
import type { StepMetrics } from '../../src/core/grpo/metrics';
import { parseRunExport } from '../../workers/run-export';
import { chartSeeds, describeChartSeeds } from '../runner/charts';
import { presetPlan, type Plan, type Unit } from '../runner/plan';
import type { UnitResult } from '../runner/summary';
import { hasEveryStep, reportCharts, runExportOf } from './charts';
import { storedUnit, type StoredUnit } from './data';

const STEP: StepMetrics = {
  step: 1, stage: 0, sampleFilter: 'both', maxCompletionLength: 64, reward: 0.5, accuracy: 0.5, meanLength: 40, meanLengthCorrect: 38,
  truncatedShare: 0, allCorrectShare: 0.25, allWrongShare: 0.25, otherEqualShare: 0, effectiveShare: 0.5, positiveUsed: 4, negativeUsed: 4,
  injected: 0, loss: 0.1, gradNorm: 0.3, clipFraction: 0, kl: 0, entropy: 1.2, tokensUsed: 300, skippedUpdate: false,
  secondsSampling: 1, secondsScoring: 0.01, secondsUpdating: 2,
};
const CHECKPOINT = 'c'.repeat(64);

/** A plan of `arms` trained arms and an untrained Orig, at `seeds` seeds: pos-neg's units, cut down or copied out. */
function planOf(trainedArms: number, seeds: number): Plan {
  const base = presetPlan('pos-neg', 'quick', seeds, []);
  const orig = base.units.filter((u) => !u.config);
  const trained = base.units.filter((u) => u.config);
  const template = trained.filter((u) => u.seed === 1);
  const arms = Array.from({ length: trainedArms }, (_, i) => ({ ...template[i % template.length], arm: `A${i}` }));
  const units: Unit[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    units.push(...orig.filter((u) => u.seed === seed));
    for (const a of arms) {
      const like = trained.find((u) => u.seed === seed && u.arm === a.arm) ?? trained.find((u) => u.seed === seed)!;
      units.push({ ...like, id: `${a.arm}__seed${seed}`, arm: a.arm });
    }
  }
  return { ...base, units };
}

/** A stored unit for `unit` whose run took every step of its config (or only its last `keep`). */
function stored(plan: Plan, unit: Unit, keep?: number): StoredUnit {
  const steps = unit.config ? totalSteps(unit.config) : 0;
  const metrics = Array.from({ length: steps }, (_, i) => ({ ...STEP, step: i + 1, reward: (i + unit.seed) / 10 }));
  const result: UnitResult = {
    unitId: unit.id, status: 'done', backend: { name: 'wasm', adapter: 'test' }, wallSeconds: 1,
    metrics: keep === undefined ? metrics : metrics.slice(-keep), evals: [], studies: [],
    ...(unit.config ? { outcome: { endStep: steps, endedBy: 'budget', keep: 'best', keptStep: steps, reason: 'test' } as UnitResult['outcome'] } : {}),
  };
  return storedUnit(plan, unit, result, 'test machine', CHECKPOINT);
}

describe('the seeds the charts show', () => {
  it('every seed when all arms of all seeds fit on the page', () => {
    const plan = planOf(3, 2);
    expect(chartSeeds(plan, () => true)).toEqual({ shown: [1, 2], of: [1, 2], capped: false });
    expect(chartSeeds(planOf(3, 5), () => true).capped).toBe(true);
  });
  it('as many whole seeds as fit in 12 runs: 3 arms → 4 of 5, 5 arms → 2 of 5, 12 arms → 1, 13 arms → none', () => {
    expect(chartSeeds(planOf(3, 5), () => true).shown).toEqual([1, 2, 3, 4]);
    expect(chartSeeds(planOf(5, 5), () => true).shown).toEqual([1, 2]);
    expect(chartSeeds(planOf(12, 2), () => true).shown).toEqual([1]);
    expect(chartSeeds(planOf(13, 1), () => true).shown).toEqual([]);
  });
  it('skips a seed one of whose units is not usable, and counts only trained arms against the page', () => {
    const plan = planOf(5, 5);
    expect(chartSeeds(plan, (u) => u.id !== 'A3__seed1').shown).toEqual([2, 3]);
    const untrainedOnly: Plan = { ...plan, units: plan.units.filter((u) => !u.config) };
    expect(chartSeeds(untrainedOnly, () => true).shown).toEqual([1, 2, 3, 4, 5]);
    expect(chartSeeds(plan, () => false).shown).toEqual([]);
  });
  it('says which seeds, and why not all', () => {
    expect(describeChartSeeds({ shown: [1, 2, 3, 4, 5], of: [1, 2, 3, 4, 5], capped: false })).toBe('seeds 1–5');
    expect(describeChartSeeds({ shown: [1, 2, 3, 4], of: [1, 2, 3, 4, 5], capped: true })).toBe('seeds 1–4 of 5 (the page draws at most 12 runs at once)');
    expect(describeChartSeeds({ shown: [2, 3], of: [1, 2, 3], capped: false })).toBe('seeds 2, 3 of 3 (the others are not complete)');
    expect(describeChartSeeds({ shown: [1, 3, 4], of: [1, 2, 3, 4], capped: false })).toBe('seeds 1, 3, 4 of 4 (the others are not complete)');
    expect(describeChartSeeds({ shown: [1], of: [1], capped: false })).toBe('seed 1');
  });
});

describe("the report's charts, from report-data", () => {
  it('a stored trained unit is a run file the page accepts, with every step', () => {
    const plan = planOf(1, 1);
    const unit = plan.units.find((u) => u.config)!;
    const s = stored(plan, unit);
    expect(hasEveryStep(unit, s)).toBe(true);
    const file = parseRunExport(JSON.stringify(runExportOf(unit, s, true)));
    expect(file.run.runId).toBe(unit.id);
    expect(file.run.label).toBe('A0');
    expect(file.run.metrics.map((m) => m.step)).toEqual(Array.from({ length: totalSteps(unit.config!) }, (_, i) => i + 1));
    expect(file.run.config).toEqual(unit.config);
    expect(parseRunExport(JSON.stringify(runExportOf(unit, s, false))).run.metrics).toEqual([]);
    expect(() => runExportOf(plan.units.find((u) => !u.config)!, s, true)).toThrow('no training');
  });
  it('a unit that kept only its last steps does not hold every step; an untrained one always does', () => {
    const plan = planOf(1, 1);
    const unit = plan.units.find((u) => u.config)!;
    expect(hasEveryStep(unit, stored(plan, unit, 1))).toBe(totalSteps(unit.config!) === 1);
    const orig = plan.units.find((u) => !u.config)!;
    expect(hasEveryStep(orig, stored(plan, orig))).toBe(true);
  });
  it('shows the seeds whose units hold every step, or else the complete seeds without per-step charts', () => {
    const plan = planOf(3, 3);
    const all = plan.units.map((u) => stored(plan, u));
    const full = reportCharts(plan, all)!;
    expect(full.caption).toBe('quick size, seeds 1–3');
    expect(full.runs.map((r) => parseRunExport(r).run.runId)).toEqual(plan.units.filter((u) => u.config).map((u) => u.id));

    // Seed 2 lost one arm's steps: the charts show seeds 1 and 3.
    const partial = plan.units.map((u) => stored(plan, u, u.id === 'A1__seed2' ? 1 : undefined));
    expect(reportCharts(plan, partial)!.caption).toBe('quick size, seeds 1, 3 of 3 (the others are not complete)');

    // No seed holds every step: every complete seed, drawn without per-step metrics, and the caption says so.
    const old = plan.units.map((u) => stored(plan, u, 1));
    const none = reportCharts(plan, old)!;
    expect(none.caption).toBe('quick size, seeds 1–3; no per-step training charts: these units were stored with their last 5 steps only');
    expect(none.runs.every((r) => parseRunExport(r).run.metrics.length === 0)).toBe(true);
  });
  it('leaves out units of another definition of the preset and missing units; null without one complete seed', () => {
    const plan = planOf(2, 2);
    const all = plan.units.map((u) => stored(plan, u));
    const stale = all.map((s) => (s.unit.id === 'A0__seed1' ? { ...s, fingerprint: 'f'.repeat(64) } : s));
    expect(reportCharts(plan, stale)!.caption).toBe('quick size, seed 2 of 2 (the others are not complete)');
    expect(reportCharts(plan, all.filter((s) => s.unit.seed === 1 && s.unit.arm !== 'A1'))).toBeNull();
    expect(reportCharts(plan, [])).toBeNull();
  });
  it('the key changes with any unit shown and with the caption, not with the order of the files', () => {
    const plan = planOf(2, 2);
    const all = plan.units.map((u) => stored(plan, u));
    const key = reportCharts(plan, all)!.key;
    expect(reportCharts(plan, [...all].reverse())!.key).toBe(key);
    const changed = all.map((s) => (s.unit.id === 'A1__seed2' ? { ...s, wallSeconds: 2 } : s));
    expect(reportCharts(plan, changed)!.key).not.toBe(key);
    expect(reportCharts(plan, all.filter((s) => s.unit.seed === 1))!.key).not.toBe(key);
  });
});
