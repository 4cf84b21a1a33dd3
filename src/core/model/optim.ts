import * as tf from '../tf';

/**
 * Gradient plumbing shared by SFT and GRPO: micro-batches add their gradients into one map, then
 * the global norm is clipped and one optimiser step is taken. Splitting a batch into micro-batches
 * keeps the WASM heap small (it never shrinks) without changing the maths.
 */

/** Adds `grads` into `acc` (or starts it); both inputs are consumed. */
export function addGradients(acc: tf.NamedTensorMap | null, grads: tf.NamedTensorMap): tf.NamedTensorMap {
  if (acc === null) return grads;
  const sum = tf.tidy(() => Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, acc[name].add(g)])));
  tf.dispose(Object.values(acc));
  tf.dispose(Object.values(grads));
  return sum;
}

/** Clips the global norm to `maxNorm` (0: no clipping), applies one step, disposes `grads`; returns the norm before clipping. */
export async function applyClipped(optimizer: tf.Optimizer, grads: tf.NamedTensorMap, maxNorm: number): Promise<number> {
  const normT = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => g.square().sum()))));
  const norm = (await normT.data())[0];
  normT.dispose();
  const scale = maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
  if (scale === 1) {
    optimizer.applyGradients(grads);
  } else {
    const scaled = tf.tidy(() => Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.mul(scale)])));
    optimizer.applyGradients(scaled);
    tf.dispose(Object.values(scaled));
  }
  tf.dispose(Object.values(grads));
  return norm;
}

/** Splits row indices into micro-batches of similar total length, so little padding is computed. */
export function lengthBuckets(lengths: readonly number[], size: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out;
}

/** What an optimiser's getWeights returns and setWeights takes (TF.js does not export the element type). */
export type OptimizerWeights = Parameters<tf.Optimizer['setWeights']>[0];

/**
 * Restores an Adam optimiser's weights (`iter` and both moments) so that the next steps are the
 * ones training would have taken. tf.AdamOptimizer.setWeights sets its bias-correction powers to
 * pow(β, t + 1), while training reaches them by t float32 products; the two differ in the last bit
 * (β2 = 0.999 at t = 2, 5 and from 18 on), and then so does every update after a resume. The powers
 * are multiplied out again here, one float32 product at a time, as training does.
 */
export async function restoreAdam(optimizer: tf.AdamOptimizer, weights: OptimizerWeights): Promise<void> {
  await optimizer.setWeights(weights);
  const adam = optimizer as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable; beta1: number; beta2: number; iterations: number };
  const power = (beta: number) => {
    let acc: tf.Tensor = tf.scalar(beta);
    for (let t = 0; t < adam.iterations; t++) {
      const next = tf.mul(acc, beta);
      acc.dispose();
      acc = next;
    }
    return acc;
  };
  const [p1, p2] = [power(adam.beta1), power(adam.beta2)];
  adam.accBeta1.assign(p1);
  adam.accBeta2.assign(p2);
  tf.dispose([p1, p2]);
}
