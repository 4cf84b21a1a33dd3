import type { LossType } from '../config';

/**
 * Reduces per-token losses `perToken[seq][t]` to one scalar, TRL's `loss_type`:
 * - `grpo`: each sequence's masked token mean, then the mean over sequences (Eq. 4's 1/G Σ 1/|o_i| Σ_t);
 *   a token of a short sequence weighs more — the length bias of Appendix C.1.
 * - `dapo`: masked sum over all tokens / total mask (token-level mean).
 * - `dr_grpo`: masked sum / (sequences × maxCompletionLength): a constant normaliser, no length bias.
 *
 * A sequence whose mask is all zero (padding, or a sample dropped by the sample filter) counts in
 * none of the three, not even in the sequence count: the filtered ablation must train on the kept
 * samples as if the others were never in the batch (Section 3.1). Masked-out entries are never
 * read, so padding may hold NaN. If no sequence has any mask, the loss is 0.
 */
export function aggregateLoss(perToken: number[][], mask: number[][], lossType: LossType, maxCompletionLength: number): number {
  if (perToken.length !== mask.length) {
    throw new Error(`aggregateLoss: ${perToken.length} loss rows but ${mask.length} mask rows`);
  }
  if (lossType === 'dr_grpo' && !(maxCompletionLength > 0)) {
    throw new Error(`aggregateLoss: dr_grpo needs maxCompletionLength > 0, got ${maxCompletionLength}`);
  }
  let sequences = 0;
  let sumOfSequenceMeans = 0;
  let tokenSum = 0;
  let maskSum = 0;
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
    if (seqMask === 0) continue;
    sequences++;
    sumOfSequenceMeans += seqSum / seqMask;
    tokenSum += seqSum;
    maskSum += seqMask;
  }
  if (sequences === 0) return 0;
  switch (lossType) {
    case 'grpo':
      return sumOfSequenceMeans / sequences;
    case 'dapo':
      return tokenSum / maskSum;
    case 'dr_grpo':
      return tokenSum / (sequences * maxCompletionLength);
    default: {
      const never: never = lossType;
      throw new Error(`aggregateLoss: unknown loss type ${String(never)}`);
    }
  }
}
