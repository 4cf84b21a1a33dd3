import { z } from 'zod';
import { SAMPLE_FILTERS } from '../config';

/** What one GRPO step reports. Validated where it crosses a boundary (worker → page, import). */
export const StepMetricsSchema = z.object({
  step: z.number().int().positive(),
  stage: z.number().int().nonnegative(),
  sampleFilter: z.enum(SAMPLE_FILTERS),
  maxCompletionLength: z.number().int().positive(),
  /** Mean reward of online samples (verification + RLR). */
  reward: z.number(),
  /** Share of online samples the verifier accepts. */
  accuracy: z.number(),
  meanLength: z.number(),
  meanLengthCorrect: z.number(),
  /** Share of samples cut at maxCompletionLength before EOS. */
  truncatedShare: z.number(),
  /** Figure 2: shares of groups whose rewards are all equal, split by cause, and the rest. */
  allCorrectShare: z.number(),
  allWrongShare: z.number(),
  otherEqualShare: z.number(),
  effectiveShare: z.number(),
  /** Figure 6: samples the update actually used, by sign of advantage. */
  positiveUsed: z.number().int().nonnegative(),
  negativeUsed: z.number().int().nonnegative(),
  injected: z.number().int().nonnegative(),
  loss: z.number(),
  gradNorm: z.number(),
  clipFraction: z.number(),
  kl: z.number(),
  entropy: z.number(),
  tokensUsed: z.number().int().nonnegative(),
  /** True when nothing carried a gradient (no kept sample with a non-zero advantage, beta = 0). */
  skippedUpdate: z.boolean(),
  secondsSampling: z.number(),
  secondsScoring: z.number(),
  secondsUpdating: z.number(),
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
