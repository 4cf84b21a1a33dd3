import { z } from 'zod';
import { BACKENDS, COMPLETION_LENGTH, EVAL_TEMPERATURE, SAMPLING_TEMPERATURE, TOP_P, totalSteps } from '../src/core/config';
import { MAX_SEED } from '../src/core/rng';
import { RememberedBackendSchema, type BackendReport } from '../src/core/backend-choice';
import type { ModelConfig } from '../src/core/model/config';
import type { Step } from '../src/core/tasks/problems';
import type { ExperimentConfig } from '../src/core/config';
import type { StepMetrics, StepSamples } from '../src/core/grpo/metrics';
import type { EvalPoint, RunEvent, RunOutcome } from '../src/core/training/driver';
import type { StudyProgress, StudyReport } from '../src/core/studies/run-study';
import { PRESET_SIZES } from '../src/core/presets';

/**
 * The lab worker's API, shared by both sides: the page holds a `Comlink.Remote<LabApi>`, the worker
 * implements `LabApi`. Every argument crosses a thread boundary, so the worker parses it with the
 * schemas below before use; the page may use the same schemas to check its own input early.
 */
export const InitArgsSchema = z.object({
  backend: z.enum(BACKENDS, { error: `backend must be one of ${BACKENDS.join(', ')}` }).default('auto'),
  /** The choice this browser remembers from an earlier probe (auto only). */
  remembered: RememberedBackendSchema.optional(),
});
export type InitArgs = z.input<typeof InitArgsSchema>;

/** Absolute URL of a checkpoint folder (holding manifest.json) on the page's own origin. */
export const CheckpointUrlSchema = z.url({ error: 'the checkpoint URL must be an absolute http(s) URL', protocol: /^https?$/ });

export const SampleArgsSchema = z.object({
  suite: z.string({ error: 'suite must be a suite name such as in-83' }).min(1),
  count: z.number({ error: 'count must be an integer in [1, 256]' }).int().min(1).max(256),
  temperature: z.number({ error: `temperature must be a number in [${EVAL_TEMPERATURE.min}, ${EVAL_TEMPERATURE.max}]` }).min(EVAL_TEMPERATURE.min).max(EVAL_TEMPERATURE.max),
  topP: z.number({ error: `topP must be a number in [${TOP_P.min}, ${TOP_P.max}]` }).min(TOP_P.min).max(TOP_P.max),
  maxNewTokens: z.number({ error: 'maxNewTokens must be an integer in [1, 1024]' }).int().min(1).max(1024),
  seed: z.number({ error: 'seed must be an integer in [0, 2^31 - 1]' }).int().min(0).max(MAX_SEED),
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

/**
 * The name of the error a call fails with when the GPU device went away under it. Comlink carries
 * an error's name across, so the page can tell it and restart the worker instead of failing.
 */
export const DEVICE_LOST_ERROR = 'DeviceLostError';

/** The name of the error a study fails with when stopStudy ended it; nothing of it was stored. */
export const STUDY_STOPPED_ERROR = 'StudyStoppedError';

export interface LabApi extends LabRunsApi {
  /**
   * Resolves once the worker's modules are loaded. The worker yields to its event loop between
   * TF.js reads, so a live worker answers within a fraction of a second even mid-step: the page's
   * watchdog takes a ping left unanswered for long as a dead worker.
   */
  ping(): Promise<'ready'>;
  /** Starts a TF.js backend and reports which one runs and why. */
  init(args: InitArgs): Promise<BackendReport>;
  /** Fetches and decodes a checkpoint (manifest.json + weights) and makes it the current policy. */
  loadCheckpoint(url: string): Promise<CheckpointInfo>;
  /** Samples completions for `count` problems of a suite (chosen by `seed`) and verifies them. */
  sample(args: SampleArgs): Promise<SampleResult>;
  /** Live TF.js tensors in the worker: a leak shows up here. */
  memory(): Promise<MemoryInfo>;
  /**
   * Calls `onLost` (a Comlink.proxy) once if the backend's device goes away: a lost WebGPU device
   * or a lost WebGL context. The worker is useless after that; the page restarts it elsewhere.
   */
  watchDevice(onLost: (reason: string) => void): Promise<void>;
  /** Test hook: the worker closes itself at once, without a word to the page (a crash). */
  debugCrash(): Promise<void>;
  /** Test hook: destroys the WebGPU device (or loses the WebGL context); says what it did. */
  debugLoseDevice(): Promise<string>;
}

/* ------------------------------------------------------------------------------------------ *
 * Runs, studies, persistence and the classroom view (issues: trainer, evaluator, playground). *
 * The worker owns IndexedDB; the page reads and writes runs only through this API.           *
 * ------------------------------------------------------------------------------------------ */

export const RUN_EXPORT_FORMAT = 'grpo-lab-run';
export const RUN_EXPORT_VERSION = 1;
/** Imported files larger than this are refused before parsing. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Why a file of `bytes` is refused: the one wording for the page (before reading) and the worker. */
export function tooLargeToImport(what: string, bytes: number): string {
  const megabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  // Just over the limit, both round to the same megabytes: a refusal must not read "20.0 MB; the limit is 20.0 MB".
  if (megabytes(bytes) === megabytes(MAX_IMPORT_BYTES)) return `${what} is ${bytes} bytes; the limit for an imported run is ${MAX_IMPORT_BYTES} bytes (${megabytes(MAX_IMPORT_BYTES)})`;
  return `${what} is ${megabytes(bytes)}; the limit for an imported run is ${megabytes(MAX_IMPORT_BYTES)}`;
}

/** The one spelling of a run id: in worker calls, stored runs, imported files and links (`runs=`, `irun=`). */
export const RUN_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;
export const RunIdSchema = z.string({ error: 'runId must be a string' }).regex(RUN_ID_PATTERN, { error: 'runId must be 1-100 letters, digits or . _ : -' });

/** A run's name as the runs table shows it, and the notes kept with it: the bounds every boundary checks. */
export const RunLabelSchema = z.string({ error: 'label must be a string' }).max(120, { error: 'label must be at most 120 characters' });
export const RunNotesSchema = z.string({ error: 'notes must be a string' }).max(2000, { error: 'notes must be at most 2,000 characters' });

/** Renames a stored run or changes its notes (what is left out stays). */
export const AnnotateRunArgsSchema = z.strictObject({
  runId: RunIdSchema,
  label: RunLabelSchema.transform((l) => l.trim()).optional(),
  notes: RunNotesSchema.optional(),
});
export type AnnotateRunArgs = z.input<typeof AnnotateRunArgsSchema>;

export const StartRunArgsSchema = z.object({
  runId: RunIdSchema,
  /**
   * An ExperimentConfig input; the worker parses it with ExperimentConfigSchema (errors name the
   * knob). A stored run resumes with its own config; this may be left out to resume it by id.
   */
  config: z.unknown().optional(),
  label: RunLabelSchema.optional(),
  /** The preset and arm this run belongs to, when it came from a preset. */
  presetId: z.string().max(60).optional(),
  /**
   * The preset job that trains this run, one of several side by side in the page's lab workers.
   * The page driving the job holds the job's lock and the lab's training lock, so the run takes
   * only its own; the worker refuses it unless both are held, by one page.
   */
  job: RunIdSchema.optional(),
});
export type StartRunArgs = z.input<typeof StartRunArgsSchema>;

/**
 * Who owns an active run, across the tabs of one browser profile. The worker that trains holds
 * two Web Locks, the run's and the lab's training lock (one run at a time in the whole profile);
 * the browser releases them when the tab closes or the worker dies, so a 'running' record whose
 * run lock nobody holds was left behind. The page that drives a preset holds the preset job's lock
 * and, for the whole job, the training lock: the job's runs, side by side in its lab workers, each
 * hold their run's lock only.
 */
export const LAB_LOCKS = {
  training: 'grpo-lab/training',
  runPrefix: 'grpo-lab/run/',
  run: (runId: string) => `grpo-lab/run/${runId}`,
  preset: (jobId: string) => `grpo-lab/preset/${jobId}`,
} as const;

/** The BroadcastChannel on which workers tell every tab of the origin what their runs do. */
export const RUNS_CHANNEL = 'grpo-lab/runs';

/** A run event as other tabs receive it: a step without its samples (they stay with the inspector). */
export type BroadcastRunEvent = Exclude<RunEvent, { type: 'step' }> | (Omit<Extract<RunEvent, { type: 'step' }>, 'samples'>);

export type RunsBroadcast =
  | { type: 'run-event'; event: BroadcastRunEvent }
  /** The stored runs changed otherwise (a delete, an import, a failed run): read them again. */
  | { type: 'runs-changed' };

export const RUN_STATUSES = ['running', 'paused', 'done', 'stopped', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunSummary {
  runId: string;
  label: string;
  presetId?: string;
  config: ExperimentConfig;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  /** Steps finished (their metrics are stored). */
  step: number;
  totalSteps: number;
  /** Step of the last resumable checkpoint (0: none yet). */
  checkpointStep: number;
  backend: { name: string; adapter: string };
  error?: string;
  /** Imported from a run file: it brings metrics and studies, no weights and no samples. */
  imported?: true;
  /** What the researcher wrote about the run (the runs table's notes). */
  notes?: string;
  /** A finished run: how it ended and which step's weights it kept (validation.keep), with the reason. */
  outcome?: RunOutcome;
}

/** A run before its first step: what the page shows at once and the worker stores. */
export function freshRunSummary(a: { runId: string; label: string; presetId?: string; config: ExperimentConfig; backend: RunSummary['backend']; now: string }): RunSummary {
  return {
    runId: a.runId,
    label: a.label,
    ...(a.presetId ? { presetId: a.presetId } : {}),
    config: a.config,
    status: 'running',
    createdAt: a.now,
    updatedAt: a.now,
    step: 0,
    totalSteps: totalSteps(a.config),
    checkpointStep: 0,
    backend: a.backend,
  };
}

/**
 * A preset's "Run all arms" as it goes, stored with the runs so that a reload can resume it: for
 * each arm, the run id it trains under (arms with a config), whether that run is done, and how
 * many of its studies are stored.
 */
export const PresetJobSchema = z.strictObject({
  jobId: RunIdSchema,
  presetId: z.string().min(1).max(60),
  size: z.enum(PRESET_SIZES),
  title: z.string().max(200),
  startedAt: z.string().max(40),
  status: z.enum(['running', 'stopped', 'done']),
  arms: z
    .array(z.strictObject({ label: z.string().max(120), runId: RunIdSchema.optional(), trained: z.boolean(), studiesDone: z.number().int().min(0).max(1000) }))
    .min(1)
    .max(64),
});
export type PresetJob = z.output<typeof PresetJobSchema>;

export interface RunRecord extends RunSummary {
  metrics: StepMetrics[];
  evals: EvalPoint[];
  studies: StudyReport[];
}

/** What an exported run file holds (JSON). Validated with zod on import; other versions are refused. */
export interface RunExport {
  format: typeof RUN_EXPORT_FORMAT;
  version: typeof RUN_EXPORT_VERSION;
  exportedAt: string;
  run: RunRecord;
}

export const RunStudyArgsSchema = z.object({
  /** A StudyInput; the worker parses it with StudySchema. */
  study: z.unknown(),
  /** Whose policy: the base checkpoint, or the latest checkpoint of a run. */
  policy: z.union([z.literal('base'), z.object({ runId: RunIdSchema })]).default('base'),
  /** Store the report with that run (so exports and the compare table include it). */
  attachTo: RunIdSchema.optional(),
});
export type RunStudyArgs = z.input<typeof RunStudyArgsSchema>;

/** The Classroom's ranges: the worker checks them, the page's sliders offer them and its links are read against them. */
export const CLASSROOM_RANGES = {
  numGenerations: { min: 1, max: 16 },
  numProblems: { min: 1, max: 16 },
  ops: { min: 1, max: 16 },
  temperature: SAMPLING_TEMPERATURE,
} as const;

/** A number in `range`, with one message for every way it can be wrong. */
function classroomNumber(name: string, kind: 'integer' | 'number', { min, max }: { min: number; max: number }) {
  const error = `${name} must be ${kind === 'integer' ? 'an integer' : 'a number'} in [${min}, ${max}]`;
  const n = z.number({ error });
  return (kind === 'integer' ? n.int({ error }) : n).min(min, { error }).max(max, { error });
}

export const ClassroomArgsSchema = z.object({
  numGenerations: classroomNumber('G', 'integer', CLASSROOM_RANGES.numGenerations),
  numProblems: classroomNumber('problems', 'integer', CLASSROOM_RANGES.numProblems),
  /** Operations per problem: the difficulty knob. */
  ops: classroomNumber('difficulty', 'integer', CLASSROOM_RANGES.ops),
  temperature: classroomNumber('temperature', 'number', CLASSROOM_RANGES.temperature),
  maxNewTokens: z.number().int().min(COMPLETION_LENGTH.min).max(COMPLETION_LENGTH.max).default(200),
  seed: z.number().int().min(0).max(MAX_SEED),
});
export type ClassroomArgs = z.input<typeof ClassroomArgsSchema>;

export interface ClassroomGroup {
  problemId: string;
  prompt: string;
  answer: number;
  /** The chain itself, so the page can walk a problem step by step with the task's own rule. */
  start: number;
  steps: Step[];
  samples: { text: string; correct: boolean; length: number }[];
}

/** Events of a run, as RunDriver emits them (see src/core/training/driver.ts). */
export type { RunEvent } from '../src/core/training/driver';

export interface LabRunsApi {
  /**
   * Starts (or, if a checkpoint of `runId` exists, resumes) a GRPO run from the base checkpoint and
   * resolves when it ends. One run at a time. Events arrive through `onEvent` (a Comlink.proxy).
   */
  startRun(args: StartRunArgs, onEvent: (e: RunEvent) => void): Promise<RunSummary>;
  pauseRun(): Promise<void>;
  resumeRun(): Promise<void>;
  stopRun(): Promise<void>;
  runStudy(args: RunStudyArgs, onProgress: (p: StudyProgress) => void): Promise<StudyReport>;
  /** Ends the study going in this worker between two batches; its runStudy fails with a StudyStoppedError. */
  stopStudy(): Promise<void>;
  savePresetJob(job: PresetJob): Promise<void>;
  listPresetJobs(): Promise<PresetJob[]>;
  deletePresetJob(jobId: string): Promise<void>;
  listRuns(): Promise<RunSummary[]>;
  getRun(runId: string): Promise<RunRecord | null>;
  getSamples(runId: string, step: number): Promise<StepSamples | null>;
  deleteRun(runId: string): Promise<void>;
  /** Renames a run or sets its notes; returns the stored summary. Works while it trains. */
  annotateRun(args: AnnotateRunArgs): Promise<RunSummary>;
  exportRun(runId: string): Promise<RunExport>;
  /** Validates the file (format, version, schema, size) and stores the run; changes nothing if invalid. */
  importRun(file: unknown): Promise<RunSummary>;
  /** Samples G completions for each of a few problems with the base policy, for the zero-advantage view. */
  classroom(args: ClassroomArgs): Promise<ClassroomGroup[]>;
}
