import { describe, expect, it } from 'vitest';
import { runSpread } from './spread';
import { bootstrapCI, NEEDS_RUNS } from './stats';

// 6 problems. Run A solves problem 1; run B solves problems 1 and 2.
const A = [true, false, false, false, false, false];
const B = [true, true, false, false, false, false];
const byProblem = (...runs: boolean[][]) => runs[0].map((_, p) => runs.map((r) => r[p]));

describe('runSpread', () => {
  it('has no spread, gap or uncertain share for one run: null, not 0', () => {
    // The score is 1/6 = 16.7 %; the old code also said std 0, gap 0, uncertain 0 and CI [16.7, 16.7].
    const one = runSpread(byProblem(A));
    expect(one.runScores).toEqual([1 / 6]);
    expect(one).toEqual({ runScores: [1 / 6], runStd: null, maxRunGap: null, uncertainShare: null });
    expect(bootstrapCI(one.runScores, { level: 0.95, resamples: 100, seed: 1 })).toBeNull();
    expect(NEEDS_RUNS).toBe('needs ≥ 2 runs');
  });

  it('measures two runs by hand-worked numbers', () => {
    const two = runSpread(byProblem(A, B));
    // Scores 1/6 and 2/6, mean 1/4: std = √(((1/6 − 1/4)² + (2/6 − 1/4)²) / 1) = √2 / 12.
    expect(two.runScores).toEqual([1 / 6, 2 / 6]);
    expect(two.runStd).toBeCloseTo(Math.SQRT2 / 12, 14);
    expect(two.maxRunGap).toBeCloseTo(1 / 6, 14);
    // Accuracies 1, 0.5, 0, 0, 0, 0: only problem 2 (0.5) is in [0.2, 0.8).
    expect(two.uncertainShare).toBeCloseTo(1 / 6, 14);
  });

  it('says 0 when runs that could disagree agreed', () => {
    const same = runSpread(byProblem(A, A));
    expect(same).toEqual({ runScores: [1 / 6, 1 / 6], runStd: 0, maxRunGap: 0, uncertainShare: 0 });
  });
});
