import { describe, expect, it } from 'vitest';
import { defaultRuns } from './runs';

describe('defaultRuns', () => {
  it("follows Table 5's defaults by suite size", () => {
    // AIME24/25 (30), AMC23 (83): 64; GPQA (198), GaoKao (351): 32; MATH-500, OlympiadBench: 16
    expect([1, 30, 83].map(defaultRuns)).toEqual([64, 64, 64]);
    expect([84, 198, 351, 499].map(defaultRuns)).toEqual([32, 32, 32, 32]);
    expect([500, 675, 3018].map(defaultRuns)).toEqual([16, 16, 16]);
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => defaultRuns(0)).toThrow(/suiteSize/);
    expect(() => defaultRuns(12.5)).toThrow(/suiteSize/);
  });
});
