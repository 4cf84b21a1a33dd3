import { z } from 'zod';
import { BACKENDS, defaultExperimentConfig, EVAL_TEMPERATURE, TOP_P } from '../src/core/config';
import type { BackendReport } from '../src/core/backend';
import { Pass1StudySchema } from '../src/core/eval/studies';
import { defaultRuns } from '../src/core/eval/runs';
import { intKnob, numKnob, enumKnob } from '../src/core/knobs';
import { MAX_SEED } from '../src/core/rng';
import { SUITE_NAMES, suiteSpec } from '../src/core/tasks/suites';

/**
 * The base policy's shape (vocabulary: the default character tokenizer's; other fields: the schema's
 * defaults); timed with random weights.
 */
export const BENCH_MODEL = { contextLength: 320, nLayer: 3, nHead: 4, dModel: 96, dFF: 384, positional: 'rope' } as const;

/** The default preset's GRPO batch: the schema's defaults (8 prompts × 8 generations, one stage capped at 160 tokens). */
const TRAIN_DEFAULTS = defaultExperimentConfig();
/** The Pass@1 study's defaults (temperature 0.6, top-p 0.95, 240 new tokens, 256 rows per batch). */
export const PASS1_DEFAULTS = Pass1StudySchema.parse({ kind: 'pass1' });

/**
 * How the timed GRPO step gets a gradient. Random weights almost never answer correctly, so every
 * group is all-wrong, every advantage 0 and the trainer skips the update (RLR does not help: it only
 * rewards correct samples). `injection` turns on offline injection with one teacher solution per
 * problem (K = 1): each all-wrong group swaps one of its G samples for a verified teacher trace, so
 * rewards differ and the update runs over all prompts × G rows, as in a step of the plain preset
 * where some group has a gradient. `none` runs the preset as is (the update is then usually skipped).
 */
export const GRPO_GRADIENTS = ['injection', 'none'] as const;
export type GrpoGradient = (typeof GRPO_GRADIENTS)[number];

/** The GRPO step's batch; defaults: the default preset's (see TRAIN_DEFAULTS). */
export const GrpoStepArgsSchema = z.object({
  promptsPerStep: intKnob('grpoStep.promptsPerStep', 1, 256, TRAIN_DEFAULTS.promptsPerStep, 'prompts per GRPO step'),
  numGenerations: intKnob('grpoStep.numGenerations', 1, 64, TRAIN_DEFAULTS.numGenerations, 'G: samples per prompt'),
  maxCompletionLength: intKnob('grpoStep.maxCompletionLength', 8, 512, TRAIN_DEFAULTS.stages[0].maxCompletionLength, "the one stage's length cap, in tokens"),
  gradient: enumKnob('grpoStep.gradient', GRPO_GRADIENTS, 'injection', 'how the update gets a gradient with random weights'),
});

/** An evaluation suite by name, in-30 by default, as the config's evaluation.suite reads one. */
const suiteKnob = (name: string) => enumKnob(name, SUITE_NAMES, 'in-30', 'an evaluation suite');

/** Pass@1 over many runs (`sampleSuite`); defaults: the Pass@1 study's (see PASS1_DEFAULTS), 64 runs (Table 5, for 30 problems). */
export const Pass1ArgsSchema = z.object({
  suite: suiteKnob('pass1.suite'),
  runs: intKnob('pass1.runs', 1, 1024, defaultRuns(suiteSpec('in-30').size), 'samples per problem'),
  temperature: numKnob('pass1.temperature', EVAL_TEMPERATURE.min, EVAL_TEMPERATURE.max, PASS1_DEFAULTS.temperature, 'sampling temperature (0: greedy)'),
  topP: numKnob('pass1.topP', TOP_P.min, TOP_P.max, PASS1_DEFAULTS.topP, 'top-p'),
  maxNewTokens: intKnob('pass1.maxNewTokens', 1, 512, PASS1_DEFAULTS.maxCompletionLength, 'length cap, in tokens'),
  batchSize: intKnob('pass1.batchSize', 1, 4096, PASS1_DEFAULTS.batchSize, 'rows decoded together'),
});

/** A backend the bench worker runs on: one named backend, never `auto` (a fallback would measure another). */
export const BenchBackendSchema = z.enum(BACKENDS.filter((b) => b !== 'auto') as ['webgpu', 'webgl', 'wasm', 'cpu'], { error: 'backend must be one of webgpu, webgl, wasm, cpu' });
export type BenchBackend = z.output<typeof BenchBackendSchema>;

/** The benchmark worker's API: one backend per worker, timed on the same work the lab does. */
export const BenchArgsSchema = z.object({
  backend: BenchBackendSchema,
  /** Sequences sampled together with the KV cache (a GRPO batch: prompts × G). */
  sampleBatch: z.number().int().min(1).max(512),
  /** Sequences sampled together at the evaluation batch (the Pass@1 study's rows per batch); null skips it. */
  evalBatch: z.number().int().min(1).max(512).nullable().default(null),
  /** Batch of the cache-versus-recompute comparison (smaller: recomputing is slow). */
  compareBatch: z.number().int().min(1).max(512),
  /** Completion length; every row must reach it (see BenchResult.sampling). */
  newTokens: z.number().int().min(1).max(1024),
  /** Sequences in the train step (a GRPO batch: prompts × G). */
  trainBatch: z.number().int().min(1).max(512),
  /** Tokens per sequence in the train step, prompt included. */
  trainSeqLen: z.number().int().min(8).max(1024),
  reps: z.object({
    sample: z.number().int().min(1).max(20),
    /** 0 skips the cache-versus-recompute comparison. */
    compare: z.number().int().min(0).max(20),
    train: z.number().int().min(1).max(20),
    /** Timed GRPO steps (`GrpoTrainer.runStep`); 0 skips them. The untimed warm-up step follows `warmup.train`. */
    grpoStep: intKnob('reps.grpoStep', 0, 20, 3, 'timed GRPO steps (0: skip)'),
    /** Timed Pass@1 passes (`sampleSuite`, no warm-up); 0 skips them. */
    pass1: intKnob('reps.pass1', 0, 5, 1, 'timed Pass@1 passes (0: skip)'),
  }),
  /** Run a measurement once untimed first (shader compilation, allocation); `train` also covers the GRPO step. */
  warmup: z.object({ sample: z.boolean(), compare: z.boolean(), train: z.boolean() }),
  /** The GRPO step's batch; defaults: the default preset's. */
  grpoStep: GrpoStepArgsSchema.default(() => GrpoStepArgsSchema.parse({})),
  /** Pass@1 over many runs; defaults: the Pass@1 study's, with Table 5's 64 runs for in-30. */
  pass1: Pass1ArgsSchema.default(() => Pass1ArgsSchema.parse({})),
  /** Stop repeating a measurement once this much time went into it (one repetition always runs). */
  budgetMs: z.number().int().min(1).max(3_600_000),
  seed: z.number().int().min(0).max(MAX_SEED).default(1),
});
export type BenchArgs = z.input<typeof BenchArgsSchema>;
export type ParsedBenchArgs = z.output<typeof BenchArgsSchema>;

export interface Timing {
  /** Milliseconds of the untimed warm-up run (shader compilation, first allocations); null without warm-up. */
  warmupMs: number | null;
  /** Milliseconds of each timed repetition. */
  ms: number[];
  /** Median of `ms`. */
  medianMs: number;
}

export interface SamplingTiming extends Timing {
  batch: number;
  /** The sampling seed the timed calls used (the probe's pick; see the bench worker). */
  seed: number;
  /** Full-batch decode steps per call: the longest row's tokens, newTokens at most. */
  decodeSteps: number;
  /** Decode throughput: batch × decodeSteps / median time. */
  tokensPerSecond: number;
}

/** One timed GRPO step, from its StepMetrics (seconds). */
export interface GrpoStepSample {
  /** StepMetrics.secondsSampling: G completions for every prompt. */
  sampling: number;
  /** StepMetrics.secondsScoring: verifier (+ RLR), injection, advantages, sample filter. */
  scoring: number;
  /** StepMetrics.secondsUpdating: losses, gradients and the Adam step (about 0 when skipped). */
  updating: number;
  /** Wall-clock seconds of the whole `runStep()`. */
  total: number;
  skippedUpdate: boolean;
  /** Teacher solutions swapped in (gradient `injection`). */
  injected: number;
  /** Completion tokens the update ran over. */
  tokensUsed: number;
  /** Mean completion length of the online samples, in tokens. */
  meanLength: number;
  /** Share of completions cut at the length cap. */
  truncatedShare: number;
}

export interface GrpoStepTiming {
  promptsPerStep: number;
  numGenerations: number;
  maxCompletionLength: number;
  /** Which config gave the update its gradient (see GRPO_GRADIENTS). */
  gradient: GrpoGradient;
  /** Wall-clock seconds of the untimed warm-up step; null without warm-up. */
  warmupSeconds: number | null;
  steps: GrpoStepSample[];
  /** Medians over `steps`, each part on its own (so they need not add up to `total`). */
  median: { sampling: number; scoring: number; updating: number; total: number };
  /** Timed steps whose update was skipped (no group carried a gradient): their `updating` measures nothing. */
  skippedUpdates: number;
  /**
   * Median completion tokens the update ran over. The update's cost grows with it, and random weights
   * write short completions (they stop at a random EOS), so a trained policy's longer ones cost more.
   */
  medianTokensUsed: number;
}

export interface Pass1Timing extends Timing {
  /** The shipped base checkpoint when the page could load it (the lengths a real policy writes), else random weights. */
  weights: 'base checkpoint' | 'random';
  suite: string;
  problems: number;
  runs: number;
  temperature: number;
  topP: number;
  maxNewTokens: number;
  batchSize: number;
  /** Completion tokens sampled in one pass (EOS included), the same every repetition (same seed). */
  completionTokens: number;
  /** completionTokens / median seconds. */
  tokensPerSecond: number;
  /**
   * Full-batch decode steps of one pass: the longest row of each batch, summed. A batch costs as many
   * steps as its longest row, so this equals `maxDecodeSteps` whenever some row of every batch reached
   * the cap — then the time is the worst case for any weights.
   */
  decodeSteps: number;
  maxDecodeSteps: number;
  /** Pass@1 of the random policy (about 0); measured to include verification in the time. */
  pass1: number;
}

/** A measurement, or why it failed (the others still run). */
export type Measured<T> = ({ ok: true } & T) | { ok: false; error: string };

export interface BenchResult {
  backend: BackendReport;
  crossOriginIsolated: boolean;
  /** Sampling with the KV cache (`sampleTokens`) at sampleBatch. */
  sampling: Measured<SamplingTiming>;
  /** The same at evalBatch; null when skipped. */
  samplingEval: Measured<SamplingTiming> | null;
  /**
   * At compareBatch: the KV cache (`sampleTokens`) against re-running the whole prefix every step
   * (`sampleTokensRecompute`); null when skipped.
   */
  compare: { cached: Measured<SamplingTiming>; recompute: Measured<SamplingTiming> } | null;
  /** One GRPO-sized update: teacher-forced masked NLL, gradients of every parameter, one Adam step. */
  trainStep: Measured<Timing>;
  /** A real GRPO step (`GrpoTrainer.runStep`) on a fresh copy of the bench policy, split into its parts; null when skipped. */
  grpoStep: Measured<GrpoStepTiming> | null;
  /** Pass@1 over many runs (`sampleSuite`, as the Pass@1 study samples); null when skipped. */
  pass1: Measured<Pass1Timing> | null;
  /** Tensors alive in the worker before and after, to catch leaks in what was measured. */
  tensorsBefore: number;
  tensorsAfter: number;
}

/**
 * The cross-backend parity check: the shipped base checkpoint on one backend, scored on a fixed
 * batch the same way on every backend, so the page can compare backends number for number.
 */
export const ParityArgsSchema = z.strictObject({
  backend: BenchBackendSchema,
  suite: suiteKnob('suite'),
  problems: intKnob('problems', 1, 64, 4, "the suite's first problems: their prompts and concise teacher solutions"),
  maxNewTokens: intKnob('maxNewTokens', 1, 512, 48, 'length cap of the greedy completions, in tokens'),
});
export type ParityArgs = z.input<typeof ParityArgsSchema>;

export interface ParityResult {
  backend: BackendReport;
  suite: string;
  /** The problems scored, in order. */
  problemIds: string[];
  /**
   * Teacher forcing on [BOS, prompt, concise teacher solution, EOS]: log π(token) of each completion
   * token (`tokenLogprobs` at temperature 1, the completion mask's positions), one array per problem.
   */
  logprobs: number[][];
  /** Greedy completions (temperature 0, the lab's KV-cache sampler) of the same prompts: token ids, EOS included when a row stopped. */
  greedy: number[][];
  /** The same completions as text. */
  greedyTexts: string[];
  maxNewTokens: number;
  /** Tensors alive in the worker before loading the checkpoint and after disposing it: equal unless something leaked. */
  tensorsBefore: number;
  tensorsAfter: number;
}

export interface BenchApi {
  /** `onProgress` hears which measurement starts, for long runs. */
  run(args: BenchArgs, onProgress?: (message: string) => void): Promise<BenchResult>;
  /** The parity check's numbers on one backend (see ParityArgsSchema). */
  parity(args: ParityArgs): Promise<ParityResult>;
}
