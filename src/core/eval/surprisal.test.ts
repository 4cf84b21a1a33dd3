import { describe, expect, it } from 'vitest';
import { meanSurprisal, pooledSurprisal } from './surprisal';

describe('meanSurprisal', () => {
  it('weights samples by their tokens: a long sample counts by its length', () => {
    // Problem 0: one sample of 1 token with surprisal 3 nats, one of 3 tokens summing 3 nats.
    // Token-weighted: (3 + 3) / (1 + 3) = 1.5 nats; the mean of per-sample means would be (3 + 1) / 2 = 2.
    const m = meanSurprisal([[3, 3]], [[1, 3]]);
    expect(m.nats).toBeCloseTo(1.5, 14);
    expect(m.tokens).toBe(4);
  });

  it('pools every problem and run', () => {
    // Σ = 1 + 2 + 0.5 + 4.5 = 8 over 2 + 2 + 1 + 3 = 8 tokens.
    expect(meanSurprisal([[1, 2], [0.5, 4.5]], [[2, 2], [1, 3]])).toEqual({ nats: 1, tokens: 8 });
  });

  it('is 0 for a policy that put all its mass on every token it drew', () => {
    expect(meanSurprisal([[0, 0]], [[5, 7]]).nats).toBe(0);
  });

  it('refuses mismatched shapes, a sample without tokens and a non-finite sum', () => {
    expect(() => meanSurprisal([[1, 2]], [[1]])).toThrow(/same shape/);
    expect(() => meanSurprisal([[1]], [[0]])).toThrow(/at least one/);
    expect(() => meanSurprisal([[Infinity]], [[1]])).toThrow(/not a finite number/);
    expect(() => meanSurprisal([], [])).toThrow(/empty/);
  });
});

describe('pooledSurprisal', () => {
  it('weights columns by their tokens', () => {
    // (1 · 100 + 2 · 300) / 400 = 1.75.
    expect(pooledSurprisal([{ nats: 1, tokens: 100 }, { nats: 2, tokens: 300 }])).toEqual({ nats: 1.75, tokens: 400 });
    expect(() => pooledSurprisal([])).toThrow(/nothing/);
  });
});
