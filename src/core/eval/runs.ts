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
