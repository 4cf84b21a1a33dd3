import { z } from 'zod';
import { intKnob, numKnob, parseOrThrow } from '../knobs';
import { COMPLETION_LENGTH, DataSchema, EVAL_TEMPERATURE, TOP_P, ExperimentConfigSchema, withoutRetiredKeys } from '../config';
import { MAX_SEED } from '../rng';
import { DEFAULT_NOISE_SHOTS } from '../tasks/suites';

/**
 * The evaluator's studies (Section 5; Tables 1, 4, 5, 7; Figures 2, 4, 5), each described by a
 * zod schema so the page, the worker and the headless runner ask for them the same way. Every
 * study returns plain JSON with the config, seeds and backend that made it.
 */
const sampling = {
  temperature: numKnob('temperature', EVAL_TEMPERATURE.min, EVAL_TEMPERATURE.max, 0.6, 'evaluation temperature (0: greedy)'),
  topP: numKnob('topP', TOP_P.min, TOP_P.max, 0.95, 'evaluation top-p'),
  maxCompletionLength: intKnob('maxCompletionLength', COMPLETION_LENGTH.min, COMPLETION_LENGTH.max, 240, 'evaluation length cap, in tokens'),
  seed: intKnob('seed', 0, MAX_SEED, 1, 'seeds the evaluation samples'),
  batchSize: intKnob('batchSize', 1, 4096, 256, 'rows decoded together'),
};
/** Noise shots for the N1/N2 suites (Appendix D; the paper used 20 for 1.5B models). */
const shots = intKnob('shots', 0, 16, DEFAULT_NOISE_SHOTS, 'distractor blocks in noisy prompts');
/** Runs per problem; 0 means the default for the suite's size (Table 5). */
const runs = intKnob('runs', 0, 1024, 0, 'samples per problem (0: Table 5 default for the suite size)');
/** The first N problems of each suite only (0: all): what makes a preset's quick size take seconds. */
const limit = intKnob('limit', 0, 100_000, 0, 'problems of each suite to score, the first N (0: all)');

export const Pass1StudySchema = z.object({
  kind: z.literal('pass1'),
  suite: z.string().default('in-30'),
  runs,
  limit,
  shots,
  ciLevel: numKnob('ciLevel', 0.5, 0.999, 0.95, 'bootstrap interval coverage'),
  resamples: intKnob('resamples', 10, 100_000, 2000, 'bootstrap resamples'),
  ...sampling,
});

export const MaxGapStudySchema = z.object({
  kind: z.literal('maxGap'),
  suite: z.string().default('in-30'),
  runsPerTrial: z.array(z.number().int().min(1).max(1024)).min(1).default([4, 8, 16, 32, 64, 96, 128]),
  trials: intKnob('trials', 2, 16, 4, 'independent trials per number of runs'),
  shots,
  ...sampling,
});

export const TemperatureSweepSchema = z.object({
  kind: z.literal('temperatureSweep'),
  suite: z.string().default('in-30'),
  temperatures: z.array(z.number().min(EVAL_TEMPERATURE.min).max(EVAL_TEMPERATURE.max)).min(1).default([0, 0.2, 0.4, 0.6, 0.8, 1.0]),
  runs: intKnob('runs', 1, 1024, 16, 'runs per temperature'),
  shots,
  ...sampling,
});

export const GreedyStudySchema = z.object({
  kind: z.literal('greedy'),
  suite: z.string().default('in-30'),
  runs: intKnob('runs', 1, 1024, 32, 'sampled runs for the sampled distribution'),
  /** Greedy decodes of the same problems in batches of these sizes (the paper's Q2). */
  batchSizes: z.array(z.number().int().min(1).max(4096)).min(1).default([1, 8, 64]),
  /** Backends to repeat the greedy decode on, besides the current one. */
  backends: z.array(z.enum(['cpu', 'wasm', 'webgl', 'webgpu'])).default(['cpu']),
  shots,
  ...sampling,
});

export const PerturbationStudySchema = z.object({
  kind: z.literal('perturbation'),
  suite: z.string().default('in-30'),
  /** The single GRPO step (Figure 5d): its config, with one stage of one step. */
  train: ExperimentConfigSchema.default(() => ExperimentConfigSchema.parse({ stages: [{ steps: 1 }] })),
  shots,
  ...sampling,
});

export const SCORECARD_GROUPS = ['reasoning', 'fitness', 'generalisation', 'robustness'] as const;

export const ScorecardStudySchema = z.object({
  kind: z.literal('scorecard'),
  runs,
  limit,
  /** Which of Table 1's column groups to evaluate. */
  groups: z.array(z.enum(SCORECARD_GROUPS)).min(1).default([...SCORECARD_GROUPS]),
  /** The shortened cap of the fitness columns (the paper's 8K against 32K). */
  fitnessMaxLength: intKnob('fitnessMaxLength', 8, 512, 96, 'length cap of the fitness columns'),
  shots,
  ciLevel: numKnob('ciLevel', 0.5, 0.999, 0.95, 'bootstrap interval coverage'),
  resamples: intKnob('resamples', 10, 100_000, 1000, 'bootstrap resamples'),
  ...sampling,
});

export const CensusStudySchema = z.object({
  kind: z.literal('census'),
  /** Rollouts per training problem (Figure 2 uses 8). */
  rollouts: intKnob('rollouts', 1, 64, 8, 'rollouts per training problem'),
  data: DataSchema.default(() => DataSchema.parse({})),
  /** Evaluate only the first N problems of the training set (0: all). */
  limit: intKnob('limit', 0, 100_000, 0, 'problems to roll out (0: the whole training set)'),
  ...sampling,
  temperature: numKnob('temperature', EVAL_TEMPERATURE.min, EVAL_TEMPERATURE.max, 1, 'rollout temperature (training uses 1)'),
  topP: numKnob('topP', TOP_P.min, TOP_P.max, 1, 'rollout top-p'),
  maxCompletionLength: intKnob('maxCompletionLength', COMPLETION_LENGTH.min, COMPLETION_LENGTH.max, 160, 'rollout length cap'),
});

export const StudySchema = z.discriminatedUnion('kind', [
  Pass1StudySchema,
  MaxGapStudySchema,
  TemperatureSweepSchema,
  GreedyStudySchema,
  PerturbationStudySchema,
  ScorecardStudySchema,
  CensusStudySchema,
]);
export type Study = z.output<typeof StudySchema>;
export type StudyInput = z.input<typeof StudySchema>;
export type StudyKind = Study['kind'];
/** The study kinds, as a schema of their own (stored and exported reports name theirs). */
export const StudyKindSchema = z.enum(StudySchema.options.map((o) => o.shape.kind.value) as [StudyKind, ...StudyKind[]]);

/**
 * A study as an earlier version stored it (in a report, an exported run, a results folder): a
 * perturbation study's training config was written with the retired backend and init keys, which
 * are dropped as StoredConfigSchema drops them. A study someone asks for now is read by StudySchema.
 */
function withoutRetiredTrainKeys(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || !('train' in input)) return input;
  return { ...input, train: withoutRetiredKeys(input.train) };
}
export const StoredPerturbationStudySchema = z.preprocess(withoutRetiredTrainKeys, PerturbationStudySchema);
export const StoredStudySchema = z.preprocess(withoutRetiredTrainKeys, StudySchema);

export function parseStudy(input: unknown, where = 'study'): Study {
  return parseOrThrow(StudySchema, input, where);
}
