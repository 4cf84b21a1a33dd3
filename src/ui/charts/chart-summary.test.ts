import { describe, expect, it } from 'vitest';
import { seriesSummary } from './chart-summary';

const f2 = (y: number) => y.toFixed(2);

describe('seriesSummary', () => {
  it('says where each series starts and ends and its range, skipping gaps', () => {
    const reward = { name: 'e2e-tiny', points: [{ x: 1, y: 0.88 }, { x: 2, y: 1 }, { x: 3, y: null }, { x: 4, y: 0.25 }, { x: 6, y: 0.5 }] };
    expect(seriesSummary([reward], f2)).toBe('e2e-tiny: 0.88 at step 1, 0.50 at step 6 (0.25 to 1.00).');
  });

  it('gives a flat or single-point series without a range, and caps the number of series', () => {
    const flat = (name: string) => ({ name, points: [{ x: 1, y: 0 }, { x: 2, y: 0 }] });
    expect(seriesSummary([flat('a')], f2)).toBe('a: 0.00 at step 1, 0.00 at step 2.');
    expect(seriesSummary([{ name: 'one', points: [{ x: 3, y: 0.5 }] }], f2, 'run')).toBe('one: 0.50 at run 3.');
    expect(seriesSummary(['a', 'b', 'c'].map(flat), f2, 'step', 2)).toBe('a: 0.00 at step 1, 0.00 at step 2; b: 0.00 at step 1, 0.00 at step 2; and 1 more series.');
    expect(seriesSummary([{ name: 'gap', points: [{ x: 1, y: null }] }], f2)).toBe('No values yet.');
  });
});
