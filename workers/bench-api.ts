import { z } from 'zod';
import { BACKENDS } from '../src/core/config';
import type { BackendReport } from '../src/core/backend';

/**
 * The base policy's shape (vocabulary: the default character tokenizer's; other fields: the schema's
 * defaults); timed with random weights.
 */
export const BENCH_MODEL = { contextLength: 320, nLayer: 3, nHead: 4, dModel: 96, dFF: 384, positional: 'rope' } as const;

/** The benchmark worker's API: one backend per worker, timed on the same work the lab does. */
export const BenchArgsSchema = z.object({
  backend: z.enum(BACKENDS.filter((b) => b !== 'auto') as ['webgpu', 'webgl', 'wasm', 'cpu'], { error: 'backend must be one of webgpu, webgl, wasm, cpu' }),
  /** Sequences sampled together with the KV cache (a GRPO batch: prompts × G). */
  sampleBatch: z.number().int().min(1).max(512),
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
  }),
  /** Run a measurement once untimed first (shader compilation, allocation). */
  warmup: z.object({ sample: z.boolean(), compare: z.boolean(), train: z.boolean() }),
  /** Stop repeating a measurement once this much time went into it (one repetition always runs). */
  budgetMs: z.number().int().min(1).max(3_600_000),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
});
export type BenchArgs = z.input<typeof BenchArgsSchema>;

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
  /** Completion tokens produced per second: batch × newTokens / median time. */
  tokensPerSecond: number;
}

/** A measurement, or why it failed (the others still run). */
export type Measured<T> = ({ ok: true } & T) | { ok: false; error: string };

export interface BenchResult {
  backend: BackendReport;
  crossOriginIsolated: boolean;
  /** Sampling with the KV cache (`sampleTokens`) at sampleBatch. */
  sampling: Measured<SamplingTiming>;
  /**
   * At compareBatch: the KV cache (`sampleTokens`) against re-running the whole prefix every step
   * (`sampleTokensRecompute`); null when skipped.
   */
  compare: { cached: Measured<SamplingTiming>; recompute: Measured<SamplingTiming> } | null;
  /** One GRPO-sized update: teacher-forced masked NLL, gradients of every parameter, one Adam step. */
  trainStep: Measured<Timing>;
  /** Tensors alive in the worker before and after, to catch leaks in what was measured. */
  tensorsBefore: number;
  tensorsAfter: number;
}

export interface BenchApi {
  /** `onProgress` hears which measurement starts, for long runs. */
  run(args: BenchArgs, onProgress?: (message: string) => void): Promise<BenchResult>;
}
