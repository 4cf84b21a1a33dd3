import { describe, expect, it } from 'vitest';
import { greedyFlips } from './greedy';

describe('greedyFlips', () => {
  it('lists flipped problems and counts each direction', () => {
    // 0: right→right, 1: wrong→right, 2: right→wrong, 3: wrong→wrong, 4: right→wrong
    expect(greedyFlips([true, false, true, false, true], [true, true, false, false, false])).toEqual({
      flipped: [1, 2, 4],
      wrongToRight: 1,
      rightToWrong: 2,
    });
  });

  it('finds nothing when nothing changed', () => {
    expect(greedyFlips([true, false], [true, false])).toEqual({ flipped: [], wrongToRight: 0, rightToWrong: 0 });
  });

  it('rejects suites of different sizes', () => {
    expect(() => greedyFlips([true], [true, false])).toThrow(/1 problems .* 2/);
  });
});
