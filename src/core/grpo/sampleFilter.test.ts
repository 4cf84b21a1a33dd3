import { describe, it, expect } from 'vitest';
import { sampleFilterMask } from './sampleFilter';

describe('sampleFilterMask (Section 3.1)', () => {
  const advantages = [[1.5, -0.5, 0], [0, 0], [-2, 0.25]];

  it('both keeps every sample, zero-advantage ones included', () => {
    expect(sampleFilterMask(advantages, 'both')).toEqual([[true, true, true], [true, true], [true, true]]);
  });

  it('positive keeps A > 0 only', () => {
    expect(sampleFilterMask(advantages, 'positive')).toEqual([[true, false, false], [false, false], [false, true]]);
  });

  it('negative keeps A < 0 only', () => {
    expect(sampleFilterMask(advantages, 'negative')).toEqual([[false, true, false], [false, false], [true, false]]);
  });

  it('can keep nothing: a one-sided filter on zero-advantage groups', () => {
    const zeros = [[0, 0, 0], [0]];
    expect(sampleFilterMask(zeros, 'positive').flat().some(Boolean)).toBe(false);
    expect(sampleFilterMask(zeros, 'negative').flat().some(Boolean)).toBe(false);
  });

  it('handles empty input', () => {
    expect(sampleFilterMask([], 'positive')).toEqual([]);
    expect(sampleFilterMask([[]], 'both')).toEqual([[]]);
  });
});
