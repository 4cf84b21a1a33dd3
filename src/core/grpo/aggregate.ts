import type { LossType } from '../config';

/**
 * TRL's `loss_type`, the one place each is defined: the number a sequence's summed token losses
 * are divided by. N counts the sequences with at least one token; a sequence of length 0
 * (padding, or a sample dropped by the sample filter) gets none and counts nowhere.
 * - `grpo`: N·|o_i|, each sequence's token mean, then the mean over sequences (Eq. 4's
 *   1/G Σ 1/|o_i| Σ_t); a token of a short sequence weighs more — the length bias of Appendix C.1.
 * - `dapo`: Σ|o_j|, the token-level mean over the batch.
 * - `dr_grpo`: N·L with L = maxCompletionLength, a constant normaliser, no length bias.
 */
function lossDenominators(lengths: readonly number[], lossType: LossType, maxCompletionLength: number): (number | null)[] {
  const live = lengths.filter((l) => l > 0);
  const N = live.length;
  const total = live.reduce((a, b) => a + b, 0);
  return lengths.map((l) => {
    if (l === 0 || N === 0) return null;
    if (lossType === 'grpo') return N * l;
    if (lossType === 'dapo') return total;
    return N * maxCompletionLength;
  });
}

/**
 * Per-sequence token weights w_i = 1 / denominator_i, so Σ_it w_i·ℓ_it is the loss type's
 * aggregation (the trainer's form, and aggregateLossTensor's): grpo 1/(N·|o_i|), dapo 1/Σ|o_j|,
 * dr_grpo 1/(N·L); 0 for a sequence with no tokens.
 */
export function tokenWeights(lengths: readonly number[], lossType: LossType, maxCompletionLength: number): number[] {
  return lossDenominators(lengths, lossType, maxCompletionLength).map((d) => (d === null ? 0 : 1 / d));
}

/**
 * Reduces per-token losses `perToken[seq][t]` to one scalar by the loss type's denominators
 * (tokenWeights), a sequence's length being the sum of its mask. Masked-out entries are never
 * read, so padding may hold NaN; a sequence whose mask is all zero counts in none of the three,
 * not even in the sequence count: the filtered ablation must train on the kept samples as if the
 * others were never in the batch (Section 3.1). If no sequence has any mask, the loss is 0.
 */
export function aggregateLoss(perToken: number[][], mask: number[][], lossType: LossType, maxCompletionLength: number): number {
  if (perToken.length !== mask.length) {
    throw new Error(`aggregateLoss: ${perToken.length} loss rows but ${mask.length} mask rows`);
  }
  if (lossType === 'dr_grpo' && !(maxCompletionLength > 0)) {
    throw new Error(`aggregateLoss: dr_grpo needs maxCompletionLength > 0, got ${maxCompletionLength}`);
  }
  const sums: number[] = [];
  const lengths: number[] = [];
  for (let s = 0; s < perToken.length; s++) {
    const losses = perToken[s];
    const weights = mask[s];
    if (losses.length !== weights.length) {
      throw new Error(`aggregateLoss: sequence ${s} has ${losses.length} losses but ${weights.length} mask entries`);
    }
    let seqSum = 0;
    let seqMask = 0;
    for (let t = 0; t < losses.length; t++) {
      if (weights[t] === 0) continue;
      seqSum += losses[t] * weights[t];
      seqMask += weights[t];
    }
    sums.push(seqSum);
    lengths.push(seqMask);
  }
  let loss = 0;
  lossDenominators(lengths, lossType, maxCompletionLength).forEach((d, s) => {
    if (d !== null) loss += sums[s] / d;
  });
  return loss;
}
