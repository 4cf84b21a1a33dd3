import { assertInteger } from './checks';

/**
 * Table 5's default number of runs for a suite of `suiteSize` problems: small suites get more runs
 * because each problem weighs more in the mean, so its coin flips move Pass@1 further.
 * 64 for ≤ 83 problems (AIME24/25 at 30, AMC23 at 83), 16 for ≥ 500 (MATH-500, OlympiadBench),
 * 32 in between (GPQA at 198, GaoKao at 351). The paper's 4 runs for MMLU-STEM (3018 problems)
 * is not reproduced: the lab has no suite that large.
 */
export function defaultRuns(suiteSize: number): number {
  assertInteger(suiteSize, 'defaultRuns', 'suiteSize', 1);
  if (suiteSize <= 83) return 64;
  if (suiteSize >= 500) return 16;
  return 32;
}

/**
 * The variance that evaluation noise alone adds to a suite's Pass@1 when each of its problems is
 * sampled `runs` times: problem i's mean over runs is a binomial proportion with variance
 * pᵢ(1 − pᵢ)/runs, and Pass@1 averages N of them, so Σ pᵢ(1 − pᵢ) / (runs · N²). `accuracies` are the
 * problems' true accuracies (estimated from many runs). In share², as Pass@1 is a share.
 */
export function evaluationNoiseVariance(accuracies: readonly number[], runs: number): number {
  assertInteger(runs, 'evaluationNoiseVariance', 'runs', 1);
  if (accuracies.length === 0) throw new Error('evaluationNoiseVariance: no problems');
  for (const p of accuracies) if (!(p >= 0 && p <= 1)) throw new Error(`evaluationNoiseVariance: accuracy ${p} is not in [0, 1]`);
  const N = accuracies.length;
  return accuracies.reduce((sum, p) => sum + p * (1 - p), 0) / (runs * N * N);
}
