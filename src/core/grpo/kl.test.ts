import { describe, it, expect } from 'vitest';
import { Rng } from '../rng';
import { k3KL, k3KLGrad } from './kl';

describe('k3KL', () => {
  it('is 0 where the policies agree', () => {
    expect(k3KL(-1.3, -1.3)).toBe(0);
    expect(k3KLGrad(-1.3, -1.3)).toBe(0);
  });

  it('matches hand values', () => {
    // ref − pol = 1: e − 1 − 1 = .718281828…; ref − pol = −1: e⁻¹ + 1 − 1 = .367879441…
    expect(k3KL(-2, -1)).toBeCloseTo(Math.E - 2, 14);
    expect(k3KL(-1, -2)).toBeCloseTo(0.36787944117144233, 14);
    // gradient 1 − e^(ref − pol): 1 − e and 1 − e⁻¹
    expect(k3KLGrad(-2, -1)).toBeCloseTo(1 - Math.E, 14);
    expect(k3KLGrad(-1, -2)).toBeCloseTo(1 - 1 / Math.E, 14);
  });

  it('is never negative', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 200; i++) expect(k3KL(rng.next() * -8, rng.next() * -8)).toBeGreaterThanOrEqual(0);
  });

  it('averages to the exact KL(π ‖ π_ref) under tokens drawn from π', () => {
    // Σ_i π_i·k3 = Σ π_i(ref_i/π_i − 1) + Σ π_i log(π_i/ref_i) = (1 − 1) + KL
    const pi = [0.5, 0.3, 0.15, 0.05];
    const ref = [0.25, 0.25, 0.25, 0.25];
    const expected = pi.reduce((s, p, i) => s + p * Math.log(p / ref[i]), 0);
    const estimate = pi.reduce((s, p, i) => s + p * k3KL(Math.log(p), Math.log(ref[i])), 0);
    expect(estimate).toBeCloseTo(expected, 12);
  });

  it('gradient agrees with central finite differences', () => {
    const h = 1e-6;
    for (const [pol, ref] of [[-0.3, -2], [-4, -0.1], [-1, -1.5]]) {
      const numeric = (k3KL(pol + h, ref) - k3KL(pol - h, ref)) / (2 * h);
      expect(k3KLGrad(pol, ref)).toBeCloseTo(numeric, 6);
    }
  });
});
