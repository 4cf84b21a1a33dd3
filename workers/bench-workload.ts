import { parseExperimentConfig, type ExperimentConfig } from '../src/core/config';
import type { StepMetrics } from '../src/core/grpo/metrics';
import type { GrpoStepSample, GrpoStepTiming, ParsedBenchArgs } from './bench-api';

/**
 * The arithmetic of the benchmark worker's GRPO-step and Pass@1 measurements: the trainer config it
 * times, and how timed steps and sampled suites are summarised. Pure (no TF.js), so it is unit-tested
 * in Node; the timing itself is not.
 */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * The GRPO run the step measurement times: the default preset's hyperparameters with its batch
 * (`grpo`), one stage long enough for `steps` steps, and with gradient `injection` one teacher
 * solution per problem (see GRPO_GRADIENTS), so random weights still get an update.
 */
export function grpoBenchConfig(grpo: ParsedBenchArgs['grpoStep'], steps: number, seed: number): ExperimentConfig {
  return parseExperimentConfig(
    {
      name: `bench/grpo-step/${grpo.gradient}`,
      seed,
      promptsPerStep: grpo.promptsPerStep,
      numGenerations: grpo.numGenerations,
      stages: [{ maxCompletionLength: grpo.maxCompletionLength, sampleFilter: 'both', steps }],
      ...(grpo.gradient === 'injection' ? { injection: { enabled: true, numOffline: 1 } } : {}),
      evaluation: { every: 0 },
    },
    'bench grpoStep',
  );
}

/** One timed step as the benchmark reports it: the trainer's own part timings and the wall-clock total. */
export function grpoStepSample(m: StepMetrics, totalSeconds: number): GrpoStepSample {
  return {
    sampling: m.secondsSampling,
    scoring: m.secondsScoring,
    updating: m.secondsUpdating,
    total: totalSeconds,
    skippedUpdate: m.skippedUpdate,
    injected: m.injected,
    tokensUsed: m.tokensUsed,
    meanLength: m.meanLength,
    truncatedShare: m.truncatedShare,
  };
}

/** Medians of each part over the timed steps, how many of them skipped the update, and the update's median size. */
export function summariseGrpoSteps(steps: readonly GrpoStepSample[]): Pick<GrpoStepTiming, 'median' | 'skippedUpdates' | 'medianTokensUsed'> {
  const of = (part: keyof GrpoStepTiming['median']) => median(steps.map((s) => s[part]));
  return {
    median: { sampling: of('sampling'), scoring: of('scoring'), updating: of('updating'), total: of('total') },
    skippedUpdates: steps.filter((s) => s.skippedUpdate).length,
    medianTokensUsed: median(steps.map((s) => s.tokensUsed)),
  };
}

/**
 * Full-batch decode steps of one `sampleSuite` pass. Its rows are run-major (run r of every
 * problem, then run r + 1) and decoded `batchSize` at a time; a batch runs until its longest row
 * stops, so it costs that row's length in steps. `lengths[problem][run]` as SuiteResult gives them.
 */
export function suiteDecodeSteps(lengths: readonly (readonly number[])[], batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  const problems = lengths.length;
  const runs = problems ? lengths[0].length : 0;
  if (lengths.some((l) => l.length !== runs)) throw new Error('every problem must have the same number of runs');
  let steps = 0;
  for (let start = 0; start < problems * runs; start += batchSize) {
    let longest = 0;
    for (let k = start; k < Math.min(start + batchSize, problems * runs); k++) longest = Math.max(longest, lengths[k % problems][Math.floor(k / problems)]);
    steps += longest;
  }
  return steps;
}

/**
 * The most decode steps a pass can take: every batch runs to the cap, which the context window may
 * lower (`longestPrompt` tokens plus BOS must fit in front of the completion).
 */
export function suiteMaxDecodeSteps(rows: number, batchSize: number, maxNewTokens: number, contextLength: number, longestPrompt: number): number {
  return Math.ceil(rows / batchSize) * Math.min(maxNewTokens, contextLength - 1 - longestPrompt);
}
