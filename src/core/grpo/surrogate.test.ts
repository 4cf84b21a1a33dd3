import { describe, it, expect } from 'vitest';
import { Rng } from '../rng';
import { clippedSurrogate, clippedSurrogateGrad, isClipped } from './surrogate';

/**
 * A reference written differently: for A ≥ 0, min(rA, clip(r)A) = A·min(r, 1 + ε_high);
 * for A < 0 it is A·max(r, 1 − ε) (the clip only ever bounds the side that would help the loss).
 */
function reference(r: number, a: number, eps: number, epsHigh: number): number {
  return a >= 0 ? -a * Math.min(r, 1 + epsHigh) : -a * Math.max(r, 1 - eps);
}

const eps = 0.2;
const epsHigh = 0.28;

// [ratio, advantage, loss, clipped, d loss / d logRatio], worked by hand with ε = .2, ε_high = .28
const cases: [number, number, number, boolean, number][] = [
  // A = 2 > 0
  [1, 2, -2, false, -2], // −min(2, 2)
  [1.28, 2, -2.56, false, -2.56], // upper edge: both branches 2.56, gradient still flows
  [1.5, 2, -2.56, true, 0], // −min(3, 1.28·2 = 2.56): clipped branch active and flat
  [0.8, 2, -1.6, false, -1.6], // lower edge: irrelevant for A > 0
  [0.5, 2, -1, false, -1], // −min(1, .8·2 = 1.6) = −1: unclipped branch wins
  // A = −1 < 0
  [1, -1, 1, false, 1], // −min(−1, −1)
  [0.8, -1, 0.8, false, 0.8], // lower edge: both −.8
  [0.5, -1, 0.8, true, 0], // −min(−.5, −.8) = .8: clipped branch active and flat
  [1.28, -1, 1.28, false, 1.28], // upper edge: irrelevant for A < 0
  [1.5, -1, 1.5, false, 1.5], // −min(−1.5, −1.28) = 1.5: unbounded above for A < 0
];

describe('clippedSurrogate (Eq. 2–3)', () => {
  it.each(cases)('r = %f, A = %f → loss %f', (r, a, loss) => {
    expect(clippedSurrogate(Math.log(r), a, eps, epsHigh)).toBeCloseTo(loss, 12);
  });

  it('is exactly 0 for A = 0, never −0', () => {
    for (const r of [0.1, 1, 3]) expect(clippedSurrogate(Math.log(r), 0, eps)).toBe(0);
  });

  it('uses ε for both edges unless ε_high is given', () => {
    // r = 1.25, A = 1: ε = .2 → −min(1.25, 1.2) = −1.2; ε_high = .3 → −1.25
    expect(clippedSurrogate(Math.log(1.25), 1, 0.2)).toBeCloseTo(-1.2, 12);
    expect(clippedSurrogate(Math.log(1.25), 1, 0.2, 0.3)).toBeCloseTo(-1.25, 12);
    expect(isClipped(Math.log(1.25), 1, 0.2)).toBe(true);
    expect(isClipped(Math.log(1.25), 1, 0.2, 0.3)).toBe(false);
  });

  it('matches the piecewise reference on random inputs', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 500; i++) {
      const logRatio = rng.next() * 2 - 1;
      const a = rng.next() * 4 - 2;
      expect(clippedSurrogate(logRatio, a, eps, epsHigh)).toBeCloseTo(reference(Math.exp(logRatio), a, eps, epsHigh), 12);
    }
  });
});

describe('isClipped and clippedSurrogateGrad', () => {
  it.each(cases)('r = %f, A = %f', (r, a, _loss, clipped, grad) => {
    expect(isClipped(Math.log(r), a, eps, epsHigh)).toBe(clipped);
    expect(clippedSurrogateGrad(Math.log(r), a, eps, epsHigh)).toBeCloseTo(grad, 12);
  });

  it('never counts A = 0 as clipped', () => {
    expect(isClipped(Math.log(5), 0, eps)).toBe(false);
    expect(isClipped(Math.log(0.01), 0, eps)).toBe(false);
    expect(clippedSurrogateGrad(Math.log(5), 0, eps)).toBe(0);
  });

  it('agrees with central finite differences away from the edges', () => {
    const rng = new Rng(11);
    const h = 1e-6;
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const logRatio = rng.next() * 1.6 - 0.8;
      const a = rng.next() * 4 - 2;
      const r = Math.exp(logRatio);
      if (Math.abs(r - (1 + epsHigh)) < 1e-3 || Math.abs(r - (1 - eps)) < 1e-3) continue;
      const numeric = (clippedSurrogate(logRatio + h, a, eps, epsHigh) - clippedSurrogate(logRatio - h, a, eps, epsHigh)) / (2 * h);
      expect(clippedSurrogateGrad(logRatio, a, eps, epsHigh)).toBeCloseTo(numeric, 5);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });
});
