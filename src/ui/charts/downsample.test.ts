import { describe, expect, it } from 'vitest';
import { downsampleRows } from './downsample';

const rows = (n: number, y: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ x: i + 1, y: y(i) }));

describe('downsampleRows', () => {
  it('returns short inputs as they are', () => {
    const r = rows(50, (i) => i);
    expect(downsampleRows(r, ['y'], 100)).toBe(r);
  });

  it('thins a long series to at most the limit, keeping the ends and every spike and dip', () => {
    const r = rows(30_000, (i) => Math.sin(i / 50));
    r[12_345].y = 9; // a spike
    r[20_001].y = -9; // a dip
    const out = downsampleRows(r, ['y'], 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.length).toBeGreaterThan(1500);
    expect(out[0]).toBe(r[0]);
    expect(out.at(-1)).toBe(r.at(-1));
    expect(out).toContain(r[12_345]);
    expect(out).toContain(r[20_001]);
    // In order of x, each row one of the input's.
    expect(out.every((row, i) => i === 0 || row.x > out[i - 1].x)).toBe(true);
  });

  it('keeps each line’s extremes when several share the rows, nulls included', () => {
    const r = Array.from({ length: 10_000 }, (_, i) => ({ x: i, a: i % 7, b: i % 2 === 0 ? null : -i }));
    r[5_000].a = 100;
    const out = downsampleRows(r, ['a', 'b'], 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out).toContain(r[5_000]);
    expect(out).toContain(r[9_999]); // b's lowest
  });
});
