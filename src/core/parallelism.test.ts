import { describe, expect, it } from 'vitest';
import { defaultParallelRuns, MAX_PARALLEL_RUNS } from './parallelism';

describe('defaultParallelRuns', () => {
  it('leaves one core free, and runs at least one', () => {
    expect(defaultParallelRuns(1)).toBe(1);
    expect(defaultParallelRuns(2)).toBe(1);
    expect(defaultParallelRuns(8)).toBe(7);
  });
  it('reads a missing or odd core count as one core', () => {
    expect(defaultParallelRuns(0)).toBe(1);
    expect(defaultParallelRuns(Number.NaN)).toBe(1);
    expect(defaultParallelRuns(3.7)).toBe(2);
  });
  it('is capped', () => {
    expect(defaultParallelRuns(1000)).toBe(MAX_PARALLEL_RUNS);
  });
});
