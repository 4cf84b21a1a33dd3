import * as tf from '../tf';
import type { ModelConfig } from '../model/config';
import { tokenLogprobs, type TeacherBatch } from '../model/logprobs';
import type { Params } from '../model/transformer';
import { aggregateLossTensor, boundedLogRatio, clippedSurrogateTensor, isClippedTensor, k3KLTensor, luffyShapedLossTensor } from '../grpo/tensor';

/**
 * The GRPO policy loss in TF.js, for one micro-batch of kept samples: the model's log-probs fed
 * through the tensor forms of the rules in ../grpo (clipped surrogate, k3 KL, LUFFY shaping, the
 * loss type's aggregation). A test checks it against their scalar forms.
 *
 * Aggregation is written as a weighted sum Σ w_it · ℓ_it with a per-token weight fixed for the
 * whole update (see tokenWeights), so splitting a batch into micro-batches and adding their
 * gradients gives exactly the gradient of the whole batch.
 */

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
  /** LUFFY's clamp of the shaped weight f(p) on off-policy rows (1: off). */
  luffyMaxWeight: number;
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
  const { logprobs, entropy } = tokenLogprobs(params, config, batch, s.temperature);
  const old = inp.oldLogprobs ? tf.tensor2d(inp.oldLogprobs, [B, W]) : stopGradient(logprobs);
  const logRatio = boundedLogRatio(logprobs, old, mask);
  let perToken = clippedSurrogateTensor(logRatio, adv, s.epsilon, s.epsilonHigh); // Eq. 2, as a loss
  const onPolicy = tf.tensor2d(inp.offPolicy.map((o) => (o && s.luffyGamma !== null ? 0 : 1)), [B, 1]);
  if (s.luffyGamma !== null && inp.offPolicy.some(Boolean)) {
    const shaped = luffyShapedLossTensor(logprobs, adv, s.luffyGamma, s.luffyMaxWeight);
    perToken = perToken.mul(onPolicy).add(shaped.mul(tf.scalar(1).sub(onPolicy)));
  }
  let klSum: tf.Scalar = tf.scalar(0);
  if (inp.refLogprobs) {
    const k3 = k3KLTensor(boundedLogRatio(tf.tensor2d(inp.refLogprobs, [B, W]), logprobs, mask));
    if (s.beta > 0) perToken = perToken.add(k3.mul(s.beta));
    klSum = k3.mul(mask).sum() as tf.Scalar;
  }
  const loss = aggregateLossTensor(perToken as tf.Tensor2D, mask, inp.weights);
  // Injected rows under LUFFY have no ratio, so no clip to count.
  const clipped = isClippedTensor(logRatio, adv, s.epsilon, s.epsilonHigh).mul(mask).mul(onPolicy).sum() as tf.Scalar;
  const entropySum = entropy.mul(mask).sum() as tf.Scalar;
  return { loss, clipped, klSum, entropySum, logprobs };
}
