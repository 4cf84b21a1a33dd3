import { z } from 'zod';
import { BACKENDS } from '../src/core/config';
import type { BackendReport } from '../src/core/backend';
import type { ModelConfig } from '../src/core/model/config';

/**
 * The lab worker's API, shared by both sides: the page holds a `Comlink.Remote<LabApi>`, the worker
 * implements `LabApi`. Every argument crosses a thread boundary, so the worker parses it with the
 * schemas below before use; the page may use the same schemas to check its own input early.
 */
export const InitArgsSchema = z.object({
  backend: z.enum(BACKENDS, { error: `backend must be one of ${BACKENDS.join(', ')}` }).default('auto'),
  /** Budget of the auto probe per backend, in milliseconds. */
  probeBudgetMs: z.number({ error: 'probeBudgetMs must be a number of milliseconds in [10, 10000]' }).int().min(10).max(10_000).optional(),
});
export type InitArgs = z.input<typeof InitArgsSchema>;

/** Absolute URL of a checkpoint folder (holding manifest.json) on the page's own origin. */
export const CheckpointUrlSchema = z.url({ error: 'the checkpoint URL must be an absolute http(s) URL', protocol: /^https?$/ });

export const SampleArgsSchema = z.object({
  suite: z.string({ error: 'suite must be a suite name such as in-83' }).min(1),
  count: z.number({ error: 'count must be an integer in [1, 256]' }).int().min(1).max(256),
  temperature: z.number({ error: 'temperature must be a number in [0, 2]' }).min(0).max(2),
  topP: z.number({ error: 'topP must be a number in (0, 1]' }).gt(0).max(1),
  maxNewTokens: z.number({ error: 'maxNewTokens must be an integer in [1, 1024]' }).int().min(1).max(1024),
  seed: z.number({ error: 'seed must be an integer in [0, 2^31 - 1]' }).int().min(0).max(2 ** 31 - 1),
});
export type SampleArgs = z.input<typeof SampleArgsSchema>;

export interface CheckpointInfo {
  url: string;
  modelConfig: ModelConfig;
  parameterCount: number;
  /** Where the weights came from (script, seed, steps, data), as written by the checkpoint's maker. */
  provenance: Record<string, unknown>;
}

export interface Sample {
  problemId: string;
  prompt: string;
  /** The ground-truth answer. */
  answer: number;
  /** The completion as text (special tokens dropped). */
  text: string;
  /** The verifier's verdict (Eq. 5). */
  correct: boolean;
  /** Completion length in tokens, EOS included when the policy stopped by itself. */
  length: number;
  /** False when the completion was cut at maxNewTokens. */
  finished: boolean;
}

export interface SampleResult {
  samples: Sample[];
  /** Wall time of the sampling call inside the worker. */
  elapsedMs: number;
}

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
}

export interface LabApi {
  /** Resolves once the worker's modules are loaded. */
  ping(): Promise<'ready'>;
  /** Starts a TF.js backend and reports which one runs and why. */
  init(args: InitArgs): Promise<BackendReport>;
  /** Fetches and decodes a checkpoint (manifest.json + weights) and makes it the current policy. */
  loadCheckpoint(url: string): Promise<CheckpointInfo>;
  /** Samples completions for `count` problems of a suite (chosen by `seed`) and verifies them. */
  sample(args: SampleArgs): Promise<SampleResult>;
  /** Live TF.js tensors in the worker: a leak shows up here. */
  memory(): Promise<MemoryInfo>;
}
