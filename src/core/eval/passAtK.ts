import { assertInteger, assertProblems, runCount, sum, type CorrectnessMatrix } from './checks';

/**
 * Pass@k over repeated runs. The paper reports Pass@1 "averaged on sufficient runs" (Table 5):
 * each problem is answered in several independent sampled runs, and the score is the mean over
 * problems of the fraction of runs that got it right. All scores here are fractions in [0, 1];
 * the UI turns them into the paper's percentage points.
 */

/** Accuracy of each problem: the fraction of its runs that were correct. Problems may have different run counts. */
export function problemAccuracies(correct: CorrectnessMatrix): number[] {
  assertProblems(correct, 'problemAccuracies');
  // Count first, divide once: k/n is then the correctly rounded value of the fraction, which
  // the accuracy bins rely on (summing 1/n k times drifts).
  return correct.map((runs) => runs.filter(Boolean).length / runs.length);
}

/** Pass@1 = mean over problems of each problem's accuracy. */
export function passAt1(correct: CorrectnessMatrix): number {
  const acc = problemAccuracies(correct);
  return sum(acc) / acc.length;
}

/**
 * Pass@1 of each single run (the column means of `correct[problem][run]`): the scores one would
 * have reported after evaluating just once, whose spread is the instability of Figure 4.
 * Needs the same number of runs for every problem.
 */
export function runScores(correct: CorrectnessMatrix): number[] {
  const runs = runCount(correct, 'runScores');
  const scores: number[] = [];
  for (let r = 0; r < runs; r++) {
    let solved = 0;
    for (const row of correct) if (row[r]) solved++;
    scores.push(solved / correct.length);
  }
  return scores;
}

/**
 * The unbiased pass@k estimator of Chen et al. (2021): with n samples of which c are correct,
 * pass@k = 1 − C(n−c, k) / C(n, k).
 *
 * The binomials overflow long before n is large, so we use the product form
 * C(n−c, k) / C(n, k) = Π_{i=n−c+1..n} (1 − k/i), every factor in [0, 1).
 */
export function passAtK(n: number, c: number, k: number): number {
  assertInteger(n, 'passAtK', 'n', 1);
  assertInteger(c, 'passAtK', 'c', 0);
  assertInteger(k, 'passAtK', 'k', 1);
  if (c > n) throw new Error(`passAtK: c (${c}) must not exceed n (${n})`);
  if (k > n) throw new Error(`passAtK: k (${k}) must not exceed n (${n})`);
  // Fewer than k wrong samples: every k-subset holds a correct one. The product would reach the
  // zero factor at i = k anyway; returning early says so and skips the loop.
  if (n - c < k) return 1;
  let allWrong = 1;
  for (let i = n - c + 1; i <= n; i++) allWrong *= 1 - k / i;
  return 1 - allWrong;
}

/** Suite pass@k: the mean over problems of {@link passAtK} on each problem's runs (k=1 gives {@link passAt1}). */
export function meanPassAtK(correct: CorrectnessMatrix, k: number): number {
  assertProblems(correct, 'meanPassAtK');
  const perProblem = correct.map((runs) => passAtK(runs.length, runs.filter(Boolean).length, k));
  return sum(perProblem) / perProblem.length;
}
