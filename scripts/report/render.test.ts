import { describe, expect, it } from 'vitest';
import { buildSections, renderReport } from './render';
import type { ArmSummary, Estimate, Summary } from '../runner/summary';

const est = (mean: number, half = 0): Estimate => ({ mean, ci: [mean - half, mean + half], n: 1 });

function scorecardArm(label: string, v: { reasoning: number; fitness: number; ood: number; noise: number }, half = 0): ArmSummary {
  const values: Record<string, Estimate> = {
    'in-30': est(v.reasoning, half), 'in-83': est(v.reasoning, half),
    'in-30 (short)': est(v.fitness, half), 'in-83 (short)': est(v.fitness, half), 'fitness-200': est(v.fitness, half),
    'ood-long-30': est(v.ood, half), 'ood-words-83': est(v.ood, half), 'ood-list-83': est(v.ood, half), 'ood-paren-83': est(v.ood, half),
    'in-30-n1': est(v.noise, half), 'in-83-n1': est(v.noise, half), 'in-30-n2': est(v.noise, half), 'in-83-n2': est(v.noise, half),
  };
  return { arm: label, grid: {}, seeds: [1], final: {}, studies: [{ kind: 'scorecard', label: 'scorecard', values }], evals: [] };
}

function summary(arms: ArmSummary[], title = 't'): Summary {
  return { format: 'grpo-lab-experiment', version: 1, title, paper: '', source: { preset: 'x', size: 'full' }, seeds: [1], grid: [], backend: { name: 'wasm', adapter: 'a' }, versions: {}, startedAt: '', wallSeconds: 60, units: [], arms };
}

describe('Table 1 verdict', () => {
  const orig = scorecardArm('Orig', { reasoning: 0.3, fitness: 0.3, ood: 0.3, noise: 0.3 });
  it('is reproduced when every ordering of the paper holds', () => {
    const s = summary([
      orig,
      scorecardArm('Both', { reasoning: 0.5, fitness: 0.6, ood: 0.45, noise: 0.42 }),
      scorecardArm('Neg', { reasoning: 0.45, fitness: 0.4, ood: 0.5, noise: 0.5 }),
      scorecardArm('Pos', { reasoning: 0.4, fitness: 0.55, ood: 0.35, noise: 0.35 }),
    ]);
    const t1 = buildSections({ 'pos-neg': s })[0];
    expect(t1.verdict).toBe('reproduced');
    expect(t1.why).toMatch(/^5 of 5 claims hold/);
  });
  it('is not reproduced when the orderings are reversed, and partly when some hold', () => {
    const reversed = summary([
      orig,
      scorecardArm('Both', { reasoning: 0.2, fitness: 0.2, ood: 0.3, noise: 0.3 }),
      scorecardArm('Neg', { reasoning: 0.25, fitness: 0.4, ood: 0.2, noise: 0.2 }),
      scorecardArm('Pos', { reasoning: 0.28, fitness: 0.3, ood: 0.4, noise: 0.4 }),
    ]);
    expect(buildSections({ 'pos-neg': reversed })[0].verdict).toBe('not reproduced');
    const some = summary([
      orig,
      scorecardArm('Both', { reasoning: 0.5, fitness: 0.6, ood: 0.3, noise: 0.3 }),
      scorecardArm('Neg', { reasoning: 0.45, fitness: 0.4, ood: 0.2, noise: 0.2 }),
      scorecardArm('Pos', { reasoning: 0.4, fitness: 0.5, ood: 0.4, noise: 0.4 }),
    ]);
    expect(buildSections({ 'pos-neg': some })[0].verdict).toBe('partly reproduced');
  });
  it('says when an ordering holds only within overlapping intervals', () => {
    const s = summary([
      orig,
      scorecardArm('Both', { reasoning: 0.5, fitness: 0.6, ood: 0.45, noise: 0.42 }, 0.1),
      scorecardArm('Neg', { reasoning: 0.45, fitness: 0.4, ood: 0.5, noise: 0.5 }, 0.1),
      scorecardArm('Pos', { reasoning: 0.4, fitness: 0.55, ood: 0.35, noise: 0.35 }, 0.1),
    ]);
    const t1 = buildSections({ 'pos-neg': s })[0];
    expect(t1.markdown).toContain('✔ holds (within noise)');
    expect(t1.why).toMatch(/only within the noise/);
  });
  it('reports presets that did not run as not run', () => {
    const md = renderReport({}, { generatedAt: 'now', machine: 'm', size: 'full', command: 'c', notes: [] });
    expect(md).toContain('| Takeaway 3.1 | **not run** |');
  });
});
