import * as tf from '../tf';
import type { ModelConfig } from './config';
import { forward, type Params } from './transformer';
import { BOS, PAD } from './tokenizer';

/**
 * A batch of prompt + completion sequences laid out for teacher forcing: right-padded rows
 * [BOS, prompt…, completion…, PAD…]. Position t of `targets`/`completionMask` scores the token at
 * t + 1 (the prediction made at t), so per-token arrays have width T − 1.
 */
export interface TeacherBatch {
  B: number;
  T: number;
  ids: Int32Array; // [B, T]
  targets: Int32Array; // [B, T-1]
  /** 1 where the target is a completion token, else 0. [B, T-1] */
  completionMask: Float32Array;
  /** Index in the [T-1] axis of each row's first completion token. */
  completionStart: number[];
  completionLength: number[];
}

export function teacherBatch(prompts: readonly number[][], completions: readonly number[][]): TeacherBatch {
  if (prompts.length !== completions.length) throw new Error('teacherBatch: prompts and completions differ in number');
  const B = prompts.length;
  const T = Math.max(2, ...prompts.map((p, b) => 1 + p.length + completions[b].length));
  const ids = new Int32Array(B * T).fill(PAD);
  const targets = new Int32Array(B * (T - 1)).fill(PAD);
  const completionMask = new Float32Array(B * (T - 1));
  const completionStart: number[] = [];
  for (let b = 0; b < B; b++) {
    const row = [BOS, ...prompts[b], ...completions[b]];
    ids.set(row, b * T);
    targets.set(row.slice(1), b * (T - 1));
    const start = prompts[b].length; // the target at t = |prompt| is the first completion token
    completionStart.push(start);
    for (let j = 0; j < completions[b].length; j++) completionMask[b * (T - 1) + start + j] = 1;
  }
  return { B, T, ids, targets, completionMask, completionStart, completionLength: completions.map((c) => c.length) };
}

/**
 * Per-token log π(target) under softmax(logits / temperature), and the entropy of that
 * distribution, both [B, T-1]. Differentiable with respect to the parameters.
 */
export function tokenLogprobs(params: Params, config: ModelConfig, batch: TeacherBatch, temperature = 1): { logprobs: tf.Tensor2D; entropy: tf.Tensor2D } {
  return tf.tidy(() => {
    // The last position predicts nothing: run the causal model on the first T − 1 columns, whose
    // logits are those of the whole row's first T − 1 positions, instead of slicing them out after.
    const inputs = new Int32Array(batch.B * (batch.T - 1));
    for (let b = 0; b < batch.B; b++) inputs.set(batch.ids.subarray(b * batch.T, (b + 1) * batch.T - 1), b * (batch.T - 1));
    const logits = forward(params, config, tf.tensor2d(inputs, [batch.B, batch.T - 1], 'int32'));
    const logp = tf.logSoftmax(temperature === 1 ? logits : logits.div(temperature)); // [B, T-1, V]
    const targets = tf.oneHot(tf.tensor2d(batch.targets, [batch.B, batch.T - 1], 'int32'), config.vocabSize);
    const logprobs = logp.mul(targets).sum(-1) as tf.Tensor2D;
    const entropy = tf.exp(logp).mul(logp).sum(-1).neg() as tf.Tensor2D;
    return { logprobs, entropy };
  });
}

/** Slices row b's completion part out of a [B, T-1] array. */
export function completionSlice(values: ArrayLike<number>, batch: TeacherBatch, b: number): number[] {
  const out: number[] = [];
  const base = b * (batch.T - 1) + batch.completionStart[b];
  for (let j = 0; j < batch.completionLength[b]; j++) out.push(values[base + j]);
  return out;
}
