import { describe, expect, it } from 'vitest';
import { accuracyHistogram, uncertainShare } from './accuracyBins';

/** Reference bin of the fraction k/n in integer arithmetic: the largest j ≤ 4 with j/5 ≤ k/n, i.e. j·n ≤ 5·k. */
function exactBin(k: number, n: number): number {
  let j = 0;
  while (j < 4 && (j + 1) * n <= 5 * k) j++;
  return j;
}

/** k/n built by adding 1/n k times, the drift-prone way a running mean computes it. */
function summed(k: number, n: number): number {
  let acc = 0;
  for (let i = 0; i < k; i++) acc += 1 / n;
  return acc;
}

const oneHot = (bin: number) => [0, 1, 2, 3, 4].map((b) => (b === bin ? 1 : 0));

/** Accuracies reproducing given bin counts, each problem placed in the middle of its bin. */
function fromCounts(counts: readonly number[]): number[] {
  return counts.flatMap((count, bin) => Array<number>(count).fill(bin * 0.2 + 0.1));
}

describe('accuracyHistogram', () => {
  it('puts the exact edges into the bin they open, and 1.0 into the closed last bin', () => {
    expect(accuracyHistogram([0])).toEqual(oneHot(0));
    expect(accuracyHistogram([0.2])).toEqual(oneHot(1));
    expect(accuracyHistogram([0.4])).toEqual(oneHot(2));
    expect(accuracyHistogram([0.6])).toEqual(oneHot(3));
    expect(accuracyHistogram([0.8])).toEqual(oneHot(4));
    expect(accuracyHistogram([1.0])).toEqual(oneHot(4));
  });

  it('bins edge values computed by division like the literal edge', () => {
    // 0.2 four ways; then 0.4 once, 0.6 three ways, 0.8 twice and 1.0
    expect(accuracyHistogram([1 / 5, 2 / 10, 13 / 65, 16 / 80])).toEqual([0, 4, 0, 0, 0]);
    expect(accuracyHistogram([2 / 5, 3 / 5, 6 / 10, 39 / 65, 4 / 5, 52 / 65, 64 / 64])).toEqual([0, 0, 1, 3, 3]);
  });

  it('bins edge values carrying rounding error onto the edge they mean', () => {
    // Each of these is a hair below its edge in floating point.
    expect(1 - 0.8).toBeLessThan(0.2);
    expect(0.7 + 0.1).toBeLessThan(0.8);
    expect(summed(3, 5)).not.toBe(0.6);
    expect(accuracyHistogram([1 - 0.8, 0.1 + 0.1 + 0.1 + 0.1, 0.7 + 0.1, 1 - 0.4])).toEqual([0, 1, 1, 1, 1]);
  });

  it('bins every k/n (n ≤ 100) like exact rational arithmetic, whether divided or summed', () => {
    for (let n = 1; n <= 100; n++) {
      for (let k = 0; k <= n; k++) {
        const want = oneHot(exactBin(k, n));
        expect(accuracyHistogram([k / n]), `${k}/${n} divided`).toEqual(want);
        expect(accuracyHistogram([summed(k, n)]), `${k}/${n} summed`).toEqual(want);
      }
    }
  });

  it('keeps values just inside a bin there', () => {
    // 12/64 = 0.1875 < 0.2, 51/64 = 0.796875 < 0.8, 1/64 > 0
    expect(accuracyHistogram([12 / 64, 51 / 64, 1 / 64, 0.1999, 0.7999])).toEqual([3, 0, 0, 2, 0]);
  });

  it("reproduces Table 4's AIME24 row", () => {
    const acc = fromCounts([11, 5, 4, 3, 7]);
    expect(acc).toHaveLength(30);
    expect(accuracyHistogram(acc)).toEqual([11, 5, 4, 3, 7]);
  });

  it('gives five zeros for no problems', () => {
    expect(accuracyHistogram([])).toEqual([0, 0, 0, 0, 0]);
  });

  it('rejects values outside [0, 1] and non-numbers', () => {
    expect(() => accuracyHistogram([0.5, -0.1])).toThrow(/index 1 .*outside/);
    expect(() => accuracyHistogram([1.01])).toThrow(/outside/);
    expect(() => accuracyHistogram([Number.NaN])).toThrow(/finite/);
    expect(() => accuracyHistogram([Number.POSITIVE_INFINITY])).toThrow(/finite/);
  });

  it('tolerates rounding error just beyond 0 and 1', () => {
    expect(accuracyHistogram([1 + 1e-15, -1e-17])).toEqual([1, 0, 0, 0, 1]);
  });
});

describe('uncertainShare', () => {
  it("reproduces Table 4's Uncertain (%) column", () => {
    // AIME24: (5 + 4 + 3) / 30 = 40.00%; AMC23: (3 + 7 + 8) / 83 = 21.69%
    expect(uncertainShare(fromCounts([11, 5, 4, 3, 7]))).toBeCloseTo(0.4, 12);
    expect(100 * uncertainShare(fromCounts([14, 3, 7, 8, 51]))).toBeCloseTo(21.69, 2);
    // MATH-500: (6 + 10 + 20) / 500 = 7.20%
    expect(uncertainShare(fromCounts([45, 6, 10, 20, 419]))).toBeCloseTo(0.072, 12);
  });

  it('includes lo and excludes hi, robustly to rounding', () => {
    // in: 0.2 (three ways), 0.5, 0.79; out: 0.8 (two ways), 0.19, 1, 0
    const acc = [1 / 5, 1 - 0.8, 13 / 65, 0.5, 0.79, 4 / 5, 0.7 + 0.1, 0.19, 1, 0];
    expect(uncertainShare(acc)).toBeCloseTo(5 / 10, 14);
  });

  it('takes other ranges', () => {
    // [0.4, 0.6): 2/5 and 0.5 in, 3/5 out, 1/3 out
    expect(uncertainShare([2 / 5, 0.5, 3 / 5, 1 / 3], 0.4, 0.6)).toBeCloseTo(0.5, 14);
    // [0, 1) leaves out only the solved-always problems
    expect(uncertainShare([0, 0.5, 1, 1], 0, 1)).toBeCloseTo(0.5, 14);
  });

  it('rejects bad ranges, empty lists and values outside [0, 1]', () => {
    expect(() => uncertainShare([0.5], 0.8, 0.2)).toThrow(/lo < hi/);
    expect(() => uncertainShare([0.5], -0.1, 0.5)).toThrow(/lo < hi/);
    expect(() => uncertainShare([0.5], 0.2, 1.5)).toThrow(/lo < hi/);
    expect(() => uncertainShare([])).toThrow(/empty/);
    expect(() => uncertainShare([2])).toThrow(/outside/);
  });
});
