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

/**
 * Suite pass@k, or null when some problem has fewer than k runs: pass@k of n < k samples is not
 * estimable (the estimator needs k of them), and a null says so where a number would mislead.
 */
export function suitePassAtK(correct: CorrectnessMatrix, k: number): number | null {
  assertProblems(correct, 'suitePassAtK');
  assertInteger(k, 'suitePassAtK', 'k', 1);
  return correct.some((runs) => runs.length < k) ? null : meanPassAtK(correct, k);
}

/**
 * The k a scorecard column reports pass@k at: its runs per problem, when there are at least two
 * (at one run pass@k is Pass@1). pass@k with k = n is the share of problems solved at least once:
 * with equal Pass@1, a higher one means the runs spread their successes over more problems.
 */
export function readoutK(runs: number): number | null {
  assertInteger(runs, 'readoutK', 'runs', 1);
  return runs >= 2 ? runs : null;
}

/**
 * Each problem's pass@k from its stored accuracy over `runs` runs (c = accuracy · runs, which
 * problemAccuracies computed as c / runs): what the report's seeds × problems intervals read.
 */
export function problemPassAtK(accuracies: readonly number[], runs: number, k: number): number[] {
  return accuracies.map((a, p) => {
    const c = Math.round(a * runs);
    if (Math.abs(c - a * runs) > 1e-6) throw new Error(`problemPassAtK: problem ${p}'s accuracy ${a} is not a whole number of its ${runs} runs`);
    return passAtK(runs, c, k);
  });
}
