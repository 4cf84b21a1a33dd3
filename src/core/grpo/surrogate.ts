import { clip, noNegativeZero } from './numbers';

/**
 * The per-token clipped surrogate of PPO/GRPO (Eq. 2–3) as a loss to minimise, with DAPO's
 * "clip-higher": the upper edge 1 + ε_high may differ from the lower edge 1 − ε.
 * `logRatio` = log π_θ(o_t) − log π_θold(o_t), so r = exp(logRatio) (Eq. 3).
 */
export function clippedSurrogate(logRatio: number, advantage: number, epsilon: number, epsilonHigh = epsilon): number {
  const ratio = Math.exp(logRatio);
  // −min(r·A, clip(r, 1 − ε, 1 + ε_high)·A)      (Eq. 2, negated)
  return noNegativeZero(-Math.min(ratio * advantage, clip(ratio, 1 - epsilon, 1 + epsilonHigh) * advantage));
}

/**
 * Whether the clip switched this token's gradient off: the clipped branch is the smaller one and
 * is flat there, i.e. A > 0 with r > 1 + ε_high, or A < 0 with r < 1 − ε. Strict inequalities, as
 * TRL's and verl's clip-fraction metrics: exactly on an edge both branches agree and the gradient
 * still flows. A token with A = 0 is never "clipped" — it has no gradient for another reason.
 */
export function isClipped(logRatio: number, advantage: number, epsilon: number, epsilonHigh = epsilon): boolean {
  const ratio = Math.exp(logRatio);
  return (advantage > 0 && ratio > 1 + epsilonHigh) || (advantage < 0 && ratio < 1 - epsilon);
}

/**
 * d clippedSurrogate / d logRatio: −A·r where the unclipped branch is active (d r / d log r = r),
 * 0 where the token is clipped. The reference the TF.js loss's autodiff is checked against.
 */
export function clippedSurrogateGrad(logRatio: number, advantage: number, epsilon: number, epsilonHigh = epsilon): number {
  if (isClipped(logRatio, advantage, epsilon, epsilonHigh)) return 0;
  return noNegativeZero(-advantage * Math.exp(logRatio));
}
