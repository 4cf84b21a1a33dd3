import { describe, expect, it } from 'vitest';
import { NEEDS_SEEDS, seedProblemInterval } from '../../src/core/eval/seed-interval';
import { buildSections, evaluateClaim, presetUnits, renderReport, SAME_MODEL } from './render';
import { SECTIONS } from './paper';
import { scorecardUnits, TEST_CHECKPOINT } from './fixtures';
import { storedUnit } from './data';
import { presetPlan } from '../runner/plan';

/**
 * The verdicts on synthetic stored units whose true differences the test chooses: every ordering
 * of the paper with a clear gap comes out supported, the reversed one contradicted, arms that
 * differ only by noise inconclusive, and two arms alike within the margin equivalent.
 */
const section = (id: string, data: Parameters<typeof buildSections>[0]) => buildSections(data).find((s) => s.id === id)!;

const PAPER_ORDER = {
  Orig: { reasoning: 0.3, fitness: 0.3, generalisation: 0.3, robustness: 0.3 },
  Both: { reasoning: 0.6, fitness: 0.6, generalisation: 0.5, robustness: 0.5 },
  Neg: { reasoning: 0.55, fitness: 0.4, generalisation: 0.6, robustness: 0.6 },
  Pos: { reasoning: 0.45, fitness: 0.55, generalisation: 0.4, robustness: 0.4 },
};

describe('Takeaway 3.1 verdicts', () => {
  it('are supported, and the takeaway reproduced, when every difference of the paper is clear', () => {
    const s = section('3.1', { 'pos-neg': scorecardUnits('pos-neg', { levels: PAPER_ORDER, seeds: 3, noise: 0.05, seedShift: 0.1 }) });
    expect(s.claims.map((c) => c.verdict)).toEqual(Array(10).fill('supported'));
    expect(s.verdict).toBe('reproduced');
    expect(s.why).toBe('10 supported, 0 contradicted, 0 inconclusive of 10 claims at 3 seeds.');
    // Each claim shows its interval and what this many seeds can detect.
    for (const c of s.claims) {
      expect(c.difference!.seeds).toBe(3);
      expect(c.mdd).toBeGreaterThan(0);
    }
  });

  it('are contradicted, and the takeaway not reproduced, when the orderings are reversed', () => {
    const reversed = { Orig: PAPER_ORDER.Orig, Both: { reasoning: 0.4, fitness: 0.4, generalisation: 0.5, robustness: 0.5 }, Neg: { reasoning: 0.5, fitness: 0.6, generalisation: 0.4, robustness: 0.4 }, Pos: { reasoning: 0.6, fitness: 0.5, generalisation: 0.6, robustness: 0.6 } };
    const s = section('3.1', { 'pos-neg': scorecardUnits('pos-neg', { levels: reversed, seeds: 3, noise: 0.05 }) });
    expect(s.claims.map((c) => c.verdict)).toEqual(Array(10).fill('contradicted'));
    expect(s.verdict).toBe('not reproduced');
  });

  it('are inconclusive when the arms differ only by noise', () => {
    const same = { Both: { reasoning: 0.5, fitness: 0.5, generalisation: 0.5, robustness: 0.5 } };
    const levels = { Orig: same.Both, Both: same.Both, Neg: same.Both, Pos: same.Both };
    const s = section('3.1', { 'pos-neg': scorecardUnits('pos-neg', { levels, seeds: 2, noise: 0.5, seedShift: 0.05 }) });
    const ordering = s.claims.filter((c) => c.def.test === 'ordering');
    expect(ordering.map((c) => c.verdict)).toEqual(Array(ordering.length).fill('inconclusive'));
    expect(ordering.every((c) => c.difference!.lo < 0 && c.difference!.hi > 0)).toBe(true);
    expect(s.verdict).toBe('inconclusive');
  });

  it('are inconclusive whatever the test when both arms kept step 0 at every seed (one model against itself)', () => {
    const levels = { Orig: PAPER_ORDER.Orig, Both: PAPER_ORDER.Orig, Neg: PAPER_ORDER.Orig, Pos: PAPER_ORDER.Pos };
    const units = scorecardUnits('pos-neg', { levels, seeds: 2, noise: 0.05 });
    // Both and Neg ended with the base weights: each scores what Orig scores at its seed, problem by problem.
    const atStart = units.map((u) => {
      if (u.unit.arm !== 'Both' && u.unit.arm !== 'Neg') return u;
      const orig = units.find((o) => o.unit.arm === 'Orig' && o.unit.seed === u.unit.seed)!;
      return { ...u, metrics: [], outcome: { endStep: 2, endedBy: 'budget' as const, keep: 'best' as const, keptStep: 0, reason: 'best validation at step 0' }, studies: orig.studies };
    });
    const s = section('3.1', { 'pos-neg': atStart });
    const bothNeg = s.claims.filter((c) => 'arm' in c.def.a && 'arm' in c.def.b && [c.def.a.arm, c.def.b.arm].sort().join() === 'Both,Neg');
    expect(bothNeg.length).toBeGreaterThan(1);
    for (const c of bothNeg) {
      expect(c.point).toBe(0);
      expect(c.verdict).toBe('inconclusive');
      expect(c.note).toBe(SAME_MODEL);
    }
    expect(s.markdown).toContain(`**inconclusive** (${SAME_MODEL})`);
    // The control: the same identical scores, but Neg kept a trained step at seed 2: the tests decide as usual.
    const trained = atStart.map((u) => (u.unit.arm === 'Neg' && u.unit.seed === 2 ? { ...u, outcome: { ...u.outcome!, keptStep: 2 } } : u));
    const control = section('3.1', { 'pos-neg': trained }).claims.filter((c) => bothNeg.some((b) => b.def.text === c.def.text));
    expect(control.every((c) => c.note === undefined)).toBe(true);
    expect(control.filter((c) => c.def.test !== 'ordering').map((c) => c.verdict)).toEqual(bothNeg.filter((c) => c.def.test !== 'ordering').map(() => 'supported'));
  });

  it('need two training seeds: one seed shows the difference, no interval and no verdict', () => {
    const s = section('3.1', { 'pos-neg': scorecardUnits('pos-neg', { levels: PAPER_ORDER, seeds: 1 }) });
    expect(s.verdict).toBe(NEEDS_SEEDS);
    expect(s.claims.every((c) => c.verdict === null && c.difference === null && c.point !== null && c.note === NEEDS_SEEDS)).toBe(true);
    expect(s.markdown).toContain(`— (${NEEDS_SEEDS})`);
    expect(s.markdown).not.toMatch(/\d \[/);
  });

  it('take a group as one table of its problems, not the average of its members\' intervals', () => {
    const units = scorecardUnits('pos-neg', { levels: PAPER_ORDER, seeds: 3, noise: 0.2 });
    const pu = presetUnits('pos-neg', units);
    const both = pu.table({ arm: 'Both', measure: { scorecard: ['in-30', 'in-83'] } }) as number[][];
    expect(both).toHaveLength(3);
    expect(both[0]).toHaveLength(30 + 83);
    const i = seedProblemInterval(both)!;
    const s = section('3.1', { 'pos-neg': units });
    expect(s.markdown).toContain(`| Both | ${(i.mean * 100).toFixed(1)} [${(i.lo * 100).toFixed(1)}, ${(i.hi * 100).toFixed(1)}] |`);
  });
});

describe('equivalence claims (Takeaway 3.2)', () => {
  const NNN = '64(N)-96(N)-160(N)';
  const NP = '64(NP)-96(NP)-160(NP)';
  it('are supported when the arms are alike within the margin, and the orderings beside them too', () => {
    const levels = { [NNN]: { reasoning: 0.5, generalisation: 0.6, robustness: 0.6 }, [NP]: { reasoning: 0.5, generalisation: 0.45, robustness: 0.45 } };
    const s = section('3.2', { 'neg-pretrain': scorecardUnits('neg-pretrain', { levels, seeds: 3, noise: 0.01, seedShift: 0.1 }) });
    expect(s.claims[0].def.test).toBe('equivalence');
    expect(s.claims[0].difference!.lo).toBeGreaterThan(-0.02);
    expect(s.claims[0].difference!.hi).toBeLessThan(0.02);
    expect(s.claims.map((c) => c.verdict)).toEqual(['supported', 'supported', 'supported']);
    expect(s.verdict).toBe('reproduced');
  });

  it('are contradicted when the difference is established beyond the margin, inconclusive when the interval straddles it', () => {
    const apart = { [NNN]: { reasoning: 0.6 }, [NP]: { reasoning: 0.45 } };
    expect(section('3.2', { 'neg-pretrain': scorecardUnits('neg-pretrain', { levels: apart, seeds: 3, noise: 0.01 }) }).claims[0].verdict).toBe('contradicted');
    const noisy = { [NNN]: { reasoning: 0.5 }, [NP]: { reasoning: 0.5 } };
    const c = section('3.2', { 'neg-pretrain': scorecardUnits('neg-pretrain', { levels: noisy, seeds: 2, noise: 0.5, seedShift: 0.05 }) }).claims[0];
    expect(c.verdict).toBe('inconclusive');
    expect(c.difference!.hi - c.difference!.lo).toBeGreaterThan(0.04);
  });
});

describe('Table 6 (length bias)', () => {
  it('compares the cap drops paired per problem and seed, with a real interval', () => {
    // Neg loses 20 points to the cap, Pos 5: capped fitness columns stand for the short scores.
    const levels = { 'Neg (GRPO)': { reasoning: 0.6, fitness: 0.4 }, 'Pos (GRPO)': { reasoning: 0.6, fitness: 0.55 }, 'Neg (Dr. GRPO)': { reasoning: 0.6, fitness: 0.4 }, 'Pos (Dr. GRPO)': { reasoning: 0.6, fitness: 0.55 } };
    const s = section('C.1', { 'length-bias': scorecardUnits('length-bias', { levels, seeds: 2, noise: 0.02 }) });
    expect(s.claims.map((c) => c.verdict)).toEqual(['supported', 'supported']);
    const d = s.claims[0].difference!;
    expect(d.mean).toBeCloseTo(0.15, 1);
    expect(d.hi - d.lo).toBeGreaterThan(0);
  });
});

describe('the report', () => {
  it('says what was not run, states the rule and lists the dropped claims with their reasons', () => {
    const md = renderReport({}, { command: 'npm run report', notes: [] });
    expect(md).toContain('| Takeaway 3.1 | **not run** |');
    expect(md).toContain('An ordering claim (A > B) is **supported** when the interval lies above 0');
    for (const d of SECTIONS.flatMap((x) => x.dropped)) expect(md).toContain(`~~${d.text}~~ — ${d.why}`);
    expect(md).toContain('0 units of 0 presets, 0 KB of raw data');
  });

  it('says per preset its size, complete seeds, units and how they were made', () => {
    const md = renderReport({ 'pos-neg': scorecardUnits('pos-neg', { levels: PAPER_ORDER, seeds: 2 }) }, { command: 'npm run report', notes: [] });
    expect(md).toMatch(/\| pos-neg \| Table 1, Figure 6 \| quick \| 2 \(1, 2\) \| 8\/8 \| 2 steps of 2 × 4 \| 1 \| wasm \| test machine \| 1\.3 min \|/);
  });

  it('evaluates a claim on the seeds every arm has finished only', () => {
    const units = scorecardUnits('pos-neg', { levels: PAPER_ORDER, seeds: 3, noise: 0.05 }).filter((u) => !(u.unit.arm === 'Pos' && u.unit.seed === 3));
    const c = evaluateClaim(presetUnits('pos-neg', units), SECTIONS[0].claims[1]);
    expect(c.difference!.seeds).toBe(2);
  });
});

describe('difference claims (Takeaway 5.3: greedy misreports the sampled score)', () => {
  /** Orig's greedy study at each seed: greedy answers fixed, sampled accuracies as given. */
  function greedyUnits(seeds: number, sampled: (seed: number, p: number) => number, greedy: (p: number) => boolean) {
    const plan = presetPlan('instability', 'quick', seeds, []);
    return plan.units.map((unit) => {
      const study = unit.studies.find((x) => x.kind === 'greedy')!;
      const accuracies = Array.from({ length: 30 }, (_, p) => sampled(unit.seed, p));
      const correct = Array.from({ length: 30 }, (_, p) => greedy(p));
      const result = { suite: 'in-30', problems: 30, sampled: { runs: 2, temperature: 0.6, accuracies, histogram: [30], uncertainShare: 0.5, pass1: 0.5 }, greedy: { batchSize: 1, correct, histogram: [30], uncertainShare: 0, pass1: 0.5 }, byBatch: [], byBackend: [] };
      const report = { kind: 'greedy' as const, study, backend: { name: 'wasm', adapter: 'test' }, startedAt: '2026-01-01T00:00:00.000Z', seconds: 1, result };
      return storedUnit(plan, unit, { unitId: unit.id, status: 'done', backend: report.backend, wallSeconds: 1, metrics: [], evals: [], studies: [report] }, 'test machine', TEST_CHECKPOINT);
    });
  }
  const claim = SECTIONS.find((x) => x.id === '5.3')!.claims.find((c) => c.test === 'difference')!;
  const noise = (seed: number, p: number) => (((seed * 31 + p * 17) % 11) - 5) / 100;

  it('is supported when greedy is far from the sampled score, contradicted when it matches it within the margin', () => {
    // Greedy right on every problem, sampling right half the time: greedy overstates by 50 points.
    const far = evaluateClaim(presetUnits('instability', greedyUnits(3, (s, p) => 0.5 + noise(s, p), () => true)), claim);
    expect(far.verdict).toBe('supported');
    expect(far.difference!.lo).toBeGreaterThan(0.02);
    // Greedy right exactly where sampling is mostly right: the same score, within ±2 points.
    const near = evaluateClaim(presetUnits('instability', greedyUnits(3, (s, p) => (p % 2 === 0 ? 0.99 : 0.01) + noise(s, p) / 100, (p) => p % 2 === 0)), claim);
    expect(near.verdict).toBe('contradicted');
    const wide = evaluateClaim(presetUnits('instability', greedyUnits(2, (s, p) => 0.45 + (s === 1 ? 0.3 : -0.3) + noise(s, p), (p) => p % 2 === 0)), claim);
    expect(wide.verdict).toBe('inconclusive');
  });
});
