import { z } from 'zod';
import { boolKnob, enumKnob, explainUnknownKey, intKnob, numKnob, parseOrThrow } from './knobs';
import { MAX_SEED } from './rng';
import { SUITE_NAMES, TRAINING_SOURCES, VALIDATION_SUITE } from './tasks/suites';
import { DEFAULT_LUFFY_GAMMA, LUFFY_MAX_WEIGHT_OFF } from './grpo/luffy';
import { KEEP_RULES } from './training/validation';

/**
 * ExperimentConfig: the one schema of a GRPO run. It is the single source of defaults and
 * validation for the page's form, the URL, worker messages, the CLI flags, presets and imported
 * files. Knob names follow TRL's GRPOConfig (camelCased) where one exists, else the paper's.
 * Every group is a strict object: a key the schema does not know (`numGenerationz`,
 * `rlr.enabeld`) is refused by its path, at every boundary, instead of being dropped.
 */
export const SAMPLE_FILTERS = ['both', 'positive', 'negative'] as const;
export type SampleFilter = (typeof SAMPLE_FILTERS)[number];
export const LOSS_TYPES = ['grpo', 'dapo', 'dr_grpo'] as const;
export type LossType = (typeof LOSS_TYPES)[number];
export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** Completion lengths in tokens, wherever a length is capped: a stage, an evaluation, a study, the Classroom. */
export const COMPLETION_LENGTH = { min: 8, max: 512 } as const;
/** Sampling temperatures while training, and in the Classroom, which samples as training does. */
export const SAMPLING_TEMPERATURE = { min: 0.05, max: 2 } as const;
/** Evaluation temperatures, wherever a policy is scored: 0 is greedy decoding. */
export const EVAL_TEMPERATURE = { min: 0, max: 2 } as const;
/** Top-p (nucleus) wherever a policy samples: training, evaluation, studies. */
export const TOP_P = { min: 0.01, max: 1 } as const;
/**
 * How rollouts are decoded by default: T = 0.6, top-p 0.95, as the paper generates and as the
 * DeepScaleR recipe it trains with samples its rollouts. At T = 1 the base policy's groups are
 * rarely all right or all wrong, so the zero-advantage problem the paper is about shows far less
 * (README, "Rollout temperature"). Training and the Classroom, which samples as training does, use it.
 */
export const ROLLOUT_SAMPLING = { temperature: 0.6, topP: 0.95 } as const;

export const StageSchema = z.strictObject({
  maxCompletionLength: intKnob('maxCompletionLength', COMPLETION_LENGTH.min, COMPLETION_LENGTH.max, 160, 'longest completion sampled in this stage, in tokens'),
  sampleFilter: enumKnob('sampleFilter', SAMPLE_FILTERS, 'both', 'which samples update the policy: both, positive (A > 0) or negative (A < 0) only'),
  steps: intKnob('steps', 1, 100_000, 40, 'GRPO steps in this stage'),
  lengthReward: boolKnob('lengthReward', true, 'add the relative length reward in this stage when rlr.enabled; off: a plain stage, such as the RL training RLR starts from (Table 3 starts RLR from an RL-trained model)'),
});
export type Stage = z.infer<typeof StageSchema>;

/** The most stages one run may list. */
export const MAX_STAGES = 16;

export const RlrSchema = z.strictObject({
  enabled: boolKnob('rlr.enabled', false, 'add the relative length reward (Eq. 6-7)'),
  alpha: numKnob('rlr.alpha', 0, 1, 0.75, 'groups with accuracy >= alpha get the length reward'),
  lambda: numKnob('rlr.lambda', 0.001, 10_000, 20, 'length difference (tokens) worth one unit of reward', 1),
  epsUp: numKnob('rlr.epsUp', -10, 10, 1, 'upper clip of the length reward'),
  epsLow: numKnob('rlr.epsLow', -10, 10, -0.5, 'lower clip of the length reward'),
}).refine((r) => r.epsLow <= r.epsUp, { error: 'rlr.epsLow must not exceed rlr.epsUp', path: ['epsLow'] });

export const InjectionSchema = z.strictObject({
  enabled: boolKnob('injection.enabled', false, 'replace online samples of hard problems with verified teacher solutions (Section 4.3)'),
  gamma: numKnob('injection.gamma', 0, 1, 0.125, 'inject when the online accuracy of a group is <= gamma'),
  numOffline: intKnob('injection.numOffline', 1, 64, 4, 'at most this many offline solutions per problem (K)'),
  luffy: boolKnob('injection.luffy', false, "use LUFFY's policy-shaped loss on injected samples; nothing else changes (std scaling stays scaleRewards, the normaliser lossType)"),
  luffyGamma: numKnob('injection.luffyGamma', 0.001, 10, DEFAULT_LUFFY_GAMMA, "LUFFY's shaping f(p) = p / (p + gamma) of an injected token's probability (its p_div_p_0.1)", 0.001),
  luffyMaxWeight: numKnob('injection.luffyMaxWeight', 0.01, LUFFY_MAX_WEIGHT_OFF, LUFFY_MAX_WEIGHT_OFF, "clamp LUFFY's weight f(p) on injected tokens at this (its off_policy_max_clip; 1: off, since f(p) < 1)"),
});

export const DataSchema = z
  .strictObject({
    source: enumKnob('data.source', TRAINING_SOURCES, 'generated', 'generated: seeded chains with minOps..maxOps operations; hard: the measured hard set (problems the base solves < 25 % of the time; minOps/maxOps do not apply)'),
    trainSize: intKnob('data.trainSize', 1, 100_000, 4000, 'problems in the training set (the first ones of the hard set)'),
    minOps: intKnob('data.minOps', 1, 24, 2, 'fewest operations in a generated training problem'),
    maxOps: intKnob('data.maxOps', 1, 24, 10, 'most operations in a generated training problem'),
  })
  .refine((d) => d.minOps <= d.maxOps, { error: 'data.minOps must not exceed data.maxOps', path: ['minOps'] });

/** Suites Figure 3's curve may follow: the validation split has its own group (validation.every), whose points share the run's evaluation list. */
const CURVE_SUITES = SUITE_NAMES.filter((n) => n !== VALIDATION_SUITE) as [string, ...string[]];

export const EvalDuringTrainingSchema = z.strictObject({
  every: intKnob('evaluation.every', 0, 100_000, 0, 'evaluate every N steps (0: never)'),
  suite: enumKnob('evaluation.suite', CURVE_SUITES, 'in-30', 'suite evaluated during training'),
  runs: intKnob('evaluation.runs', 1, 256, 4, 'sampled runs per problem'),
  temperature: numKnob('evaluation.temperature', EVAL_TEMPERATURE.min, EVAL_TEMPERATURE.max, 0.6, 'evaluation temperature (0: greedy)'),
  topP: numKnob('evaluation.topP', TOP_P.min, TOP_P.max, 0.95, 'evaluation top-p'),
  maxCompletionLength: intKnob('evaluation.maxCompletionLength', COMPLETION_LENGTH.min, COMPLETION_LENGTH.max, 200, 'evaluation length cap'),
});

/**
 * Validation-driven training (Appendix B.3, B.4): every N steps the policy is scored on the
 * validation split (the training distribution, disjoint from the training set and every suite);
 * the run stops when that plateaus and ends with the checkpoint the keep rule picks. Sampling
 * (temperature, top-p, length cap) is the evaluation group's. Off by default: an evaluation of the
 * split costs about as much sampling as a dozen default steps.
 */
export const ValidationSchema = z.strictObject({
  every: intKnob('validation.every', 0, 100_000, 0, 'evaluate on the validation split every N steps (0: never, and the run keeps its last step)'),
  runs: intKnob('validation.runs', 1, 64, 4, 'sampled runs per validation problem'),
  patience: intKnob('validation.patience', 0, 1000, 3, 'P: stop once the last P validations are no more than minImprovement points above the best before them (0: never stop early)'),
  minImprovement: numKnob('validation.minImprovement', 0, 100, 1, 'X: Pass@1 points the best must rise by within the last P validations to go on', 0.1),
  keep: enumKnob('validation.keep', KEEP_RULES, 'best', 'the checkpoint a finished run ends with: best validation Pass@1 (B.3), the shortest within 1 point of it (B.4, for RLR), or the last step'),
});

export const ExperimentConfigSchema = z.strictObject({
  name: z.string().max(120).default('custom'),
  seed: intKnob('seed', 0, MAX_SEED, 1, 'seeds sampling, prompt order and injection choices'),
  data: DataSchema.default(() => DataSchema.parse({})),
  numGenerations: intKnob('numGenerations', 1, 64, 8, 'G: samples per prompt'),
  promptsPerStep: intKnob('promptsPerStep', 1, 256, 8, 'prompts in one GRPO batch'),
  temperature: numKnob('temperature', SAMPLING_TEMPERATURE.min, SAMPLING_TEMPERATURE.max, ROLLOUT_SAMPLING.temperature, 'sampling temperature during training (the paper: 0.6)'),
  topP: numKnob('topP', TOP_P.min, TOP_P.max, ROLLOUT_SAMPLING.topP, 'top-p during training (the paper: 0.95)'),
  epsilon: numKnob('epsilon', 0, 1, 0.2, 'clip range ε of the surrogate (Eq. 2)'),
  epsilonHigh: numKnob('epsilonHigh', 0, 1, 0.2, 'upper clip range (DAPO clip-higher); equal to epsilon for plain GRPO'),
  beta: numKnob('beta', 0, 10, 0.001, 'weight of the k3 KL to the reference policy (DeepScaleR: 0.001)', 0.001),
  numIterations: intKnob('numIterations', 1, 16, 1, 'μ: updates per sampled batch'),
  miniBatches: intKnob('miniBatches', 1, 16, 2, 'optimizer steps each sampled batch is split into (DeepScaleR: 2); the later ones are off-policy, so the clip acts'),
  scaleRewards: boolKnob('scaleRewards', true, 'divide advantages by the group std (Eq. 1)'),
  lossType: enumKnob('lossType', LOSS_TYPES, 'grpo', 'grpo: sequence mean then mean; dapo: token mean; dr_grpo: sum / (sequences × max length)'),
  learningRate: numKnob('learningRate', 1e-7, 1, 2e-5, 'Adam learning rate (Adam moves every weight by about this much per step, so RL on a small policy wants it small)', 1e-6),
  maxGradNorm: numKnob('maxGradNorm', 0, 1000, 1, 'clip the global gradient norm (0: off)', 0.1),
  microBatchSize: intKnob('microBatchSize', 1, 512, 16, 'sequences per forward/backward pass (memory, not maths)'),
  stages: z.array(StageSchema).min(1, { error: 'stages must list at least one stage' }).max(MAX_STAGES).default(() => [StageSchema.parse({})]),
  rlr: RlrSchema.default(() => RlrSchema.parse({})),
  injection: InjectionSchema.default(() => InjectionSchema.parse({})),
  evaluation: EvalDuringTrainingSchema.default(() => EvalDuringTrainingSchema.parse({})),
  validation: ValidationSchema.default(() => ValidationSchema.parse({})),
  checkpointEvery: intKnob('checkpointEvery', 0, 100_000, 10, 'save a resumable checkpoint every N steps (0: only at the end)'),
});

/**
 * Keys earlier versions wrote into every config although nothing read them: the backend is the
 * page's (`?backend=`) or the runner's (`--backend`), and every run starts from the checkpoint the
 * page loaded. A config someone writes is refused for naming them; a record written by an earlier
 * version (an exported run, a results folder's plan) drops them, so it still reads.
 */
const RETIRED_KEYS = {
  backend: 'not a config key: choose the TF.js backend with --backend (runner) or ?backend= (page)',
  init: 'not a config key: every run starts from the base checkpoint the page loaded (?checkpoint=)',
} as const;
for (const [key, why] of Object.entries(RETIRED_KEYS)) explainUnknownKey(key, why);

/** A config as an earlier version wrote it, without the retired keys; anything but an object is left for the schema to refuse. */
export function withoutRetiredKeys(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const rest = { ...(input as Record<string, unknown>) };
  for (const key of Object.keys(RETIRED_KEYS)) delete rest[key];
  return rest;
}

/** ExperimentConfigSchema for configs this app wrote earlier: the retired keys are dropped first. */
export const StoredConfigSchema = z.preprocess(withoutRetiredKeys, ExperimentConfigSchema);

export type ExperimentConfig = z.output<typeof ExperimentConfigSchema>;
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;

export function parseExperimentConfig(input: unknown, where = 'config'): ExperimentConfig {
  return parseOrThrow(ExperimentConfigSchema, input, where);
}

export function defaultExperimentConfig(): ExperimentConfig {
  return ExperimentConfigSchema.parse({});
}

export function totalSteps(config: ExperimentConfig): number {
  return config.stages.reduce((n, s) => n + s.steps, 0);
}

/** The stage that step `step` (0-based) belongs to, and its index. */
export function stageAt(config: ExperimentConfig, step: number): { stage: Stage; index: number } {
  let left = step;
  for (let i = 0; i < config.stages.length; i++) {
    if (left < config.stages[i].steps) return { stage: config.stages[i], index: i };
    left -= config.stages[i].steps;
  }
  return { stage: config.stages[config.stages.length - 1], index: config.stages.length - 1 };
}
