import { assertFinite, assertNonEmpty } from './checks';

/**
 * The accuracy distribution of Table 4 / Figure 5: how many problems a model solves almost never,
 * sometimes, or almost always. Problems in the middle ("uncertain", accuracy in [0.2, 0.8)) are
 * the ones that flip between runs and make Pass@1 unstable (Takeaway 5.2).
 */

/** Inner bin edges; bins are [0,0.2), [0.2,0.4), [0.4,0.6), [0.6,0.8), [0.8,1.0] (the last one closed). */
export const ACCURACY_BIN_EDGES = [0.2, 0.4, 0.6, 0.8] as const;

export const ACCURACY_BIN_LABELS = ['[0, 0.2)', '[0.2, 0.4)', '[0.4, 0.6)', '[0.6, 0.8)', '[0.8, 1.0]'] as const;

/**
 * How close to an edge a value counts as on it. Accuracies are fractions k/n; a k/n that is not
 * exactly on an edge j/5 is at least 1/(5n) away from it, which exceeds this tolerance for any
 * n < 10^8 runs. So the tolerance only absorbs rounding error (1 − 0.8 = 0.19999999999999996,
 * 0.7 + 0.1 = 0.7999999999999999) and never moves a genuine accuracy across an edge.
 */
export const EDGE_TOLERANCE = 1e-9;

/** `value ≥ edge`, counting values within {@link EDGE_TOLERANCE} below the edge as on it. */
function atOrAbove(value: number, edge: number): boolean {
  return value >= edge - EDGE_TOLERANCE;
}

/** Rejects values outside [0, 1] (beyond rounding error) and clamps rounding error back in. */
function checkedAccuracies(acc: readonly number[], fn: string): number[] {
  assertFinite(acc, fn);
  return acc.map((a, i) => {
    if (a < -EDGE_TOLERANCE || a > 1 + EDGE_TOLERANCE) {
      throw new Error(`${fn}: accuracy at index ${i} is ${a}, outside [0, 1]`);
    }
    return Math.min(1, Math.max(0, a));
  });
}

/** Problem counts per accuracy bin (Table 4). An empty list gives five zeros. */
export function accuracyHistogram(acc: readonly number[]): number[] {
  const counts = [0, 0, 0, 0, 0];
  for (const a of checkedAccuracies(acc, 'accuracyHistogram')) {
    // The bin index is the number of inner edges at or below the value; 1.0 lands in the last bin.
    counts[ACCURACY_BIN_EDGES.filter((edge) => atOrAbove(a, edge)).length]++;
  }
  return counts;
}

/**
 * Share of problems whose accuracy is in [lo, hi): the "Uncertain (%)" column of Table 4, as a
 * fraction. The certain share is 1 minus this.
 */
export function uncertainShare(acc: readonly number[], lo = 0.2, hi = 0.8): number {
  if (!(lo >= 0 && hi <= 1 && lo < hi)) throw new Error(`uncertainShare: need 0 ≤ lo < hi ≤ 1, got lo=${lo}, hi=${hi}`);
  assertNonEmpty(acc, 'uncertainShare', 'the list of accuracies');
  const uncertain = checkedAccuracies(acc, 'uncertainShare').filter((a) => atOrAbove(a, lo) && !atOrAbove(a, hi));
  return uncertain.length / acc.length;
}
