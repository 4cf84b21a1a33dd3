import { z } from 'zod';
import { SAMPLE_FILTERS } from '../config';

/**
 * The ranges metric values can take, defined once for every schema that holds them (step metrics,
 * evaluation points, study results). zod's numbers already refuse NaN and ±Infinity; these add the
 * bounds, so an imported 1e308 accuracy or a negative length is refused, not charted.
 */
/** A share, an accuracy or a Pass@1: in [0, 1]. */
export const shareValue = z.number().min(0, { error: 'must be a share in [0, 1]' }).max(1, { error: 'must be a share in [0, 1]' });
/** A length in tokens, a norm, a duration: ≥ 0. */
export const nonNegativeValue = z.number().nonnegative({ error: 'must be ≥ 0' });
/** A count of problems, runs, samples or tokens: an integer ≥ 0. */
export const countValue = z.number().int({ error: 'must be an integer ≥ 0' }).nonnegative({ error: 'must be an integer ≥ 0' });
/** A difference of two shares (a scorecard delta, a gap): in [-1, 1]. */
export const shareDelta = z.number().min(-1, { error: 'must be in [-1, 1]' }).max(1, { error: 'must be in [-1, 1]' });

/** What one GRPO step reports. Validated where it crosses a boundary (worker → page, import); unknown keys are refused by name. */
export const StepMetricsSchema = z.strictObject({
  step: z.number().int().positive(),
  stage: z.number().int().nonnegative(),
  sampleFilter: z.enum(SAMPLE_FILTERS),
  maxCompletionLength: z.number().int().positive(),
  /** Mean reward of online samples (verification + RLR). */
  reward: z.number(),
  /** Share of online samples the verifier accepts. */
  accuracy: shareValue,
  meanLength: nonNegativeValue,
  meanLengthCorrect: nonNegativeValue,
  /** Share of samples cut at maxCompletionLength before EOS. */
  truncatedShare: shareValue,
  /** Figure 2: shares of groups whose rewards are all equal, split by cause, and the rest. */
  allCorrectShare: shareValue,
  allWrongShare: shareValue,
  otherEqualShare: shareValue,
  effectiveShare: shareValue,
  /** Figure 6: samples the update actually used, by sign of advantage. */
  positiveUsed: countValue,
  negativeUsed: countValue,
  injected: countValue,
  loss: z.number(),
  gradNorm: nonNegativeValue,
  clipFraction: shareValue,
  kl: z.number(),
  entropy: nonNegativeValue,
  tokensUsed: countValue,
  /** True when nothing carried a gradient (no kept sample with a non-zero advantage, beta = 0). */
  skippedUpdate: z.boolean(),
  secondsSampling: nonNegativeValue,
  secondsScoring: nonNegativeValue,
  secondsUpdating: nonNegativeValue,
});
export type StepMetrics = z.infer<typeof StepMetricsSchema>;

export interface SampleRecord {
  text: string;
  tokens: number[];
  length: number;
  correct: boolean;
  reward: number;
  advantage: number;
  kept: boolean;
  offPolicy: boolean;
  /** log π_old of each token as sampled (at the sampling temperature); empty for injected samples. */
  logprobs: number[];
  /** Weight of each of this sample's token terms in the loss (the aggregation's normaliser); 0 when not kept. */
  tokenWeight: number;
  /** π_θ/π_old per token in the last of several updates (numIterations > 1), where clipping can act. */
  ratios?: number[];
}

export interface StepSamples {
  step: number;
  groups: { problemId: string; prompt: string; answer: number; samples: SampleRecord[] }[];
}
