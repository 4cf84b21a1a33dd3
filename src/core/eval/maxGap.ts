import { assertFinite, assertInteger, assertNonEmpty, extent, runCount, sum, type CorrectnessMatrix } from './checks';
import { runScores } from './passAtK';
import { MIN_RUNS_FOR_SPREAD, overRuns } from './stats';

/**
 * The "Max Gap" of Table 7 and Figure 4: how far apart the scores of repeated evaluations of the
 * same model lie (max − min). Null for a single trial: there is nothing to disagree with.
 */
export function maxGap(trialScores: readonly number[]): number | null {
  assertNonEmpty(trialScores, 'maxGap', 'the list of trial scores');
  assertFinite(trialScores, 'maxGap');
  return overRuns(trialScores.length, () => span(trialScores));
}

function span(values: readonly number[]): number {
  const [lo, hi] = extent(values);
  return hi - lo;
}

/** One row of Table 7: `trials` disjoint trials of `runs` runs each. */
export type MaxGapRow =
  | {
      runs: number;
      available: true;
      /** Mean over trials of each trial's Pass@1 ("Avg Pass@1"). */
      meanPass1: number;
      /** max − min of the trial scores ("Max Gap"). */
      maxGap: number;
      /** Pass@1 of each trial, i.e. the mean of its runs' Pass@1. */
      trialScores: number[];
    }
  | {
      runs: number;
      available: false;
      /** Why this row is a dash ("—") in the table. */
      reason: string;
    };

/**
 * Table 7: does averaging over more runs make Pass@1 stable? For each n in `runsPerTrial`, split
 * the runs of `correct[problem][run]` into `trials` disjoint trials of n runs each and compare
 * their Pass@1.
 *
 * Trial t takes runs [t·n, (t+1)·n). Runs are independent samples, so consecutive blocks are as
 * good as a random split, and a fixed split keeps the table reproducible without a seed.
 *
 * When fewer than trials × n runs exist, the row is returned with `available: false` and a reason
 * rather than throwing: Table 7 shows such cells as "—" (the large suites were not run 64+ times),
 * and one short row should not hide the others. Malformed input (ragged matrix, n or trials not a
 * positive integer) still throws.
 */
export function maxGapStudy(correct: CorrectnessMatrix, runsPerTrial: readonly number[], trials = 4): MaxGapRow[] {
  // Two trials at least, so that every row's gap exists.
  assertInteger(trials, 'maxGapStudy', 'trials', MIN_RUNS_FOR_SPREAD);
  runsPerTrial.forEach((n) => assertInteger(n, 'maxGapStudy', 'runs per trial', 1));
  const available = runCount(correct, 'maxGapStudy');
  // For a rectangular matrix, a trial's Pass@1 is the mean of its runs' Pass@1.
  const perRun = runScores(correct);

  return runsPerTrial.map((n): MaxGapRow => {
    if (trials * n > available) {
      return { runs: n, available: false, reason: `needs ${trials} × ${n} = ${trials * n} runs, only ${available} available` };
    }
    const trialScores = Array.from({ length: trials }, (_, t) => sum(perRun.slice(t * n, (t + 1) * n)) / n);
    return { runs: n, available: true, meanPass1: sum(trialScores) / trials, maxGap: span(trialScores), trialScores };
  });
}
