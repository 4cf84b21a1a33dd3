import { describe, it, expect } from 'vitest';
import { relativeLengthReward, rewardWithRelativeLength, type LengthSample } from './relativeLength';

const opts = { alpha: 0.75, lambda: 10, epsUp: 1, epsLow: -0.5 };
const ok = (length: number): LengthSample => ({ correct: true, length });
const bad = (length: number): LengthSample => ({ correct: false, length });

describe('relativeLengthReward (Eq. 6)', () => {
  it('rewards shorter correct answers and clips at both bounds', () => {
    // all correct, mean length 25, λ = 10:
    // (25−10)/10 = 1.5 → 1; (25−20)/10 = .5; (25−30)/10 = −.5; (25−40)/10 = −1.5 → −.5
    const r = relativeLengthReward([ok(10), ok(20), ok(30), ok(40)], opts);
    expect(r[0]).toBe(1);
    expect(r[1]).toBeCloseTo(0.5, 12);
    expect(r[2]).toBeCloseTo(-0.5, 12);
    expect(r[3]).toBe(-0.5);
  });

  it('averages the lengths of the correct samples only, and gives incorrect ones 0', () => {
    // 3 of 4 correct → accuracy .75 = α qualifies. Correct lengths 10, 14, 18 → mean 14
    // (14−10)/10 = .4; 0; (14−18)/10 = −.4; the short wrong answer gets 0.
    // (Averaging over all four lengths, mean 11, would give .1, −.3, −.7 → −.5.)
    const r = relativeLengthReward([ok(10), ok(14), ok(18), bad(2)], opts);
    expect(r[0]).toBeCloseTo(0.4, 12);
    expect(r[1]).toBe(0);
    expect(r[2]).toBeCloseTo(-0.4, 12);
    expect(r[3]).toBe(0);
  });

  it('gives nothing to groups below alpha', () => {
    // 2 of 4 correct: accuracy .5 < .75
    expect(relativeLengthReward([ok(10), ok(40), bad(5), bad(5)], opts)).toEqual([0, 0, 0, 0]);
  });

  it('gives nothing when no sample is correct, even with alpha = 0', () => {
    expect(relativeLengthReward([bad(3), bad(9)], { ...opts, alpha: 0 })).toEqual([0, 0]);
  });

  it('gives 0 to every sample of an all-correct group of equal lengths, and to a group of one', () => {
    expect(relativeLengthReward([ok(7), ok(7), ok(7)], opts)).toEqual([0, 0, 0]);
    expect(relativeLengthReward([ok(7)], opts)).toEqual([0]);
  });

  it('puts values exactly on the clip edges where they land there', () => {
    // lengths 10, 25, 25 → mean 20: (20−10)/10 = 1 = ε_up; (20−25)/10 = −.5 = ε_low, twice
    const r = relativeLengthReward([ok(10), ok(25), ok(25)], opts);
    expect(r).toEqual([1, -0.5, -0.5]);
  });

  it('handles length-0 responses and empty groups', () => {
    // mean (0 + 20)/2 = 10 → (10−0)/10 = 1; (10−20)/10 = −1 → −.5
    expect(relativeLengthReward([ok(0), ok(20)], opts)).toEqual([1, -0.5]);
    expect(relativeLengthReward([], opts)).toEqual([]);
  });

  it('validates lambda and the clip bounds', () => {
    expect(() => relativeLengthReward([ok(1)], { ...opts, lambda: 0 })).toThrow(/lambda/);
    expect(() => relativeLengthReward([ok(1)], { ...opts, lambda: -3 })).toThrow(/lambda/);
    expect(() => relativeLengthReward([ok(1)], { ...opts, epsLow: 2, epsUp: 1 })).toThrow(/epsLow/);
    expect(() => relativeLengthReward([ok(Number.NaN)], opts)).toThrow(/length/);
  });
});

describe('rewardWithRelativeLength (Eq. 7)', () => {
  it('adds the length reward to the 0/1 verification reward', () => {
    // RLR from the mixed example above: [.4, 0, −.4, 0] → [1.4, 1, .6, 0]
    const r = rewardWithRelativeLength([ok(10), ok(14), ok(18), bad(2)], opts);
    expect(r[0]).toBeCloseTo(1.4, 12);
    expect(r[1]).toBe(1);
    expect(r[2]).toBeCloseTo(0.6, 12);
    expect(r[3]).toBe(0);
  });

  it('is the verification reward alone with RLR off (null), as the trainer and the classroom score it', () => {
    expect(rewardWithRelativeLength([ok(10), ok(14), ok(18), bad(2)], null)).toEqual([1, 1, 1, 0]);
    expect(rewardWithRelativeLength([], null)).toEqual([]);
  });
});
