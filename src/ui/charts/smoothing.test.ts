import { describe, expect, it } from 'vitest';
import { smoothSeries } from './smoothing';
import { mergeSeries, seriesTable } from './MetricChart';

describe('smoothing', () => {
  it('returns the series unchanged at weight 0', () => {
    expect(smoothSeries([1, 2, 3], 0)).toEqual([1, 2, 3]);
  });

  it('is a debiased EMA: a constant series stays constant, the first point is itself', () => {
    expect(smoothSeries([5, 5, 5, 5], 0.9).map((x) => Number(x!.toFixed(12)))).toEqual([5, 5, 5, 5]);
    const s = smoothSeries([0, 1], 0.5);
    expect(s[0]).toBe(0);
    // (0.5·(0.5·0 + 0.5·0) + 0.5·1) / (1 − 0.25) = 0.5 / 0.75
    expect(s[1]).toBeCloseTo(2 / 3, 12);
  });

  it('passes gaps through without disturbing the average', () => {
    const s = smoothSeries([2, null, 2], 0.6);
    expect(s[1]).toBeNull();
    expect(s[2]).toBeCloseTo(2, 12);
  });

  it('refuses weights outside [0, 1)', () => {
    expect(() => smoothSeries([1], 1)).toThrow('smoothing weight');
    expect(() => smoothSeries([1], -0.1)).toThrow('smoothing weight');
  });

  it('merges runs by step and exports raw and smoothed values', () => {
    const series = [
      { id: 'a', name: 'A', color: '#000', points: [{ x: 1, y: 1 }, { x: 2, y: 3 }] },
      { id: 'b', name: 'B', color: '#111', points: [{ x: 2, y: 4 }] },
    ];
    const rows = mergeSeries(series, 0);
    expect(rows).toEqual([{ x: 1, a: 1 }, { x: 2, a: 3, b: 4 }]);
    expect(seriesTable(series, rows, 0, 'step')).toEqual({ columns: ['step', 'A', 'B'], rows: [[1, 1, undefined], [2, 3, 4]] });
    const smooth = mergeSeries(series, 0.5);
    expect(smooth[1]).toMatchObject({ x: 2, a__raw: 3, b: 4, b__raw: 4 });
    expect(seriesTable(series, smooth, 0.5, 'step').columns).toEqual(['step', 'A (smoothed 0.5)', 'A', 'B (smoothed 0.5)', 'B']);
  });
});
