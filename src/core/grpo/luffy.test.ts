import { describe, it, expect } from 'vitest';
import { Rng } from '../rng';
import { luffyShape, luffyShapedLoss, luffyShapedLossGrad } from './luffy';

describe('luffyShapedLoss: −A·p/(p + γ)', () => {
  it('matches hand values', () => {
    // p = .1, γ = .1: f = .1/.2 = .5 → loss −.5·1; grad −1·.1·.1/.2² = −.01/.04 = −.25
    expect(luffyShapedLoss(Math.log(0.1), 1)).toBeCloseTo(-0.5, 14);
    expect(luffyShapedLossGrad(Math.log(0.1), 1)).toBeCloseTo(-0.25, 14);
    // p = 1: f = 1/1.1 = .909090…; grad −.1/1.21 = −.0826446…
    expect(luffyShapedLoss(0, 1)).toBeCloseTo(-1 / 1.1, 14);
    expect(luffyShapedLossGrad(0, 1)).toBeCloseTo(-0.1 / 1.21, 14);
    // p = .3, A = −2: f = .3/.4 = .75 → loss 1.5; grad 2·.1·.3/.4² = .06/.16 = .375
    expect(luffyShapedLoss(Math.log(0.3), -2)).toBeCloseTo(1.5, 14);
    expect(luffyShapedLossGrad(Math.log(0.3), -2)).toBeCloseTo(0.375, 14);
  });

  it('takes another γ', () => {
    // p = .5, γ = .5: f = .5
    expect(luffyShape(0.5, 0.5)).toBe(0.5);
    expect(luffyShapedLoss(Math.log(0.5), 3, 0.5)).toBeCloseTo(-1.5, 14);
  });

  it('is exactly 0 for A = 0', () => {
    expect(luffyShapedLoss(Math.log(0.4), 0)).toBe(0);
    expect(luffyShapedLossGrad(Math.log(0.4), 0)).toBe(0);
  });

  it('is bounded by |A| and has no clip: the gradient never switches off while p < 1', () => {
    for (const p of [1e-9, 0.01, 0.5, 0.999]) {
      expect(Math.abs(luffyShapedLoss(Math.log(p), 2))).toBeLessThan(2);
      expect(luffyShapedLossGrad(Math.log(p), 2)).toBeLessThan(0);
    }
  });

  it('weights unlikely tokens about 1/γ times more than an importance ratio p would', () => {
    // d(−A p)/d log p = −A p; shaped: −A γ p/(p+γ)² → ratio γ/(p+γ)² ≈ 1/γ = 10 for p ≪ γ
    const p = 1e-6;
    expect(luffyShapedLossGrad(Math.log(p), 1) / -p).toBeCloseTo(0.1 / (p + 0.1) ** 2, 9);
    expect(luffyShapedLossGrad(Math.log(p), 1) / -p).toBeGreaterThan(9.99);
  });

  it('gradient agrees with central finite differences', () => {
    const rng = new Rng(23);
    const h = 1e-6;
    for (let i = 0; i < 100; i++) {
      const logp = -rng.next() * 8;
      const a = rng.next() * 4 - 2;
      const gamma = 0.05 + rng.next();
      const numeric = (luffyShapedLoss(logp + h, a, gamma) - luffyShapedLoss(logp - h, a, gamma)) / (2 * h);
      expect(luffyShapedLossGrad(logp, a, gamma)).toBeCloseTo(numeric, 6);
    }
  });

  it('rejects γ ≤ 0', () => {
    expect(() => luffyShapedLoss(-1, 1, 0)).toThrow(/gamma/);
    expect(() => luffyShapedLossGrad(-1, 1, -0.1)).toThrow(/gamma/);
  });
});

describe("luffyShapedLoss with LUFFY's clamp of the weight (off_policy_max_clip)", () => {
  it('holds f(p) at maxWeight where it would exceed it, with no gradient there (worked by hand)', () => {
    // p = .1, γ = .1: f = .5. Clamp at .4: loss −.4·A, gradient 0. Clamp at .6: unchanged, −.5·A and −.25·A.
    expect(luffyShapedLoss(Math.log(0.1), 2, 0.1, 0.4)).toBeCloseTo(-0.8, 14);
    expect(luffyShapedLossGrad(Math.log(0.1), 2, 0.1, 0.4)).toBe(0);
    expect(luffyShapedLoss(Math.log(0.1), 2, 0.1, 0.6)).toBeCloseTo(-1, 14);
    expect(luffyShapedLossGrad(Math.log(0.1), 2, 0.1, 0.6)).toBeCloseTo(-0.5, 14);
  });
  it('is off at 1, the default: f(p) < 1 for every p', () => {
    for (const p of [1e-6, 0.3, 1]) expect(luffyShapedLoss(Math.log(p), 1, 0.1, 1)).toBe(luffyShapedLoss(Math.log(p), 1));
  });
  it('refuses a clamp outside (0, 1]', () => {
    expect(() => luffyShapedLoss(-1, 1, 0.1, 0)).toThrow(/maxWeight/);
    expect(() => luffyShapedLossGrad(-1, 1, 0.1, 1.5)).toThrow(/maxWeight/);
  });
});
