import { describe, it, expect } from 'vitest';
import { Rng } from '../rng';
import { aggregateLoss } from './aggregate';

const perToken = [[1, 2, 3, 0], [4, 0, 0, 0]];
const mask = [[1, 1, 1, 0], [1, 0, 0, 0]];

describe('aggregateLoss', () => {
  it('grpo: mean over sequences of each masked token mean', () => {
    // (1+2+3)/3 = 2; 4/1 = 4; (2 + 4)/2 = 3
    expect(aggregateLoss(perToken, mask, 'grpo', 4)).toBe(3);
  });

  it('dapo: masked token sum / total mask', () => {
    // (6 + 4) / (3 + 1) = 2.5
    expect(aggregateLoss(perToken, mask, 'dapo', 4)).toBe(2.5);
  });

  it('dr_grpo: masked token sum / (sequences × maxCompletionLength)', () => {
    // 10 / (2 · 4) = 1.25; with max length 10: 10 / 20 = .5
    expect(aggregateLoss(perToken, mask, 'dr_grpo', 4)).toBe(1.25);
    expect(aggregateLoss(perToken, mask, 'dr_grpo', 10)).toBe(0.5);
  });

  it('leaves out sequences with an all-zero mask, even from the sequence count, and never reads masked entries', () => {
    const withDropped = [perToken[0], [Number.NaN, 9, 9], perToken[1], []];
    const dropMask = [mask[0], [0, 0, 0], mask[1], []];
    expect(aggregateLoss(withDropped, dropMask, 'grpo', 4)).toBe(3);
    expect(aggregateLoss(withDropped, dropMask, 'dapo', 4)).toBe(2.5);
    expect(aggregateLoss(withDropped, dropMask, 'dr_grpo', 4)).toBe(1.25);
  });

  it('returns 0 when nothing is masked in, and for empty input', () => {
    for (const lossType of ['grpo', 'dapo', 'dr_grpo'] as const) {
      expect(aggregateLoss([[1, 2], [3]], [[0, 0], [0]], lossType, 4)).toBe(0);
      expect(aggregateLoss([], [], lossType, 4)).toBe(0);
      expect(aggregateLoss([[], []], [[], []], lossType, 4)).toBe(0);
    }
  });

  it('shows the length bias of Appendix C.1 in the per-token weights', () => {
    // Two sequences of 2 and 6 tokens. d loss / d (one token's loss):
    // grpo: 1/(G·|o_i|) → 1/4 (short) vs 1/12 (long); dapo: 1/8 for both; dr_grpo: 1/(2·8) = 1/16 for both.
    const base = [[0, 0], [0, 0, 0, 0, 0, 0]];
    const m = [[1, 1], [1, 1, 1, 1, 1, 1]];
    const bump = (seq: number): number[][] => base.map((row, s) => row.map((x, t) => (s === seq && t === 0 ? 1 : x)));
    const weights = (lossType: 'grpo' | 'dapo' | 'dr_grpo'): [number, number] => [
      aggregateLoss(bump(0), m, lossType, 8),
      aggregateLoss(bump(1), m, lossType, 8),
    ];
    expect(weights('grpo')[0]).toBeCloseTo(1 / 4, 15);
    expect(weights('grpo')[1]).toBeCloseTo(1 / 12, 15);
    expect(weights('dapo')).toEqual([1 / 8, 1 / 8]);
    expect(weights('dr_grpo')).toEqual([1 / 16, 1 / 16]);
  });

  it('matches Eq. 4 and flat-token references on random ragged batches', () => {
    const rng = new Rng(19);
    for (let trial = 0; trial < 100; trial++) {
      const n = rng.int(1, 6);
      const losses = Array.from({ length: n }, () => Array.from({ length: rng.int(0, 7) }, () => rng.next() * 4 - 2));
      const masks = losses.map((row) => row.map(() => (rng.next() < 0.7 ? 1 : 0)));
      const kept = losses.map((row, s) => row.filter((_, t) => masks[s][t] === 1)).filter((row) => row.length > 0);
      const flat = kept.flat();
      const sum = flat.reduce((a, b) => a + b, 0);
      // Eq. 4: (1/G) Σ_i (1/|o_i|) Σ_t, over the sequences that have tokens
      const grpo = kept.length === 0 ? 0 : kept.reduce((a, row) => a + row.reduce((x, y) => x + y, 0) / row.length, 0) / kept.length;
      expect(aggregateLoss(losses, masks, 'grpo', 7)).toBeCloseTo(grpo, 12);
      expect(aggregateLoss(losses, masks, 'dapo', 7)).toBeCloseTo(flat.length === 0 ? 0 : sum / flat.length, 12);
      expect(aggregateLoss(losses, masks, 'dr_grpo', 7)).toBeCloseTo(kept.length === 0 ? 0 : sum / (kept.length * 7), 12);
    }
  });

  it('rejects mismatched shapes and a non-positive max length for dr_grpo', () => {
    expect(() => aggregateLoss([[1]], [], 'grpo', 4)).toThrow(/rows/);
    expect(() => aggregateLoss([[1, 2]], [[1]], 'dapo', 4)).toThrow(/sequence 0/);
    expect(() => aggregateLoss([[1]], [[1]], 'dr_grpo', 0)).toThrow(/maxCompletionLength/);
  });
});
