import { describe, expect, it } from 'vitest';
import { maxGap, maxGapStudy, type MaxGapRow } from './maxGap';

const T = true;
const F = false;

describe('maxGap', () => {
  it('is max − min of the trial scores', () => {
    expect(maxGap([0.4, 0.1, 0.35])).toBeCloseTo(0.3, 14);
    expect(maxGap([39.79, 33.12, 36.0, 35.5])).toBeCloseTo(6.67, 10);
  });

  it('does not exist for one trial (null, not 0), and is 0 for trials that agree', () => {
    expect(maxGap([0.73])).toBeNull();
    expect(maxGap([0.73, 0.73])).toBe(0);
  });

  it('rejects no trials and non-numbers', () => {
    expect(() => maxGap([])).toThrow(/empty/);
    expect(() => maxGap([0.5, Number.NaN])).toThrow(/finite/);
  });
});

describe('maxGapStudy', () => {
  // Two problems, eight runs.
  const correct = [
    [T, T, F, T, F, F, T, T],
    [F, T, T, T, T, F, F, F],
  ];

  function available(row: MaxGapRow) {
    if (!row.available) throw new Error(`row ${row.runs} unexpectedly unavailable: ${row.reason}`);
    return row;
  }

  it('splits runs into disjoint consecutive trials (two trials)', () => {
    const [one, two, four, eight] = maxGapStudy(correct, [1, 2, 4, 8], 2);
    // n=1: run 0 = (1+0)/2 = 0.5, run 1 = (1+1)/2 = 1
    expect(available(one).trialScores).toEqual([0.5, 1]);
    expect(available(one).meanPass1).toBeCloseTo(0.75, 14);
    expect(available(one).maxGap).toBeCloseTo(0.5, 14);
    // n=2: runs 0–1: P0 2/2, P1 1/2 → 0.75; runs 2–3: P0 1/2, P1 2/2 → 0.75
    expect(available(two).trialScores).toEqual([0.75, 0.75]);
    expect(available(two).maxGap).toBe(0);
    // n=4: runs 0–3: P0 3/4, P1 3/4 → 0.75; runs 4–7: P0 2/4, P1 1/4 → 0.375
    expect(available(four).trialScores).toEqual([0.75, 0.375]);
    expect(available(four).meanPass1).toBeCloseTo(0.5625, 14);
    expect(available(four).maxGap).toBeCloseTo(0.375, 14);
    // n=8 needs 16 runs
    expect(eight.available).toBe(false);
    expect(eight.runs).toBe(8);
    if (!eight.available) expect(eight.reason).toMatch(/16 runs, only 8/);
  });

  it('uses four trials by default, as Table 7 does', () => {
    const [two, three] = maxGapStudy(correct, [2, 3]);
    // runs 0–1 → 0.75; 2–3 → 0.75; 4–5: P0 0/2, P1 1/2 → 0.25; 6–7: P0 2/2, P1 0/2 → 0.5
    expect(available(two).trialScores).toEqual([0.75, 0.75, 0.25, 0.5]);
    expect(available(two).meanPass1).toBeCloseTo(2.25 / 4, 14);
    expect(available(two).maxGap).toBeCloseTo(0.5, 14);
    // 4 × 3 = 12 > 8
    expect(three.available).toBe(false);
  });

  it('refuses a single trial, which has no gap (not a gap of 0)', () => {
    expect(() => maxGapStudy(correct, [8], 1)).toThrow('maxGapStudy: trials must be an integer ≥ 2, got 1');
  });

  it('rejects malformed input', () => {
    expect(() => maxGapStudy(correct, [0])).toThrow(/runs per trial/);
    expect(() => maxGapStudy(correct, [1.5])).toThrow(/runs per trial/);
    expect(() => maxGapStudy(correct, [1], 0)).toThrow(/trials/);
    expect(() => maxGapStudy([[T, F], [T]], [1])).toThrow(/same runs/);
    expect(() => maxGapStudy([], [1])).toThrow(/empty/);
  });
});
