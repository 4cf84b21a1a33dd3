import { describe, expect, it } from 'vitest';
import { defaultRuns, evaluationNoiseVariance } from './runs';

describe('defaultRuns', () => {
  it("follows Table 5's defaults by suite size", () => {
    // AIME24/25 (30), AMC23 (83): 64; GPQA (198), GaoKao (351): 32; MATH-500, OlympiadBench: 16
    expect([1, 30, 83].map(defaultRuns)).toEqual([64, 64, 64]);
    expect([84, 198, 351, 499].map(defaultRuns)).toEqual([32, 32, 32, 32]);
    expect([500, 675, 3018].map(defaultRuns)).toEqual([16, 16, 16]);
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => defaultRuns(0)).toThrow(/suiteSize/);
    expect(() => defaultRuns(12.5)).toThrow(/suiteSize/);
  });
});

describe('evaluationNoiseVariance', () => {
  it('is Σ p(1 − p) / (runs · N²), worked by hand', () => {
    // p = 0.5, 0.9, 1, 0: 0.25 + 0.09 + 0 + 0 = 0.34; N = 4, runs = 8 → 0.34 / 128
    expect(evaluationNoiseVariance([0.5, 0.9, 1, 0], 8)).toBeCloseTo(0.34 / 128, 15);
    // one problem at 0.5, one run: a coin flip, variance 0.25
    expect(evaluationNoiseVariance([0.5], 1)).toBe(0.25);
  });
  it('falls as 1 / runs, and is 0 when every problem is certain', () => {
    const p = [0.2, 0.6, 0.7];
    expect(evaluationNoiseVariance(p, 64) * 64).toBeCloseTo(evaluationNoiseVariance(p, 1), 15);
    expect(evaluationNoiseVariance([0, 1, 1], 8)).toBe(0);
  });
  it('rejects no problems, a share outside [0, 1] and a run count that is not a positive integer', () => {
    expect(() => evaluationNoiseVariance([], 8)).toThrow(/no problems/);
    expect(() => evaluationNoiseVariance([1.2], 8)).toThrow(/not in \[0, 1\]/);
    expect(() => evaluationNoiseVariance([0.5], 0)).toThrow(/runs/);
  });
});
