import { describe, it, expect } from 'vitest';
import { aggregateLoss } from './aggregate';
import { groupAdvantages } from './advantages';
import { sampleFilterMask } from './sampleFilter';
import { clippedSurrogate } from './surrogate';

/** reward → advantages → filter → per-token loss → aggregation, as the trainer composes them. */
function stepLoss(rewards: number[][], lengths: number[][], filter: 'both' | 'positive' | 'negative', lossType: 'grpo' | 'dapo' | 'dr_grpo'): number {
  const advantages = groupAdvantages(rewards, { scaleRewards: false });
  const keep = sampleFilterMask(advantages, filter).flat();
  const adv = advantages.flat();
  const len = lengths.flat();
  const maxLen = Math.max(...len, 1);
  // on-policy first iteration: log ratio 0, so each token's loss is −A
  const perToken = adv.map((a) => Array.from({ length: maxLen }, () => clippedSurrogate(0, a, 0.2)));
  const mask = len.map((l, s) => Array.from({ length: maxLen }, (_, t) => (keep[s] && t < l ? 1 : 0)));
  return aggregateLoss(perToken, mask, lossType, maxLen);
}

describe('a GRPO step on plain numbers', () => {
  it('a one-sided filter on an all-zero-advantage batch trains on nothing', () => {
    const rewards = [[1, 1], [0, 0, 0]];
    const lengths = [[3, 4], [2, 2, 5]];
    for (const lossType of ['grpo', 'dapo', 'dr_grpo'] as const) {
      expect(stepLoss(rewards, lengths, 'positive', lossType)).toBe(0);
      expect(stepLoss(rewards, lengths, 'negative', lossType)).toBe(0);
    }
  });

  it('the positive filter averages over the kept sequences only', () => {
    // group [1, 0, 0, 0], unscaled: A = [.75, −.25, −.25, −.25]; positive keeps sample 0 → loss −.75
    const rewards = [[1, 0, 0, 0]];
    const lengths = [[2, 3, 4, 5]];
    expect(stepLoss(rewards, lengths, 'positive', 'grpo')).toBeCloseTo(-0.75, 12);
    expect(stepLoss(rewards, lengths, 'negative', 'grpo')).toBeCloseTo(0.25, 12);
    // both, grpo: mean of per-sequence means = (−.75 + 3·.25)/4 = 0
    expect(stepLoss(rewards, lengths, 'both', 'grpo')).toBeCloseTo(0, 12);
    // both, dapo: token-weighted: (−.75·2 + .25·(3+4+5)) / 14 = 1.5/14
    expect(stepLoss(rewards, lengths, 'both', 'dapo')).toBeCloseTo(1.5 / 14, 12);
  });

  it('a length-0 completion counts nowhere', () => {
    // sample 1 (A = −.25) has length 0: grpo over samples 0, 2, 3 → (−.75 + .25 + .25)/3
    expect(stepLoss([[1, 0, 0, 0]], [[2, 0, 4, 5]], 'both', 'grpo')).toBeCloseTo(-0.25 / 3, 12);
  });
});
