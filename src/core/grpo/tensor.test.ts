import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { clippedSurrogate, clippedSurrogateGrad, isClipped } from './surrogate';
import { k3KL, k3KLGrad } from './kl';
import { luffyShapedLoss, luffyShapedLossGrad } from './luffy';
import { aggregateLoss, tokenWeights } from './aggregate';
import { aggregateLossTensor, boundedLogRatio, clippedSurrogateTensor, isClippedTensor, k3KLTensor, luffyShapedLossTensor } from './tensor';

/** Values and d/dx of a tensor rule over one row, x being its first argument. */
function valuesAndGrads(f: (x: tf.Tensor) => tf.Tensor, xs: number[]): { values: number[]; grads: number[] } {
  const x = tf.tensor1d(xs);
  const values = Array.from(f(x).dataSync());
  const grads = Array.from(tf.grad((v: tf.Tensor) => f(v).sum())(x).dataSync());
  x.dispose();
  return { values, grads };
}

// Log-ratios on both sides of the clip range [1 − 0.2, 1 + 0.28] and on it: r = e^±0.5, e^±0.1, 1.
const logRatios = [-0.5, -0.1, 0, 0.1, 0.5];

describe('the tensor forms agree with the scalar rules', () => {
  for (const advantage of [1.5, -0.7, 0]) {
    it(`clipped surrogate and clip flags, A = ${advantage}`, () => {
      const adv = tf.scalar(advantage);
      const { values, grads } = valuesAndGrads((x) => clippedSurrogateTensor(x, adv, 0.2, 0.28), logRatios);
      const flags = Array.from(isClippedTensor(tf.tensor1d(logRatios), adv, 0.2, 0.28).dataSync());
      logRatios.forEach((l, i) => {
        expect(values[i]).toBeCloseTo(clippedSurrogate(l, advantage, 0.2, 0.28), 6);
        expect(grads[i]).toBeCloseTo(clippedSurrogateGrad(l, advantage, 0.2, 0.28), 6);
        expect(flags[i]).toBe(isClipped(l, advantage, 0.2, 0.28) ? 1 : 0);
      });
      // Worked numbers: A = 1.5, r = e^0.5 ≈ 1.6487 > 1.28 → clipped at −1.28·1.5 = −1.92, flat.
      if (advantage === 1.5) {
        expect(values[4]).toBeCloseTo(-1.92, 6);
        expect(grads[4]).toBe(0);
        expect(flags).toEqual([0, 0, 0, 0, 1]);
      }
    });
  }

  it('k3 KL from log π_ref − log π_θ', () => {
    const policy = [-2, -1, -1.3, -0.2];
    const ref = [-1, -2, -1.3, -3];
    const { values, grads } = valuesAndGrads((p) => k3KLTensor(tf.tensor1d(ref).sub(p)), policy);
    policy.forEach((p, i) => {
      expect(values[i]).toBeCloseTo(k3KL(p, ref[i]), 5);
      expect(grads[i]).toBeCloseTo(k3KLGrad(p, ref[i]), 5);
    });
    // e − 2 for ref − pol = 1; 0 where they agree.
    expect(values[0]).toBeCloseTo(Math.E - 2, 6);
    expect(values[2]).toBe(0);
  });

  it('bounds a log-ratio to ±20 and zeroes masked positions', () => {
    const out = boundedLogRatio(tf.tensor1d([0, 30, -1, 5]), tf.tensor1d([0, 0, 24, 1]), tf.tensor1d([1, 1, 1, 0]));
    expect(Array.from(out.dataSync())).toEqual([0, 20, -20, 0]);
  });

  it('LUFFY shaping', () => {
    const logps = [-6, -2.3, -0.1, 0];
    for (const advantage of [0.9, -1.2]) {
      const { values, grads } = valuesAndGrads((x) => luffyShapedLossTensor(x, tf.scalar(advantage), 0.1), logps);
      logps.forEach((l, i) => {
        expect(values[i]).toBeCloseTo(luffyShapedLoss(l, advantage, 0.1), 6);
        expect(grads[i]).toBeCloseTo(luffyShapedLossGrad(l, advantage, 0.1), 6);
      });
    }
    // p = 1: −A · 1/1.1
    expect(luffyShapedLossTensor(tf.scalar(0), tf.scalar(1.1), 0.1).dataSync()[0]).toBeCloseTo(-1, 6);
  });

  it('LUFFY shaping with the weight clamped (maxWeight < 1): values and gradients of the scalar form', () => {
    // f(p) = p / (p + .1) at these: ≈ .024, .33, .89, .91; a clamp at .5 holds the last two.
    const logps = [-6, -3, -0.1, 0];
    const { values, grads } = valuesAndGrads((x) => luffyShapedLossTensor(x, tf.scalar(1.5), 0.1, 0.5), logps);
    logps.forEach((l, i) => {
      expect(values[i]).toBeCloseTo(luffyShapedLoss(l, 1.5, 0.1, 0.5), 6);
      expect(grads[i]).toBeCloseTo(luffyShapedLossGrad(l, 1.5, 0.1, 0.5), 6);
    });
    expect(values.slice(2)).toEqual([-0.75, -0.75].map((v) => expect.closeTo(v, 6)));
    expect(grads.slice(2)).toEqual([0, 0]);
  });

  for (const lossType of ['grpo', 'dapo', 'dr_grpo'] as const) {
    it(`${lossType} aggregation with weights from tokenWeights`, () => {
      // Rows of 3, 1 and 0 tokens (the empty row counts nowhere); padding may hold anything.
      const perToken = [[1, 2, 3, 9], [4, 9, 9, 9], [9, 9, 9, 9]];
      const mask = [[1, 1, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0]];
      const weights = tokenWeights([3, 1, 0], lossType, 4);
      const tensor = aggregateLossTensor(tf.tensor2d(perToken), tf.tensor2d(mask), weights).dataSync()[0];
      expect(tensor).toBeCloseTo(aggregateLoss(perToken, mask, lossType, 4), 6);
      // grpo (2 + 4)/2 = 3; dapo 10/4 = 2.5; dr_grpo 10/(2·4) = 1.25
      expect(tensor).toBeCloseTo({ grpo: 3, dapo: 2.5, dr_grpo: 1.25 }[lossType], 6);
    });
  }
});
