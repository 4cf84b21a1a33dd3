import { describe, expect, it } from 'vitest';
import { cellAccuracies, equivalenceVerdict, minimumDetectableDifference, nonInferiorityVerdict, orderingVerdict, pairedCells, pairedDifference, takeawayVerdict } from './verdicts';
import type { SeedInterval } from './seed-interval';
import { tQuantile } from './student-t';

const interval = (lo: number, hi: number): SeedInterval => ({ mean: (lo + hi) / 2, lo, hi, se: 1, df: 4, level: 0.95, seeds: 5, problems: 30, components: { seed: 1, problem: 0, residual: 0 } });

describe('cellAccuracies and pairedCells', () => {
  it('average runs per seed and problem, and subtract arm by arm', () => {
    expect(cellAccuracies([[[1, 0, 1, 1], [0, 0]], [[1], [1, 0]]])).toEqual([
      [0.75, 0],
      [1, 0.5],
    ]);
    expect(pairedCells([[0.75, 0], [1, 0.5]], [[0.25, 0.5], [1, 0]])).toEqual([
      [0.5, -0.5],
      [0, 0.5],
    ]);
  });

  it('refuse arms on other seeds or problems, and problems without runs', () => {
    expect(() => pairedCells([[1, 2]], [[1, 2], [3, 4]])).toThrow('the arms differ in seeds or problems (1×2 vs 2×2)');
    expect(() => pairedCells([[1, 2]], [[1]])).toThrow('the arms differ');
    expect(() => cellAccuracies([[[]]])).toThrow('a problem without runs');
  });

  it('pair: a seed that lifts both arms cancels in the difference', () => {
    // Arm A = arm B + 0.1 everywhere, while seeds move both by a lot: the difference is certain.
    const b = [
      [0.2, 0.4],
      [0.6, 0.8],
      [0.1, 0.9],
    ];
    const a = b.map((row) => row.map((x) => x + 0.1));
    const d = pairedDifference(a, b)!;
    expect(d.mean).toBeCloseTo(0.1, 12);
    expect(d.hi - d.lo).toBeCloseTo(0, 12);
    expect(orderingVerdict(d)).toBe('supported');
  });
});

describe('orderingVerdict', () => {
  it('is supported above 0, contradicted below 0, inconclusive across or without an interval', () => {
    expect(orderingVerdict(interval(0.5, 4))).toBe('supported');
    expect(orderingVerdict(interval(-4, -0.5))).toBe('contradicted');
    expect(orderingVerdict(interval(-1, 3))).toBe('inconclusive');
    expect(orderingVerdict(interval(0, 3))).toBe('inconclusive');
    expect(orderingVerdict(null)).toBe('inconclusive');
  });
});

describe('equivalenceVerdict', () => {
  it('is supported only inside the margin, contradicted wholly outside it, inconclusive otherwise', () => {
    expect(equivalenceVerdict(interval(-1.5, 1.9), 2)).toBe('supported');
    expect(equivalenceVerdict(interval(-1, 2.5), 2)).toBe('inconclusive');
    // Overlapping intervals used to count as "comparable"; a wide interval around 0 is no evidence of sameness.
    expect(equivalenceVerdict(interval(-8, 8), 2)).toBe('inconclusive');
    expect(equivalenceVerdict(interval(2, 6), 2)).toBe('contradicted');
    expect(equivalenceVerdict(interval(-6, -2.1), 2)).toBe('contradicted');
    expect(equivalenceVerdict(null, 2)).toBe('inconclusive');
    expect(() => equivalenceVerdict(interval(0, 1), 0)).toThrow('the margin must be positive');
  });
});

describe('nonInferiorityVerdict', () => {
  it('is supported above −margin (better counts too), contradicted wholly below it, inconclusive across it', () => {
    expect(nonInferiorityVerdict(interval(-0.01, 0.01), 0.02)).toBe('supported');
    expect(nonInferiorityVerdict(interval(0.05, 0.2), 0.02)).toBe('supported');
    expect(nonInferiorityVerdict(interval(-0.1, -0.03), 0.02)).toBe('contradicted');
    expect(nonInferiorityVerdict(interval(-0.03, 0.01), 0.02)).toBe('inconclusive');
    expect(nonInferiorityVerdict(null, 0.02)).toBe('inconclusive');
    expect(() => nonInferiorityVerdict(interval(0, 1), 0)).toThrow('the margin must be positive');
  });
});

describe('minimumDetectableDifference', () => {
  it('is (t₀.₉₇₅ + t₀.₈) · se at the interval df', () => {
    // df 4: 2.776 + 0.941 = 3.717.
    expect(minimumDetectableDifference({ se: 2, df: 4, level: 0.95 })).toBeCloseTo(2 * (tQuantile(0.975, 4) + tQuantile(0.8, 4)), 12);
    expect(minimumDetectableDifference({ se: 2, df: 4, level: 0.95 })).toBeCloseTo(7.434, 2);
    expect(minimumDetectableDifference({ se: 0, df: Infinity, level: 0.95 })).toBe(0);
  });
});

describe('takeawayVerdict', () => {
  it('is reproduced only if every claim is supported, not reproduced if any is contradicted', () => {
    expect(takeawayVerdict(['supported', 'supported'])).toBe('reproduced');
    expect(takeawayVerdict(['supported', 'inconclusive'])).toBe('inconclusive');
    expect(takeawayVerdict(['supported', 'contradicted', 'inconclusive'])).toBe('not reproduced');
    expect(takeawayVerdict(['inconclusive'])).toBe('inconclusive');
    expect(() => takeawayVerdict([])).toThrow('at least one claim');
  });
});
