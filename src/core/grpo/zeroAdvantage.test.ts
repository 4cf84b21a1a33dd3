import { describe, it, expect } from 'vitest';
import { Rng } from '../rng';
import { groupAdvantages } from './advantages';
import { rewardWithRelativeLength } from './relativeLength';
import { sampleFilterMask } from './sampleFilter';
import { correctCounts, groupKind, groupKindShares, groupSizeCensus, predictedGroupKinds, zeroAdvantageChance, zeroAdvantageEstimate, zeroAdvantageStats } from './zeroAdvantage';

// all-correct, all-wrong, effective (1 of 4), mixed answers shaped to equal rewards (.5 each), G = 1 wrong, effective (3 of 4)
const rewards = [[1, 1, 1, 1], [0, 0, 0, 0], [1, 0, 0, 0], [0.5, 0.5, 0.5, 0.5], [0], [1, 1, 1, 0]];
const correct = [[true, true, true, true], [false, false, false, false], [true, false, false, false], [true, true, false, false], [false], [true, true, true, false]];
const advantages = groupAdvantages(rewards, { scaleRewards: true });

describe('zeroAdvantageStats (Figure 2, Figure 6)', () => {
  it('splits the groups by why they have no advantage', () => {
    const s = zeroAdvantageStats(correct, rewards, advantages, sampleFilterMask(advantages, 'both'));
    // 6 groups: all-correct 1, all-wrong 2 (incl. G = 1), other-equal 1, effective 2
    expect(s.numGroups).toBe(6);
    expect([s.allCorrectGroups, s.allWrongGroups, s.otherEqualGroups, s.effectiveGroups]).toEqual([1, 2, 1, 2]);
    expect(s.allEqualGroups).toBe(4);
    expect(s.allEqualShare).toBeCloseTo(4 / 6, 15);
    expect(s.allCorrectShare).toBeCloseTo(1 / 6, 15);
    expect(s.allWrongShare).toBeCloseTo(2 / 6, 15);
    expect(s.otherEqualShare).toBeCloseTo(1 / 6, 15);
    expect(s.effectiveShare).toBeCloseTo(2 / 6, 15);
    // used samples: group 3 has 1 positive, 3 negative; group 6 has 3 positive, 1 negative
    expect(s.positiveUsed).toBe(4);
    expect(s.negativeUsed).toBe(4);
  });

  it('counts only the samples the filter kept', () => {
    const pos = zeroAdvantageStats(correct, rewards, advantages, sampleFilterMask(advantages, 'positive'));
    expect([pos.positiveUsed, pos.negativeUsed]).toEqual([4, 0]);
    const neg = zeroAdvantageStats(correct, rewards, advantages, sampleFilterMask(advantages, 'negative'));
    expect([neg.positiveUsed, neg.negativeUsed]).toEqual([0, 4]);
    // the group split does not depend on the filter
    expect(neg.effectiveGroups).toBe(2);
  });

  it('agrees with groupAdvantages on which groups are zero-advantage', () => {
    const rng = new Rng(31);
    const groups = Array.from({ length: 300 }, () => {
      const n = rng.int(1, 6);
      const value = rng.pick([0, 1, 0.1 + 0.2]);
      return Array.from({ length: n }, () => (rng.next() < 0.8 ? value : rng.pick([0, 1, 0.3])));
    });
    const adv = groupAdvantages(groups, { scaleRewards: true });
    const s = zeroAdvantageStats(groups.map((g) => g.map((r) => r === 1)), groups, adv, sampleFilterMask(adv, 'both'));
    const withSignal = adv.filter((g) => g.some((a) => a !== 0)).length;
    expect(s.effectiveGroups).toBe(withSignal);
    expect(s.allEqualGroups + s.effectiveGroups).toBe(300);
  });

  it('sees RLR turn an all-correct group into an effective one', () => {
    const opts = { alpha: 0.75, lambda: 10, epsUp: 1, epsLow: -0.5 };
    const verified = [[1, 1, 1, 1]];
    const shaped = [rewardWithRelativeLength([10, 14, 18, 22].map((length) => ({ correct: true, length })), opts)];
    const before = zeroAdvantageStats([[true, true, true, true]], verified, groupAdvantages(verified, { scaleRewards: true }), [[true, true, true, true]]);
    const shapedAdv = groupAdvantages(shaped, { scaleRewards: true });
    const after = zeroAdvantageStats([[true, true, true, true]], shaped, shapedAdv, sampleFilterMask(shapedAdv, 'both'));
    expect(before.allCorrectGroups).toBe(1);
    expect(after.effectiveGroups).toBe(1);
    // lengths 10, 14 are below the mean 16 → positive; 18, 22 above → negative
    expect([after.positiveUsed, after.negativeUsed]).toEqual([2, 2]);
  });

  it('returns zero shares, not NaN, for an empty batch', () => {
    const s = zeroAdvantageStats([], [], [], []);
    expect(s.numGroups).toBe(0);
    expect([s.allEqualShare, s.effectiveShare, s.allCorrectShare, s.allWrongShare, s.otherEqualShare]).toEqual([0, 0, 0, 0, 0]);
  });

  it('rejects empty groups and mismatched shapes', () => {
    expect(() => zeroAdvantageStats([[]], [[]], [[]], [[]])).toThrow(/empty/);
    expect(() => zeroAdvantageStats([[true, false]], [[1, 0]], [[1]], [[true, true]])).toThrow(/group 0/);
    expect(() => zeroAdvantageStats([[true]], [[1, 0]], [[1, -1]], [[true, true]])).toThrow(/group 0/);
    expect(() => zeroAdvantageStats([[true, false]], [[1, 0]], [], [])).toThrow(/groups/);
  });

  it('splits equal-reward groups by their answers, not their reward values', () => {
    // RLR with both clips at −1: correct answers score 1 − 1 = 0, like the wrong ones.
    expect(groupKind([true, true, false, false], [0, 0, 0, 0])).toBe('all-equal');
    // Every answer right but a shaped reward of 1.2 each: still all-correct.
    expect(groupKind([true, true, true], [1.2, 1.2, 1.2])).toBe('all-correct');
    expect(groupKind([false, false], [0, 0])).toBe('all-wrong');
    expect(groupKind([true, false], [0, 0.0001])).toBe('effective');
    expect(() => groupKind([true], [1, 0])).toThrow(/1 answers but 2 rewards/);
    const s = zeroAdvantageStats([[true, true, false, false]], [[0, 0, 0, 0]], [[0, 0, 0, 0]], [[true, true, true, true]]);
    expect([s.allCorrectGroups, s.allWrongGroups, s.otherEqualGroups, s.effectiveGroups]).toEqual([0, 0, 1, 0]);
  });

  it('gives shares of 0, not NaN, for no groups, and counts each kind once', () => {
    expect(groupKindShares([])).toMatchObject({ numGroups: 0, allEqualShare: 0, effectiveShare: 0 });
    expect(groupKindShares(['all-correct', 'effective', 'all-wrong', 'effective'])).toMatchObject({ allEqualGroups: 2, allCorrectShare: 0.25, allWrongShare: 0.25, otherEqualShare: 0, effectiveShare: 0.5 });
  });
});

describe('zeroAdvantageChance: pᴳ + (1 − p)ᴳ', () => {
  it('matches hand-worked values', () => {
    expect(zeroAdvantageChance(0.5, 2)).toBe(0.5); // ¼ all right + ¼ all wrong
    expect(zeroAdvantageChance(0.5, 8)).toBeCloseTo(2 / 256, 15);
    expect(zeroAdvantageChance(0, 8)).toBe(1);
    expect(zeroAdvantageChance(1, 16)).toBe(1);
    expect(zeroAdvantageChance(0.9, 4)).toBeCloseTo(0.6561 + 0.0001, 12);
  });

  it('is 1 for a group of one at every accuracy', () => {
    for (const p of [0, 0.1, 0.5, 0.77, 1]) expect(zeroAdvantageChance(p, 1)).toBeCloseTo(1, 15);
  });

  it('refuses accuracies outside [0, 1] and group sizes that are not positive integers', () => {
    expect(() => zeroAdvantageChance(1.5, 2)).toThrow(/accuracy/);
    expect(() => zeroAdvantageChance(Number.NaN, 2)).toThrow(/accuracy/);
    expect(() => zeroAdvantageChance(0.5, 0)).toThrow(/G must be/);
    expect(() => zeroAdvantageChance(0.5, 2.5)).toThrow(/G must be/);
  });
});

describe('zeroAdvantageEstimate: unbiased pᴳ from k of n', () => {
  it('is C(k, G) / C(n, G), not the plug-in (k / n)ᴳ', () => {
    // 2 right of 4, G = 2: C(2,2)/C(4,2) = 1/6 each way; the plug-in would say ¼ each.
    expect(zeroAdvantageEstimate(2, 4, 2).allCorrect).toBeCloseTo(1 / 6, 15);
    expect(zeroAdvantageEstimate(2, 4, 2).allWrong).toBeCloseTo(1 / 6, 15);
    // 3 right of 4, G = 2: C(3,2)/C(4,2) = 3/6 all right; no two wrong ones to draw.
    expect(zeroAdvantageEstimate(3, 4, 2)).toEqual({ allCorrect: 0.5, allWrong: 0 });
    // G = n: all-equal exactly when the problem's samples are.
    expect(zeroAdvantageEstimate(2, 4, 4)).toEqual({ allCorrect: 0, allWrong: 0 });
    expect(zeroAdvantageEstimate(4, 4, 4)).toEqual({ allCorrect: 1, allWrong: 0 });
  });

  it('gives 1 in all for G = 1, since every group of one has zero advantage', () => {
    for (let k = 0; k <= 16; k++) {
      const e = zeroAdvantageEstimate(k, 16, 1);
      expect(e.allCorrect + e.allWrong).toBeCloseTo(1, 15);
      expect(e.allCorrect).toBeCloseTo(k / 16, 15);
    }
  });

  it('is unbiased: its mean over the binomial distribution of k is pᴳ', () => {
    const n = 8;
    const p = 0.3;
    const choose = (a: number, b: number): number => (b === 0 ? 1 : (choose(a - 1, b - 1) * a) / b);
    for (const G of [1, 2, 4, 8]) {
      let mean = 0;
      for (let k = 0; k <= n; k++) mean += choose(n, k) * p ** k * (1 - p) ** (n - k) * zeroAdvantageEstimate(k, n, G).allCorrect;
      expect(mean).toBeCloseTo(p ** G, 12);
    }
  });

  it('refuses a G larger than the samples, for which no unbiased estimate exists', () => {
    expect(() => zeroAdvantageEstimate(2, 4, 5)).toThrow(/G must be an integer in \[1, 4\]/);
    expect(() => zeroAdvantageEstimate(5, 4, 2)).toThrow(/correct must be/);
    expect(() => zeroAdvantageEstimate(0, 0, 1)).toThrow(/samples must be/);
  });
});

describe('groupSizeCensus: Figure 2 at one G from one pool of samples', () => {
  // Three problems × 4 samples: all right, all wrong, and right-right-wrong-wrong.
  const pool = [
    [true, true, true, true],
    [false, false, false, false],
    [true, true, false, false],
  ];

  it('counts problems by their right answers', () => {
    expect(correctCounts(pool)).toEqual([1, 0, 1, 0, 1]);
    expect(correctCounts([])).toEqual([0]);
    expect(() => correctCounts([[true], [true, false]])).toThrow(/problem 1 has 2 samples/);
  });

  it('measures disjoint groups in drawing order and predicts from the counts', () => {
    // G = 2: groups TT TT | FF FF | TT FF: 3 all right, 3 all wrong of 6.
    const g2 = groupSizeCensus(pool, 2);
    expect(g2).toMatchObject({ groupSize: 2, groups: 6, allCorrectShare: 0.5, allWrongShare: 0.5, effectiveShare: 0 });
    // Predicted: (1 + 0 + 1/6) / 3 each way; the mixed problem's pairs are all-equal 1/3 of the time.
    expect(g2.predictedAllCorrectShare).toBeCloseTo(7 / 18, 15);
    expect(g2.predictedAllWrongShare).toBeCloseTo(7 / 18, 15);
    // G = 4: one group each; prediction and measurement coincide at G = n.
    const g4 = groupSizeCensus(pool, 4);
    expect(g4).toMatchObject({ groups: 3, effectiveShare: 1 / 3 });
    expect([g4.predictedAllCorrectShare, g4.predictedAllWrongShare]).toEqual([g4.allCorrectShare, g4.allWrongShare]);
    // G = 3: one group of three each, the fourth sample left out.
    expect(groupSizeCensus(pool, 3)).toMatchObject({ groups: 3, allCorrectShare: 1 / 3, allWrongShare: 1 / 3 });
  });

  it('finds every group of one with zero advantage, measured and predicted', () => {
    const g1 = groupSizeCensus(pool, 1);
    expect(g1.groups).toBe(12);
    expect(g1.effectiveShare).toBe(0);
    expect(g1.allCorrectShare + g1.allWrongShare).toBe(1);
    expect(g1.predictedAllCorrectShare + g1.predictedAllWrongShare).toBeCloseTo(1, 15);
  });

  it('refuses a G it cannot form from the samples', () => {
    expect(() => groupSizeCensus(pool, 5)).toThrow(/G must be an integer in \[1, 4\]/);
    expect(() => groupSizeCensus(pool, 0)).toThrow(/G must be/);
    expect(predictedGroupKinds([0, 0, 0], 2)).toEqual({ allCorrectShare: 0, allWrongShare: 0 });
  });
});
