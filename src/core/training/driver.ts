import { totalSteps, type ExperimentConfig } from '../config';
import { Policy } from '../model/policy';
import { trainingSet, buildSuite } from '../tasks/suites';
import { GrpoTrainer, type TrainerState } from './trainer';
import type { StepMetrics, StepSamples } from '../grpo/metrics';
import { sampleSuite } from './sampling';
import { overRuns, passAt1, problemAccuracies, uncertainShare } from '../eval';
import { deriveSeed } from '../rng';
import { RunControl, type RunRequest } from './run-control';

/**
 * Drives one GRPO run: steps the trainer, evaluates every `evaluation.every` steps (Figure 3's
 * curve), checkpoints every `checkpointEvery` steps, obeys pause/resume/stop, and resumes from the
 * last checkpoint of the same run id. Storage is behind RunStore: IndexedDB in the browser, files
 * or memory in Node.
 */
export interface EvalPoint {
  step: number;
  suite: string;
  runs: number;
  pass1: number;
  /** Share of problems between always and never solved; null with one run (it cannot disagree with itself). */
  uncertainShare: number | null;
  meanLength: number;
}

export interface RunCheckpoint {
  runId: string;
  config: ExperimentConfig;
  state: TrainerState;
  evals: EvalPoint[];
  savedAt: string;
}

export interface RunStore {
  loadCheckpoint(runId: string): Promise<RunCheckpoint | null>;
  saveCheckpoint(checkpoint: RunCheckpoint): Promise<void>;
  /** Every finished step's metrics, written at once so a crash loses none of them. */
  saveStep(runId: string, metrics: StepMetrics, samples: StepSamples): Promise<void>;
}

export type RunEvent =
  | { type: 'started'; runId: string; step: number; totalSteps: number; resumed: boolean }
  | { type: 'step'; runId: string; metrics: StepMetrics; totalSteps: number; samples: StepSamples }
  | { type: 'eval'; runId: string; point: EvalPoint }
  | { type: 'checkpoint'; runId: string; step: number }
  /** A pause, resume or stop reached the run: what is asked of it now (it takes effect between steps). */
  | ({ type: 'control'; runId: string } & RunRequest)
  | { type: 'paused'; runId: string; step: number }
  | { type: 'resumed'; runId: string; step: number }
  | { type: 'finished'; runId: string; step: number; status: 'done' | 'stopped' };

export class InMemoryRunStore implements RunStore {
  readonly checkpoints = new Map<string, RunCheckpoint>();
  readonly steps = new Map<string, StepMetrics[]>();
  async loadCheckpoint(runId: string): Promise<RunCheckpoint | null> {
    const c = this.checkpoints.get(runId);
    return c ? structuredClone(c) : null;
  }
  async saveCheckpoint(c: RunCheckpoint): Promise<void> {
    this.checkpoints.set(c.runId, structuredClone(c));
  }
  async saveStep(runId: string, metrics: StepMetrics): Promise<void> {
    const list = this.steps.get(runId) ?? [];
    this.steps.set(runId, [...list.filter((m) => m.step < metrics.step), metrics]);
  }
}

export interface DriverOptions {
  runId: string;
  config: ExperimentConfig;
  /** The starting policy (the base checkpoint); the driver trains it in place. */
  policy: Policy;
  store: RunStore;
  onEvent: (e: RunEvent) => void;
  /** Where pause, resume and stop come from (the worker's RunManager creates it before the driver exists). */
  control?: RunControl;
}

export class RunDriver {
  private trainer: GrpoTrainer | null = null;
  private reference: Policy | null = null;
  private evals: EvalPoint[] = [];
  /** Pause, resume and stop of this run: the caller's control when it gave one, else the driver's own. */
  readonly control: RunControl;

  constructor(private readonly opts: DriverOptions) {
    this.control = opts.control ?? new RunControl();
  }

  get step(): number {
    return this.trainer?.step ?? 0;
  }

  async run(): Promise<'done' | 'stopped'> {
    const { runId, config, policy, store, onEvent } = this.opts;
    const control = this.control;
    const saved = await store.loadCheckpoint(runId);
    // The KL reference is the starting policy, copied before a checkpoint overwrites the weights.
    if (config.beta > 0) this.reference = await policy.frozenCopy();
    const trainer = new GrpoTrainer({ config, policy, trainSet: trainingSet(config.data), ...(this.reference ? { reference: this.reference } : {}) });
    this.trainer = trainer;
    if (saved) {
      await trainer.restore(saved.state);
      this.evals = saved.evals;
    }
    const total = totalSteps(config);
    onEvent({ type: 'started', runId, step: trainer.step, totalSteps: total, resumed: saved !== null });
    if (!saved && config.evaluation.every > 0) await this.evaluate();
    try {
      while (!trainer.done) {
        if (control.request.pause) {
          onEvent({ type: 'paused', runId, step: trainer.step });
          await control.whilePaused();
          if (!control.request.stop) onEvent({ type: 'resumed', runId, step: trainer.step });
        }
        if (control.request.stop) break;
        const { metrics, samples } = await trainer.runStep();
        await store.saveStep(runId, metrics, samples);
        onEvent({ type: 'step', runId, metrics, totalSteps: total, samples });
        const every = config.evaluation.every;
        if (every > 0 && (metrics.step % every === 0 || trainer.done)) await this.evaluate();
        if (trainer.done || (config.checkpointEvery > 0 && metrics.step % config.checkpointEvery === 0)) await this.checkpoint();
      }
      if (control.request.stop) await this.checkpoint();
      const status = trainer.done ? 'done' : 'stopped';
      onEvent({ type: 'finished', runId, step: trainer.step, status });
      return status;
    } finally {
      trainer.dispose();
      this.reference?.dispose();
    }
  }

  private async checkpoint(): Promise<void> {
    const { runId, config, store, onEvent } = this.opts;
    const trainer = this.trainer!;
    await store.saveCheckpoint({ runId, config, state: await trainer.state(), evals: this.evals, savedAt: new Date().toISOString() });
    onEvent({ type: 'checkpoint', runId, step: trainer.step });
  }

  private async evaluate(): Promise<void> {
    const { runId, config, policy, onEvent } = this.opts;
    const e = config.evaluation;
    const step = this.step;
    const res = await sampleSuite(policy, buildSuite(e.suite), {
      runs: e.runs,
      temperature: e.temperature,
      topP: e.topP,
      maxNewTokens: e.maxCompletionLength,
      seed: deriveSeed(config.seed, `eval/${step}`),
    });
    const lengths = res.lengths.flat();
    const point: EvalPoint = {
      step,
      suite: e.suite,
      runs: e.runs,
      pass1: passAt1(res.correct),
      uncertainShare: overRuns(e.runs, () => uncertainShare(problemAccuracies(res.correct))),
      meanLength: lengths.reduce((a, b) => a + b, 0) / lengths.length,
    };
    this.evals.push(point);
    onEvent({ type: 'eval', runId, point });
  }
}
