import { describe, expect, it } from 'vitest';
import { formatDelta, rankMarks, scoreDelta } from './scorecard';

describe('scoreDelta and formatDelta', () => {
  it("reproduces Table 6's subscripts", () => {
    // Neg, standard GRPO: AIME24 34.95 → 29.69 at 8K, "5.26↓"
    const delta = scoreDelta(34.95, 29.69);
    expect(delta).toBeCloseTo(-5.26, 10);
    expect(formatDelta(delta)).toBe('5.26↓');
    expect(formatDelta(scoreDelta(58.6, 63.2))).toBe('4.60↑');
  });

  it('prints no arrow for a delta that rounds to zero', () => {
    expect(formatDelta(0)).toBe('0.00');
    expect(formatDelta(-0.001)).toBe('0.00');
    expect(formatDelta(0.004, 1)).toBe('0.0');
  });

  it('rejects non-numbers', () => {
    expect(() => scoreDelta(Number.NaN, 1)).toThrow(/finite/);
  });
});

describe('rankMarks', () => {
  it("marks Table 1's best and second best", () => {
    // DeepSeek-R1-Distill-Qwen-1.5B, AIME24 (N1): Orig, Both, Neg, Pos
    expect(rankMarks([22.71, 23.85, 26.25, 23.7])).toEqual([null, 'second', 'best', null]);
  });

  it('lets ties share a mark', () => {
    expect(rankMarks([3, 5, 5, 4, 4, 1])).toEqual([null, 'best', 'best', 'second', 'second', null]);
    expect(rankMarks([2])).toEqual(['best']);
    expect(rankMarks([])).toEqual([]);
  });
});
