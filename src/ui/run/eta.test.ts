import { describe, expect, it } from 'vitest';
import { etaSeconds, formatDuration } from './eta';

describe('ETA', () => {
  it('needs two step events', () => {
    expect(etaSeconds([], 5)).toBeNull();
    expect(etaSeconds([1000], 5)).toBeNull();
  });
  it('multiplies the recent pace by the steps left', () => {
    expect(etaSeconds([0, 2000, 4000], 10)).toBe(20);
    // Only the last `window` intervals count: an early slow step is forgotten.
    expect(etaSeconds([0, 60_000, 61_000, 62_000], 4, 2)).toBe(4);
  });
  it('is zero when nothing is left', () => {
    expect(etaSeconds([0], 0)).toBe(0);
  });
  it('formats durations', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3900)).toBe('1 h 05 min');
    expect(formatDuration(NaN)).toBe('—');
  });
});
