import { describe, expect, it } from 'vitest';
import type { ScorecardColumn, ScorecardResult } from '../../src/core/eval/results';
import { StudyReportSchema } from '../../src/core/eval/results';
import { seedProblemInterval } from '../../src/core/eval/seed-interval';
import { scorecardUnits } from './fixtures';
import { presetUnits } from './render';
import { describeSection } from './sections';
import type { StoredUnit } from './data';

/**
 * The report's readouts of "diffuse against concentrated" on hand-made scorecards: pass@k per
 * problem from the stored accuracies, with the seeds × problems interval Pass@1 has, and the
 * entropy per seed, pooled over a group's columns by their tokens.
 */
const LEVELS = { Orig: { reasoning: 0.5 }, Both: { reasoning: 0.5 }, Neg: { reasoning: 0.5 }, Pos: { reasoning: 0.5 } };

/** The units with every scorecard column rewritten by `f` (its runs, accuracies and readouts). */
function withColumns(units: StoredUnit[], f: (c: ScorecardColumn, u: StoredUnit) => Partial<ScorecardColumn>): StoredUnit[] {
  return units.map((u) => ({
    ...u,
    studies: u.studies.map((r) => (r.kind === 'scorecard' ? { ...r, result: { ...(r.result as ScorecardResult), columns: (r.result as ScorecardResult).columns.map((c) => ({ ...c, ...f(c, u) })) } } : r)),
  })) as StoredUnit[];
}

/** 4 runs per problem: problem p solved in (p mod 3) of them, so pass@4 is 0, 1, 1, 0, 1, 1, … */
const accuracies = (n: number) => Array.from({ length: n }, (_, p) => (p % 3) / 4);
const readouts = (c: ScorecardColumn, u: StoredUnit): Partial<ScorecardColumn> => ({
  runs: 4,
  accuracies: accuracies(c.accuracies!.length),
  passAtK: { k: 4, value: 0 },
  // Neg's seeds sample more diffusely; in-83 has three times in-30's tokens.
  entropy: { nats: (c.key === 'in-30' ? 0.5 : 1) + (u.unit.arm === 'Neg' ? 0.1 * (1 + (u.unit.seed % 2)) : 0), tokens: c.key === 'in-30' ? 100 : 300 },
});

describe("the report's pass@k and entropy", () => {
  const units = withColumns(scorecardUnits('pos-neg', { levels: LEVELS, seeds: 2 }), readouts);
  const table = presetUnits('pos-neg', units);

  it('computes pass@k per problem from the stored accuracies', () => {
    const t = table.table({ arm: 'Neg', measure: { passAtK: ['in-30'] } });
    expect(t).toEqual([accuracies(30).map((a) => (a > 0 ? 1 : 0)), accuracies(30).map((a) => (a > 0 ? 1 : 0))]);
  });

  it("pools a group's entropy by tokens, one value per seed", () => {
    // Orig: (0.5 · 100 + 1 · 300) / 400 = 0.875 at every seed.
    expect(table.table({ arm: 'Orig', measure: { entropy: ['in-30', 'in-83'] } })).toEqual([[0.875], [0.875]]);
    // Neg at its two seeds (0.1 and 0.2 more on both columns): 0.975 and 1.075.
    const neg = table.table({ arm: 'Neg', measure: { entropy: ['in-30', 'in-83'] } }) as number[][];
    expect(neg.map((r) => r[0])).toEqual([expect.closeTo(table.seeds[0] % 2 ? 1.075 : 0.975, 12), expect.closeTo(table.seeds[1] % 2 ? 1.075 : 0.975, 12)]);
  });

  it('shows both per arm in the Table 1 section, with the interval over seeds', () => {
    const md = describeSection('3.1', table);
    expect(md).toContain('| arm | pass@4 reasoning | entropy reasoning | pass@4 generalisation | entropy generalisation | pass@4 ood-big-83 | entropy ood-big-83 |');
    // in-30 and in-83 together: 20 of 30 and 55 of 83 problems solved at least once, 75 / 113 = 66.4 %,
    // with the interval over seeds and problems of Pass@1's table.
    const row = accuracies(30).concat(accuracies(83)).map((a) => (a > 0 ? 1 : 0));
    const reasoning = seedProblemInterval([row, row])!;
    expect(pts(reasoning.mean)).toBe('66.4');
    const negEntropy = seedProblemInterval([[0.975], [1.075]])!;
    expect(negEntropy.mean).toBeCloseTo(1.025, 12);
    expect(md).toContain(`| Neg | 66.4 [${pts(reasoning.lo)}, ${pts(reasoning.hi)}] | 1.025 [${negEntropy.lo.toFixed(3)}, ${negEntropy.hi.toFixed(3)}] |`);
  });

  it('says — where a scorecard was stored before the readouts, and such a scorecard still loads', () => {
    const old = withColumns(scorecardUnits('pos-neg', { levels: LEVELS, seeds: 2 }), () => ({}));
    const card = old[0].studies.find((r) => r.kind === 'scorecard')!;
    const json = JSON.parse(JSON.stringify(card)) as { result: { columns: Record<string, unknown>[] } };
    expect(json.result.columns[0]).not.toHaveProperty('passAtK');
    expect(StudyReportSchema.safeParse(json).success).toBe(true);
    const t = presetUnits('pos-neg', old);
    expect(t.table({ arm: 'Neg', measure: { passAtK: ['in-30'] } })).toBe("Neg's in-30 predates the pass@k readout");
    expect(t.table({ arm: 'Neg', measure: { entropy: ['in-30'] } })).toBe("Neg's in-30 predates the entropy readout");
    expect(describeSection('3.1', t)).toContain('| Neg | — | — | — | — | — | — |');
  });

  it('says why a greedy scorecard or one of a single run has none', () => {
    const greedy = presetUnits('pos-neg', withColumns(scorecardUnits('pos-neg', { levels: LEVELS, seeds: 2 }), () => ({ passAtK: null, entropy: null })));
    expect(greedy.table({ arm: 'Pos', measure: { passAtK: ['in-30'] } })).toBe('in-30 was scored with one run per problem (needs ≥ 2 runs)');
    expect(greedy.table({ arm: 'Pos', measure: { entropy: ['in-30'] } })).toBe('in-30: greedy decoding samples nothing');
  });
});

const pts = (x: number) => (x * 100).toFixed(1);
