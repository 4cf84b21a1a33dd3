import { uncertainShare } from './accuracyBins';
import type { CorrectnessMatrix } from './checks';
import { maxGap } from './maxGap';
import { problemAccuracies, runScores } from './passAtK';
import { meanStd, overRuns } from './stats';

/**
 * How much the runs of one evaluation disagree (Figure 4a, Table 4). Each part is null with a
 * single run, where it does not exist (a single run puts every problem at 0 or 1 and has no
 * second score to differ from); a 0 here always means runs that agreed.
 */
export interface RunSpread {
  /** Pass@1 of each single run. */
  runScores: number[];
  runStd: number | null;
  /** Largest difference between two single runs. */
  maxRunGap: number | null;
  /** Share of problems right in some runs and wrong in others: accuracy in [0.2, 0.8). */
  uncertainShare: number | null;
}

export function runSpread(correct: CorrectnessMatrix): RunSpread {
  const scores = runScores(correct);
  return {
    runScores: scores,
    runStd: meanStd(scores).std,
    maxRunGap: maxGap(scores),
    uncertainShare: overRuns(scores.length, () => uncertainShare(problemAccuracies(correct))),
  };
}
