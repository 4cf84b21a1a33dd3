import { describe, it, expect } from 'vitest';
import { Rng } from '../rng';
import { groupAdvantages } from './advantages';
import { rewardWithRelativeLength } from './relativeLength';
import { sampleFilterMask } from './sampleFilter';
import { groupKind, groupKindShares, zeroAdvantageStats } from './zeroAdvantage';

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
