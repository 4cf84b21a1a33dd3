import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useWasmBackend } from '../testing/wasm-backend';
import { loadBasePolicy } from '../testing/base-checkpoint';
import { teacherBatch, tokenLogprobs } from './logprobs';

/**
 * On WASM the attention products run as depthwise convolutions with hand-written gradients
 * (transformer.ts, convScores / convMix); every other backend runs matMul. Both must compute the
 * same model: the log-probs of a batch and every parameter's gradient agree with the CPU backend's.
 * On the shipped checkpoint, whose attention is sharp: at a random initialisation the scores are
 * nearly uniform and the keys' gradient too small to tell a wrong one.
 */

async function logprobsAndGrads(backend: 'wasm' | 'cpu'): Promise<{ logprobs: number[]; grads: Map<string, number[]> }> {
  await tf.setBackend(backend);
  const policy = loadBasePolicy();
  const { config: cfg, tokenizer: tok } = policy;
  try {
    const prompts = ['Q:1+2=?\n', 'Q:3*4-5+6=?\n', 'Q:9=?\n'].map((p) => tok.encode(p));
    const batch = teacherBatch(prompts, [tok.encode('1+2=3;'), tok.encode('3*4=12;12-5=7;'), tok.encode('9')]);
    const mask = tf.tensor2d(batch.completionMask, [batch.B, batch.T - 1]);
    const logprobs = Array.from(tf.tidy(() => tokenLogprobs(policy.params, cfg, batch).logprobs).dataSync());
    const { grads } = tf.variableGrads(() => tokenLogprobs(policy.params, cfg, batch).logprobs.mul(mask).sum().neg() as tf.Scalar, policy.variables);
    const out = new Map<string, number[]>();
    for (const [name, v] of policy.params) out.set(name, Array.from(grads[v.name].dataSync()));
    tf.dispose([mask, ...Object.values(grads)]);
    return { logprobs, grads: out };
  } finally {
    policy.dispose();
  }
}

describe('attention on WASM (convolutions) and on CPU (matMul)', () => {
  beforeAll(useWasmBackend);
  afterAll(() => tf.setBackend('wasm'));

  it('give the same log-probs and the same gradients', async () => {
    const wasm = await logprobsAndGrads('wasm');
    const cpu = await logprobsAndGrads('cpu');
    expect(wasm.logprobs.length).toBe(cpu.logprobs.length);
    wasm.logprobs.forEach((v, i) => expect(Math.abs(v - cpu.logprobs[i])).toBeLessThan(1e-4));
    for (const [name, g] of cpu.grads) {
      const got = wasm.grads.get(name)!;
      const scale = Math.max(1e-3, ...g.map(Math.abs));
      g.forEach((v, i) => expect(Math.abs(got[i] - v) / scale, `${name}[${i}]`).toBeLessThan(1e-4));
    }
  });
});
