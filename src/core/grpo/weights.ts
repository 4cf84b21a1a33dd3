import type { LossType } from '../config';

/**
 * Per-sequence token weights that turn Σ w·ℓ into the three aggregations of aggregateLoss:
 * grpo 1/(N·|o_i|), dapo 1/Σ|o_j|, dr_grpo 1/(N·L). N counts sequences with at least one token.
 */
export function tokenWeights(lengths: readonly number[], lossType: LossType, maxCompletionLength: number): number[] {
  const live = lengths.filter((l) => l > 0);
  const N = live.length;
  const total = live.reduce((a, b) => a + b, 0);
  return lengths.map((l) => {
    if (l === 0 || N === 0) return 0;
    if (lossType === 'grpo') return 1 / (N * l);
    if (lossType === 'dapo') return 1 / total;
    return 1 / (N * maxCompletionLength);
  });
}
