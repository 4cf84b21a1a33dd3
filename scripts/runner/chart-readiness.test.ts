import { describe, expect, it } from 'vitest';
import { notDrawnYet, type ChartState } from './chart-readiness';

const chart = (id: string, rows: number, totalRows: number, drawn = rows > 0, current = true): ChartState => ({ id, empty: rows === 0, rows, totalRows, drawn, current });

describe('notDrawnYet', () => {
  it('waits for a throttled chart that still looks empty although its data has rows', () => {
    // The old capture took every non-empty chart with a picture: this view passed, minus "kl".
    expect(notDrawnYet({ runsLoaded: 1, charts: [chart('reward', 6, 6), chart('kl', 0, 6)] }, 1)).toBe('chart kl drew 0 of 6 rows');
  });

  it('waits for a chart that drew fewer rows than its data holds', () => {
    expect(notDrawnYet({ runsLoaded: 1, charts: [chart('reward', 4, 6)] }, 1)).toBe('chart reward drew 4 of 6 rows');
  });

  it('waits for a redraw that is due even when the rows already agree (more runs over the same steps)', () => {
    expect(notDrawnYet({ runsLoaded: 3, charts: [chart('reward', 6, 6), chart('validation-pass1', 6, 6, true, false)] }, 3)).toBe('chart validation-pass1 has a redraw due');
  });

  it('waits until every run on show has loaded, even when the charts agree with what is loaded', () => {
    expect(notDrawnYet({ runsLoaded: 0, charts: [chart('reward', 0, 0)] }, 2)).toBe('0 of 2 runs loaded');
    expect(notDrawnYet({ runsLoaded: 1, charts: [chart('reward', 6, 6)] }, 2)).toBe('1 of 2 runs loaded');
  });

  it('waits for the picture of a chart with rows, and for the panel itself', () => {
    expect(notDrawnYet({ runsLoaded: 1, charts: [chart('reward', 6, 6, false)] }, 1)).toBe('chart reward has no picture yet');
    expect(notDrawnYet({ runsLoaded: null, charts: [] }, 0)).toBe('the panel is not on the page');
    expect(notDrawnYet({ runsLoaded: 0, charts: [] }, 0)).toBe('no charts on the page');
  });

  it('is ready when every chart drew all its rows; charts with no data stay empty', () => {
    expect(notDrawnYet({ runsLoaded: 2, charts: [chart('reward', 6, 6), chart('eval-during-training', 0, 0)] }, 2)).toBeNull();
  });
});
