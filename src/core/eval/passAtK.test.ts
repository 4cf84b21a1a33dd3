import { describe, expect, it } from 'vitest';
import { meanPassAtK, passAt1, passAtK, problemAccuracies, problemPassAtK, readoutK, runScores, suitePassAtK } from './passAtK';

const T = true;
const F = false;

/** Reference pass@k by brute force: the share of all k-subsets of n samples (the first c correct) holding a correct one. */
function bruteForcePassAtK(n: number, c: number, k: number): number {
  let total = 0;
  let hit = 0;
  const walk = (next: number, left: number, anyCorrect: boolean) => {
    if (left === 0) {
      total++;
      if (anyCorrect) hit++;
      return;
    }
    for (let i = next; i <= n - left; i++) walk(i + 1, left - 1, anyCorrect || i < c);
  };
  walk(0, k, false);
  return hit / total;
}

function binomial(n: bigint, k: bigint): bigint {
  if (k < 0n || k > n) return 0n;
  let out = 1n;
  for (let i = 1n; i <= k; i++) out = (out * (n - k + i)) / i;
  return out;
}

/** Reference pass@k from exact big-integer binomials, for n far beyond what doubles can hold as C(n, k). */
function exactPassAtK(n: number, c: number, k: number): number {
  const scale = 10n ** 30n;
  const allWrong = (binomial(BigInt(n - c), BigInt(k)) * scale) / binomial(BigInt(n), BigInt(k));
  return 1 - Number(allWrong) / 1e30;
}

describe('passAtK', () => {
  it('matches brute-force enumeration of all k-subsets for every n ≤ 10, c, k', () => {
    let cases = 0;
    for (let n = 1; n <= 10; n++) {
      for (let c = 0; c <= n; c++) {
        for (let k = 1; k <= n; k++) {
          expect(passAtK(n, c, k), `n=${n} c=${c} k=${k}`).toBeCloseTo(bruteForcePassAtK(n, c, k), 12);
          cases++;
        }
      }
    }
    expect(cases).toBe(440); // Σ_{n=1..10} n(n+1) = 385 + 55
  });

  it('gives hand-computed values', () => {
    // n=5, c=2, k=2: 1 − C(3,2)/C(5,2) = 1 − 3/10
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 14);
    // k=1 is the plain accuracy c/n
    expect(passAtK(4, 1, 1)).toBeCloseTo(0.25, 14);
    // c=0: never
    expect(passAtK(8, 0, 3)).toBe(0);
  });

  it('is exactly 1 when fewer than k samples are wrong (n − c < k)', () => {
    expect(passAtK(3, 1, 3)).toBe(1); // 2 wrong, pick 3
    expect(passAtK(10, 8, 3)).toBe(1);
    expect(passAtK(5, 5, 1)).toBe(1);
  });

  it('stays accurate where the binomials overflow a double', () => {
    // C(2000, 1000) ≈ 2e600 overflows; the product form must not.
    for (const [n, c, k] of [
      [2000, 1, 1],
      [2000, 3, 1000],
      [2000, 1000, 10],
      [1200, 7, 600],
      [500, 250, 200],
    ]) {
      const got = passAtK(n, c, k);
      expect(Number.isFinite(got)).toBe(true);
      expect(got, `n=${n} c=${c} k=${k}`).toBeCloseTo(exactPassAtK(n, c, k), 12);
    }
  });

  it('rejects invalid arguments', () => {
    expect(() => passAtK(0, 0, 1)).toThrow(/n/);
    expect(() => passAtK(5, -1, 1)).toThrow(/c/);
    expect(() => passAtK(5, 6, 1)).toThrow(/c .*exceed/);
    expect(() => passAtK(5, 2, 0)).toThrow(/k/);
    expect(() => passAtK(5, 2, 6)).toThrow(/k .*exceed/);
    expect(() => passAtK(5.5, 2, 1)).toThrow(/integer/);
    expect(() => passAtK(5, 2.5, 1)).toThrow(/integer/);
    expect(() => passAtK(5, 2, Number.NaN)).toThrow(/integer/);
  });
});

describe('problemAccuracies and passAt1', () => {
  const correct = [
    [T, F, T, F], // 2/4 = 0.5
    [T, T, T, T], // 1
    [F, F, F, T], // 0.25
  ];

  it('averages per-problem accuracy over problems', () => {
    expect(problemAccuracies(correct)).toEqual([0.5, 1, 0.25]);
    expect(passAt1(correct)).toBeCloseTo(1.75 / 3, 14);
  });

  it('weighs problems equally even when their run counts differ', () => {
    // (1/1 + 1/3) / 2 = 2/3, not the pooled 2/4
    expect(passAt1([[T], [F, F, T]])).toBeCloseTo(2 / 3, 14);
  });

  it('rejects an empty suite and a problem with zero runs', () => {
    expect(() => passAt1([])).toThrow(/empty/);
    expect(() => passAt1([[T], []])).toThrow(/problem 1 has zero runs/);
    expect(() => problemAccuracies([[]])).toThrow(/zero runs/);
  });
});

describe('runScores', () => {
  it('gives the Pass@1 of each single run (column means)', () => {
    const correct = [
      [T, F, T],
      [T, T, F],
      [F, F, F],
      [T, F, F],
    ];
    // columns: 3/4, 1/4, 1/4
    expect(runScores(correct)).toEqual([0.75, 0.25, 0.25]);
  });

  it('has the same mean as passAt1 on a rectangular matrix', () => {
    const correct = [
      [T, F, T, T, F],
      [F, F, T, F, F],
      [T, T, T, T, T],
    ];
    const scores = runScores(correct);
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeCloseTo(passAt1(correct), 14);
  });

  it('rejects a ragged matrix', () => {
    expect(() => runScores([[T, F], [T]])).toThrow(/same runs/);
  });
});

describe('meanPassAtK', () => {
  const correct = [
    [T, F, F, F], // pass@2 = 1 − C(3,2)/C(4,2) = 1 − 3/6 = 0.5
    [T, T, F, F], // 1 − C(2,2)/C(4,2) = 1 − 1/6 = 5/6
    [F, F, F, F], // 0
  ];

  it('averages the unbiased estimator over problems', () => {
    expect(meanPassAtK(correct, 2)).toBeCloseTo((0.5 + 5 / 6 + 0) / 3, 14);
  });

  it('reduces to passAt1 at k = 1', () => {
    expect(meanPassAtK(correct, 1)).toBeCloseTo(passAt1(correct), 14);
  });

  it('rejects k above a problem run count', () => {
    expect(() => meanPassAtK([[T, F]], 3)).toThrow(/exceed/);
  });
});

describe('suitePassAtK: the scorecard readout at k = runs', () => {
  it('is 0 for a problem never solved and 1 for a problem always solved', () => {
    expect(suitePassAtK([[F, F, F, F]], 4)).toBe(0);
    expect(suitePassAtK([[T, T, T, T]], 4)).toBe(1);
  });

  it('at k = n counts a problem solved once as fully solved', () => {
    // pass@4 of 1 correct in 4 = 1 − C(3,4)/C(4,4) = 1; of 0 in 4 = 0; mean of (1, 1, 0) = 2/3.
    expect(suitePassAtK([[T, F, F, F], [T, T, F, T], [F, F, F, F]], 4)).toBeCloseTo(2 / 3, 14);
  });

  it('matches the hand-worked estimator below n: c = 1 of n = 8 at k = 4 is 1 − C(7,4)/C(8,4) = 1/2', () => {
    expect(suitePassAtK([[T, F, F, F, F, F, F, F]], 4)).toBeCloseTo(1 - 35 / 70, 14);
  });

  it('is null, not a number, when a problem has fewer runs than k', () => {
    expect(suitePassAtK([[T, F, T, T], [T, F]], 4)).toBeNull();
    expect(suitePassAtK([[T]], 2)).toBeNull();
  });

  it('separates two policies of equal Pass@1: one spreading its successes, one concentrating them', () => {
    const diffuse = [[T, F, F, F], [F, T, F, F], [F, F, T, F], [F, F, F, T]];
    const concentrated = [[T, T, T, T], [F, F, F, F], [F, F, F, F], [F, F, F, F]];
    expect(passAt1(diffuse)).toBe(passAt1(concentrated));
    expect(suitePassAtK(diffuse, 4)).toBe(1);
    expect(suitePassAtK(concentrated, 4)).toBe(0.25);
  });
});

describe('readoutK', () => {
  it('is the runs per problem from two runs on, and none at one run', () => {
    expect(readoutK(8)).toBe(8);
    expect(readoutK(2)).toBe(2);
    expect(readoutK(1)).toBeNull();
  });
});

describe('problemPassAtK: pass@k from stored accuracies', () => {
  it('recovers each problem\'s correct count from its accuracy', () => {
    const correct = [[T, F, F, F, F, F, F, F], [F, F, F, F, F, F, F, F], [T, T, T, F, T, T, T, T]];
    const acc = problemAccuracies(correct);
    expect(problemPassAtK(acc, 8, 8)).toEqual([1, 0, 1]);
    expect(problemPassAtK(acc, 8, 4)).toEqual(correct.map((r) => passAtK(8, r.filter(Boolean).length, 4)));
  });

  it('refuses an accuracy that is no whole number of the runs', () => {
    expect(() => problemPassAtK([0.3], 8, 8)).toThrow(/not a whole number of its 8 runs/);
  });

  it('refuses k above the runs', () => {
    expect(() => problemPassAtK([0.5], 2, 4)).toThrow(/exceed/);
  });
});
