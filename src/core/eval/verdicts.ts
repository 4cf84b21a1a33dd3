import { seedProblemInterval, type SeedInterval } from './seed-interval';
import { tQuantile } from './student-t';

/**
 * Three-valued verdicts on claims compared across training seeds. A claim is written down before
 * the runs as a test that can come out either way:
 * - an ordering claim ("A beats B") is *supported* when the 95 % interval of the paired difference
 *   A − B lies above 0, *contradicted* when it lies below 0, and *inconclusive* otherwise;
 * - a sameness claim ("A is comparable to B") is an equivalence test with a stated margin: it is
 *   *supported* only when the whole interval lies inside (−margin, +margin), *contradicted* when the
 *   whole interval lies outside it (a difference larger than the margin is established), and
 *   *inconclusive* otherwise.
 * - a claim of "at least as good" ("A ≥ B") is a non-inferiority test with a stated margin: it is
 *   *supported* when the interval lies above −margin, *contradicted* when it lies wholly below
 *   −margin (A is established to be worse by more than the margin), and *inconclusive* otherwise.
 * A takeaway is *reproduced* when every claim it rests on is supported, *not reproduced* when any is
 * contradicted, and *inconclusive* otherwise.
 */
export type Verdict = 'supported' | 'contradicted' | 'inconclusive';
export type TakeawayVerdict = 'reproduced' | 'not reproduced' | 'inconclusive';

/** Per seed and problem, the accuracy over runs: correct[seed][problem][run] → [seed][problem]. */
export function cellAccuracies(correct: readonly (readonly (readonly number[])[])[]): number[][] {
  return correct.map((seed) =>
    seed.map((runs) => {
      if (runs.length === 0) throw new Error('cellAccuracies: a problem without runs');
      return runs.reduce((a, b) => a + b, 0) / runs.length;
    }),
  );
}

/** The paired table A − B, seed by seed and problem by problem (both arms on the same seeds and problems). */
export function pairedCells(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  if (a.length !== b.length || a.some((row, s) => row.length !== b[s].length)) {
    throw new Error(`pairedCells: the arms differ in seeds or problems (${a.length}×${a[0]?.length ?? 0} vs ${b.length}×${b[0]?.length ?? 0}); paired differences need the same seeds and problems`);
  }
  return a.map((row, s) => row.map((x, p) => x - b[s][p]));
}

/** The paired difference A − B with its interval (null with fewer than 2 seeds). */
export function pairedDifference(a: readonly (readonly number[])[], b: readonly (readonly number[])[], level = 0.95): SeedInterval | null {
  return seedProblemInterval(pairedCells(a, b), level);
}

/** "A beats B", given the interval of A − B. */
export function orderingVerdict(difference: SeedInterval | null): Verdict {
  if (!difference) return 'inconclusive';
  if (difference.lo > 0) return 'supported';
  if (difference.hi < 0) return 'contradicted';
  return 'inconclusive';
}

/** "A is comparable to B within ±margin", given the interval of A − B. */
export function equivalenceVerdict(difference: SeedInterval | null, margin: number): Verdict {
  if (!(margin > 0)) throw new Error(`equivalenceVerdict: the margin must be positive, got ${margin}`);
  if (!difference) return 'inconclusive';
  if (difference.lo > -margin && difference.hi < margin) return 'supported';
  if (difference.lo >= margin || difference.hi <= -margin) return 'contradicted';
  return 'inconclusive';
}

/** "A is at least as good as B, within margin", given the interval of A − B. */
export function nonInferiorityVerdict(difference: SeedInterval | null, margin: number): Verdict {
  if (!(margin > 0)) throw new Error(`nonInferiorityVerdict: the margin must be positive, got ${margin}`);
  if (!difference) return 'inconclusive';
  if (difference.lo > -margin) return 'supported';
  if (difference.hi <= -margin) return 'contradicted';
  return 'inconclusive';
}

/**
 * The smallest true difference this design detects (the interval excludes 0) with probability
 * `power`, from the measured standard error: (t₁₋α/₂ + t_power) · se at the interval's df.
 */
export function minimumDetectableDifference(difference: Pick<SeedInterval, 'se' | 'df' | 'level'>, power = 0.8): number {
  if (difference.se === 0) return 0;
  return (tQuantile(1 - (1 - difference.level) / 2, difference.df) + tQuantile(power, difference.df)) * difference.se;
}

/** A takeaway from its claims' verdicts: reproduced only if every claim is supported. */
export function takeawayVerdict(claims: readonly Verdict[]): TakeawayVerdict {
  if (claims.length === 0) throw new Error('takeawayVerdict: a takeaway needs at least one claim');
  if (claims.includes('contradicted')) return 'not reproduced';
  return claims.every((v) => v === 'supported') ? 'reproduced' : 'inconclusive';
}
