/**
 * Evaluation metrics on plain numbers (no TF.js, no model): Pass@1 / pass@k over runs, the
 * accuracy distribution and uncertain share (Table 4, Figure 5), max gap across trials
 * (Figure 4, Table 7), bootstrap intervals, default run counts (Table 5), greedy flips
 * (Figure 5d) and the scorecard deltas of Table 1.
 */
export type { CorrectnessMatrix } from './checks';
export { problemAccuracies, passAt1, runScores, passAtK, meanPassAtK, suitePassAtK, readoutK, problemPassAtK } from './passAtK';
export { ACCURACY_BIN_EDGES, ACCURACY_BIN_LABELS, EDGE_TOLERANCE, accuracyHistogram, uncertainShare } from './accuracyBins';
export { meanStd, bootstrapCI, overRuns, MIN_RUNS_FOR_SPREAD, NEEDS_RUNS, type MeanStd, type BootstrapOptions } from './stats';
export { maxGap, maxGapStudy, type MaxGapRow } from './maxGap';
export { defaultRuns, evaluationNoiseVariance } from './runs';
export { greedyFlips, type GreedyFlips } from './greedy';
export { scoreDelta, formatDelta, rankMarks, type RankMark } from './scorecard';
