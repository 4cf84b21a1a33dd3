import * as tf from '../tf';
import type { ModelConfig } from '../model/config';
import { tokenLogprobs, type TeacherBatch } from '../model/logprobs';
import type { Params } from '../model/transformer';

/**
 * The GRPO policy loss in TF.js, for one micro-batch of kept samples. It is the tensor form of
 * the pure functions of ../grpo (clippedSurrogate, k3KL, luffyShapedLoss, aggregateLoss) and
 * a test checks that both give the same numbers.
 *
 * Aggregation is written as a weighted sum Σ w_it · ℓ_it with a per-token weight fixed for the
 * whole update (see tokenWeights), so splitting a batch into micro-batches and adding their
 * gradients gives exactly the gradient of the whole batch.
 */

/** Identity forward, zero gradient: TF.js has no stop-gradient op of its own. */
export { tokenWeights } from '../grpo/weights';

/** Identity forward, zero gradient: TF.js has no stop-gradient op of its own. */
export const stopGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  return { value: x.clone(), gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor) };
}) as (x: tf.Tensor) => tf.Tensor;

export interface LossInputs {
  batch: TeacherBatch;
  /** Per row: advantage, token weight, and whether it is an injected (off-policy) sample. */
  advantages: number[];
  weights: number[];
  offPolicy: boolean[];
  /** Old-policy log-probs [B, T-1], or null to use the current ones with no gradient (first iteration). */
  oldLogprobs: Float32Array | null;
  /** Reference-policy log-probs [B, T-1] when beta > 0. */
  refLogprobs: Float32Array | null;
}

export interface LossSettings {
  epsilon: number;
  epsilonHigh: number;
  beta: number;
  temperature: number;
  /** LUFFY's shaping constant for off-policy rows, or null to treat injected rows like online ones. */
  luffyGamma: number | null;
}

/** Scalars of one micro-batch, summed over its masked tokens (divide by token count for means). */
export interface LossStats {
  loss: tf.Scalar;
  clipped: tf.Scalar;
  klSum: tf.Scalar;
  entropySum: tf.Scalar;
  logprobs: tf.Tensor2D;
}

export function grpoLoss(params: Params, config: ModelConfig, inp: LossInputs, s: LossSettings): LossStats {
  const { batch } = inp;
  const B = batch.B;
  const W = batch.T - 1;
  const mask = tf.tensor2d(batch.completionMask, [B, W]);
  const adv = tf.tensor2d(inp.advantages, [B, 1]);
  const weight = mask.mul(tf.tensor2d(inp.weights, [B, 1]));
  const { logprobs, entropy } = tokenLogprobs(params, config, batch, s.temperature);
  const old = inp.oldLogprobs ? tf.tensor2d(inp.oldLogprobs, [B, W]) : stopGradient(logprobs);
  // Masked positions get log-ratio 0 so padding can never overflow exp.
  const logRatio = logprobs.sub(old).mul(mask).clipByValue(-20, 20);
  const ratio = tf.exp(logRatio);
  const surr1 = ratio.mul(adv);
  const surr2 = ratio.clipByValue(1 - s.epsilon, 1 + s.epsilonHigh).mul(adv);
  let perToken = tf.minimum(surr1, surr2).neg(); // Eq. 2, as a loss
  const onPolicy = tf.tensor2d(inp.offPolicy.map((o) => (o && s.luffyGamma !== null ? 0 : 1)), [B, 1]);
  if (s.luffyGamma !== null && inp.offPolicy.some(Boolean)) {
    const p = tf.exp(logprobs);
    const shaped = p.div(p.add(s.luffyGamma)).mul(adv).neg(); // LUFFY: -f(p)·A, f(p) = p/(p+γ)
    perToken = perToken.mul(onPolicy).add(shaped.mul(tf.scalar(1).sub(onPolicy)));
  }
  let klSum: tf.Scalar = tf.scalar(0);
  if (inp.refLogprobs) {
    const d = tf.tensor2d(inp.refLogprobs, [B, W]).sub(logprobs).mul(mask).clipByValue(-20, 20);
    const k3 = tf.exp(d).sub(d).sub(1); // k3 estimator of KL(π_θ ‖ π_ref)
    if (s.beta > 0) perToken = perToken.add(k3.mul(s.beta));
    klSum = k3.mul(mask).sum() as tf.Scalar;
  }
  const loss = perToken.mul(weight).sum() as tf.Scalar;
  // A token is clipped when the clipped branch is the smaller one and carries no gradient.
  const clippedMask = tf.logicalOr(
    tf.logicalAnd(adv.greater(0), ratio.greater(1 + s.epsilonHigh)),
    tf.logicalAnd(adv.less(0), ratio.less(1 - s.epsilon)),
  ).cast('float32');
  const clipped = clippedMask.mul(mask).mul(onPolicy).sum() as tf.Scalar;
  const entropySum = entropy.mul(mask).sum() as tf.Scalar;
  return { loss, clipped, klSum, entropySum, logprobs };
}
