import { z } from 'zod';
import { intKnob, numKnob, parseOrThrow } from '../knobs';
import { COMPLETION_LENGTH, DataSchema, EVAL_TEMPERATURE, ROLLOUT_SAMPLING, SAMPLING_TEMPERATURE, TOP_P, ExperimentConfigSchema, withoutRetiredKeys } from '../config';
import { MAX_SEED } from '../rng';
import { DEFAULT_NOISE_SHOTS } from '../tasks/suites';
import type { TrainedOn } from '../training/prompt-order';

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

/**
 * The training run whose problems a scorecard's fitness column scores (Table 1's "Training Set"):
 * what fixes them, as prompt-order.ts draws them. A trained arm names its own run; the base
 * checkpoint, which trained on nothing, names the run of the arms it is compared with.
 */
export const TrainedOnSchema = z.strictObject({
  data: DataSchema,
  seed: intKnob('trainedOn.seed', 0, MAX_SEED, 1, 'the run\'s seed, which orders its prompts'),
  promptsPerStep: intKnob('trainedOn.promptsPerStep', 1, 256, 8, 'the run\'s prompts per step'),
  steps: intKnob('trainedOn.steps', 1, 1_000_000, 40, 'the steps the run took'),
}) satisfies z.ZodType<TrainedOn>;

export const ScorecardStudySchema = z.object({
  kind: z.literal('scorecard'),
  runs,
  limit,
  /** Which of Table 1's column groups to evaluate. */
  groups: z.array(z.enum(SCORECARD_GROUPS)).min(1).default([...SCORECARD_GROUPS]),
  /** The shortened cap of the fitness columns (the paper's 8K against 32K). */
  fitnessMaxLength: intKnob('fitnessMaxLength', 8, 512, 96, 'length cap of the fitness columns'),
  /** The run whose problems the fitness column scores (at most 200 of them); null: the fixed sample fitness-200. */
  trainedOn: TrainedOnSchema.nullable().default(null),
  shots,
  ciLevel: numKnob('ciLevel', 0.5, 0.999, 0.95, 'bootstrap interval coverage'),
  resamples: intKnob('resamples', 10, 100_000, 1000, 'bootstrap resamples'),
  ...sampling,
});

/** One decoding the census samples its rollouts with: a training temperature (greedy would make every group all-equal) and top-p. */
const CensusSamplingSchema = z.strictObject({
  temperature: numKnob('temperature', SAMPLING_TEMPERATURE.min, SAMPLING_TEMPERATURE.max, ROLLOUT_SAMPLING.temperature, 'rollout temperature'),
  topP: numKnob('topP', TOP_P.min, TOP_P.max, ROLLOUT_SAMPLING.topP, 'rollout top-p'),
});
/** The most group sizes, decodings and rollouts per problem one census takes. */
export const CENSUS_LIMITS = { groupSizes: 8, samplings: 4, rollouts: 64 } as const;
const groupSizeError = `groupSizes must be integers in [1, ${CENSUS_LIMITS.rollouts}]`;

/**
 * Figure 2: each training problem's rollouts, rewarded 0/1, at each decoding and group size G.
 * Each problem is sampled max(groupSizes) times per decoding, once, and each G is measured on
 * disjoint groups cut from that pool (groupSizeCensus): one pool serves every G at the cost of the
 * largest, and no sample is counted twice within a G. The default compares T = 1, top-p 1 (what
 * training sampled before) with the paper's 0.6 / 0.95, at G = 4, 8 (the paper's) and 16.
 */
export const CensusStudySchema = z
  .object({
    kind: z.literal('census'),
    samplings: z
      .array(CensusSamplingSchema)
      .min(1, { error: 'samplings must list at least one temperature and top-p' })
      .max(CENSUS_LIMITS.samplings, { error: `samplings lists at most ${CENSUS_LIMITS.samplings} decodings` })
      .default(() => [{ temperature: 1, topP: 1 }, { ...ROLLOUT_SAMPLING }]),
    groupSizes: z
      .array(z.number({ error: groupSizeError }).int({ error: groupSizeError }).min(1, { error: groupSizeError }).max(CENSUS_LIMITS.rollouts, { error: groupSizeError }))
      .min(1, { error: 'groupSizes must list at least one group size' })
      .max(CENSUS_LIMITS.groupSizes, { error: `groupSizes lists at most ${CENSUS_LIMITS.groupSizes} group sizes` })
      .default([4, 8, 16]),
    data: DataSchema.default(() => DataSchema.parse({})),
    /** Evaluate only the first N problems of the training set (0: all). */
    limit: intKnob('limit', 0, 100_000, 0, 'problems to roll out (0: the whole training set)'),
    maxCompletionLength: intKnob('maxCompletionLength', COMPLETION_LENGTH.min, COMPLETION_LENGTH.max, 160, 'rollout length cap'),
    seed: sampling.seed,
    batchSize: sampling.batchSize,
  })
  .refine((s) => new Set(s.groupSizes).size === s.groupSizes.length, { error: 'groupSizes must not repeat a group size', path: ['groupSizes'] })
  .refine((s) => new Set(s.samplings.map((d) => `${d.temperature}/${d.topP}`)).size === s.samplings.length, { error: 'samplings must not repeat a temperature and top-p', path: ['samplings'] });

/** Rollouts a census samples per problem and decoding: enough for its largest group. */
export function censusRollouts(study: { groupSizes: readonly number[] }): number {
  return Math.max(...study.groupSizes);
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * A census as versions before the group sizes wrote it: `rollouts` per problem at one temperature
 * and top-p, both 1 by default then. It reads as what it measured: one group size, one decoding.
 * Anything else is left for the schema to judge.
 */
export function upgradeCensusStudy(input: unknown): unknown {
  if (!isRecord(input) || input.kind !== 'census' || !('rollouts' in input) || 'groupSizes' in input || 'samplings' in input) return input;
  const { rollouts, temperature = 1, topP = 1, ...rest } = input;
  return { ...rest, groupSizes: [rollouts], samplings: [{ temperature, topP }] };
}

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
export const StoredCensusStudySchema = z.preprocess(upgradeCensusStudy, CensusStudySchema);
export const StoredStudySchema = z.preprocess((input) => upgradeCensusStudy(withoutRetiredTrainKeys(input)), StudySchema);

/** A study someone asks for; a census in the earlier form (`rollouts` at one temperature) reads as it always did. */
export function parseStudy(input: unknown, where = 'study'): Study {
  return parseOrThrow(StudySchema, upgradeCensusStudy(input), where);
}
