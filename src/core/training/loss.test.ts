import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import { teacherBatch, tokenLogprobs, completionSlice } from '../model/logprobs';
import { Rng } from '../rng';
import { LOSS_TYPES } from '../config';
import { grpoLoss, stopGradient } from './loss';
import { aggregateLoss, clippedSurrogate, k3KL, luffyShapedLoss, isClipped, tokenWeights } from '../grpo';

const tok = new CharTokenizer();
const cfg = { vocabSize: tok.vocabSize, contextLength: 48, nLayer: 1, nHead: 2, dModel: 16, dFF: 32, positional: 'rope' as const };

describe('tokenWeights', () => {
  it('reproduces the three aggregations as per-token weights', () => {
    // lengths 2, 4, 0 (empty row counts nowhere): N = 2 live rows, 6 tokens, L = 10.
    expect(tokenWeights([2, 4, 0], 'grpo', 10)).toEqual([1 / 4, 1 / 8, 0]);
    expect(tokenWeights([2, 4, 0], 'dapo', 10)).toEqual([1 / 6, 1 / 6, 0]);
    expect(tokenWeights([2, 4, 0], 'dr_grpo', 10)).toEqual([1 / 20, 1 / 20, 0]);
    expect(tokenWeights([0, 0], 'grpo', 10)).toEqual([0, 0]);
  });
});

describe('stopGradient', () => {
  it('passes values and blocks gradients', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const g = tf.grad((v: tf.Tensor) => v.mul(stopGradient(v)).sum())(x);
    // d/dx Σ x·sg(x) = sg(x) = x
    expect(Array.from(g.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([x, g]);
  });
});

describe('grpoLoss agrees with the pure functions', () => {
  const rng = new Rng(9);
  const prompts = ['Q:1+2=?\n', 'Q:3*4-1=?\n', 'Q:5=?\n', 'Q:7-2=?\n'].map((p) => tok.encode(p));
  const completions = ['1+2=3;', '3*4=2;2-1=1;\\boxed{1}', '', '7-2=5;\\boxed{5}'].map((c) => tok.encode(c));
  const advantages = [1.2, -0.7, 0.4, -1.5];
  const offPolicy = [false, false, false, true];

  for (const lossType of LOSS_TYPES) {
    for (const luffy of [false, true]) {
      it(`${lossType}, luffy ${luffy}, with ratios on both sides of the clip range and a KL term`, () => {
        const policy = Policy.init(cfg, tok, 4);
        const batch = teacherBatch(prompts, completions);
        const W = batch.T - 1;
        const current = tokenLogprobs(policy.params, cfg, batch, 0.8);
        const lp = current.logprobs.dataSync();
        // Old and reference log-probs: the current ones shifted by up to ±0.5 nats, so ratios span [e^-0.5, e^0.5].
        const old = Float32Array.from(lp, (v) => v + (rng.next() - 0.5));
        const ref = Float32Array.from(lp, (v) => v + (rng.next() - 0.5));
        const L = 30;
        const settings = { epsilon: 0.2, epsilonHigh: 0.28, beta: 0.05, temperature: 0.8, luffyGamma: luffy ? 0.1 : null, luffyMaxWeight: 1 };
        const out = grpoLoss(policy.params, cfg, {
          batch,
          advantages,
          weights: tokenWeights(batch.completionLength, lossType, L),
          offPolicy,
          oldLogprobs: old,
          refLogprobs: ref,
        }, settings);

        const perToken: number[][] = [];
        const mask: number[][] = [];
        let clipped = 0;
        completions.forEach((_, b) => {
          const cur = completionSlice(lp, batch, b);
          const o = completionSlice(old, batch, b);
          const r = completionSlice(ref, batch, b);
          perToken.push(cur.map((l, t) => {
            const policyTerm = offPolicy[b] && luffy ? luffyShapedLoss(l, advantages[b], 0.1) : clippedSurrogate(l - o[t], advantages[b], 0.2, 0.28);
            if (!(offPolicy[b] && luffy) && isClipped(l - o[t], advantages[b], 0.2, 0.28)) clipped++;
            return policyTerm + 0.05 * k3KL(l, r[t]);
          }));
          mask.push(cur.map(() => 1));
        });
        expect(W).toBeGreaterThan(0);
        expect(out.loss.dataSync()[0]).toBeCloseTo(aggregateLoss(perToken, mask, lossType, L), 5);
        expect(out.clipped.dataSync()[0]).toBe(clipped);
        expect(clipped).toBeGreaterThan(0);
        tf.dispose([current.logprobs, current.entropy, out.loss, out.clipped, out.klSum, out.entropySum, out.logprobs]);
        policy.dispose();
      });
    }
  }

  it('has ratio exactly 1 and the policy-gradient gradient in the first iteration (no old log-probs)', () => {
    const policy = Policy.init(cfg, tok, 5);
    const batch = teacherBatch(prompts.slice(0, 2), completions.slice(0, 2));
    const settings = { epsilon: 0.2, epsilonHigh: 0.2, beta: 0, temperature: 1, luffyGamma: null, luffyMaxWeight: 1 };
    const weights = tokenWeights(batch.completionLength, 'dapo', 30);
    const first = tf.variableGrads(() => grpoLoss(policy.params, cfg, { batch, advantages: [1, -1], weights, offPolicy: [false, false], oldLogprobs: null, refLogprobs: null }, settings).loss, policy.variables);
    // With ratio 1 the surrogate's gradient is −A·∇log π, i.e. the gradient of −Σ w·A·log π.
    const pg = tf.variableGrads(() => {
      const { logprobs } = tokenLogprobs(policy.params, cfg, batch, 1);
      const mask = tf.tensor2d(batch.completionMask, [batch.B, batch.T - 1]);
      return logprobs.mul(mask).mul(tf.tensor2d([1 * weights[0], -1 * weights[1]], [2, 1])).sum().neg() as tf.Scalar;
    }, policy.variables);
    for (const name of Object.keys(pg.grads)) {
      const a = first.grads[name].dataSync();
      const b = pg.grads[name].dataSync();
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 6);
    }
    tf.dispose([first.value, pg.value, ...Object.values(first.grads), ...Object.values(pg.grads)]);
    policy.dispose();
  });
});
