import * as tf from '../tf';

/**
 * The tensor forms of this folder's per-token rules, for the trainer's TF.js loss
 * (../training/loss.ts): the same formulas as their scalar forms, element by element, so autodiff
 * gives the gradients the scalar `…Grad` functions state. tensor.test.ts checks each against its
 * scalar form on worked numbers. No model here: tensors in, tensors out. index.ts does not export
 * this file, so the page, which uses the scalar rules (inspector, classroom), never loads TF.js.
 */

/** Tensor form of clippedSurrogate (surrogate.ts): −min(r·A, clip(r, 1 − ε, 1 + ε_high)·A), r = exp(logRatio) (Eq. 2–3). */
export function clippedSurrogateTensor(logRatio: tf.Tensor, advantage: tf.Tensor, epsilon: number, epsilonHigh = epsilon): tf.Tensor {
  const ratio = tf.exp(logRatio);
  return tf.minimum(ratio.mul(advantage), ratio.clipByValue(1 - epsilon, 1 + epsilonHigh).mul(advantage)).neg();
}

/** Tensor form of isClipped (surrogate.ts), as 1 / 0: A > 0 with r > 1 + ε_high, or A < 0 with r < 1 − ε. */
export function isClippedTensor(logRatio: tf.Tensor, advantage: tf.Tensor, epsilon: number, epsilonHigh = epsilon): tf.Tensor {
  const ratio = tf.exp(logRatio);
  return tf.logicalOr(
    tf.logicalAnd(advantage.greater(0), ratio.greater(1 + epsilonHigh)),
    tf.logicalAnd(advantage.less(0), ratio.less(1 - epsilon)),
  ).cast('float32');
}

/**
 * Tensor form of k3KL (kl.ts), from d = log π_ref − log π_θ: e^d − d − 1, i.e.
 * k3KL(pol, ref) = k3KLTensor(ref − pol). It takes the difference so the caller can bound it
 * (boundedLogRatio) before exp, as it does the policy ratio.
 */
export function k3KLTensor(refMinusPolicy: tf.Tensor): tf.Tensor {
  const d = refMinusPolicy;
  return tf.exp(d).sub(d).sub(1);
}

/**
 * a − b on the completion tokens, 0 on masked positions and cut to ±20, so padding (or a
 * runaway token) can never overflow exp; on real tokens within ±20 it is exactly a − b.
 */
export function boundedLogRatio(a: tf.Tensor, b: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  return a.sub(b).mul(mask).clipByValue(-20, 20);
}

/** Tensor form of luffyShapedLoss (luffy.ts): −A · min(p / (p + γ), maxWeight) with p = exp(logp). */
export function luffyShapedLossTensor(logp: tf.Tensor, advantage: tf.Tensor, gamma: number, maxWeight = 1): tf.Tensor {
  const p = tf.exp(logp);
  const shaped = p.div(p.add(gamma));
  // f(p) < 1, so at maxWeight 1 the clamp is the identity; tf.minimum passes the gradient where f ≤ maxWeight.
  return (maxWeight < 1 ? shaped.minimum(maxWeight) : shaped).mul(advantage).neg();
}

/**
 * Tensor form of aggregateLoss (aggregate.ts): Σ_it mask_it · w_i · ℓ_it over [B, W] per-token
 * losses, with `rowWeights` from tokenWeights (one per row), which is how each loss type is defined.
 */
export function aggregateLossTensor(perToken: tf.Tensor2D, mask: tf.Tensor2D, rowWeights: readonly number[]): tf.Scalar {
  const weight = mask.mul(tf.tensor2d([...rowWeights], [rowWeights.length, 1]));
  return perToken.mul(weight).sum() as tf.Scalar;
}
