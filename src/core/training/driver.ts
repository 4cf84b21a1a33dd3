import { totalSteps, type ExperimentConfig } from '../config';
import type { Policy, WeightArrays } from '../model/policy';
import { trainingSet, buildSuite, validationSet, VALIDATION_SUITE } from '../tasks/suites';
import { GrpoTrainer, type TrainerState } from './trainer';
import type { StepMetrics, StepSamples } from '../grpo/metrics';
import { sampleSuite } from './sampling';
import type { Problem } from '../tasks/problems';
import { overRuns, passAt1, problemAccuracies, uncertainShare } from '../eval';
import { deriveSeed } from '../rng';
import { RunControl, type RunRequest } from './run-control';
import { keepCandidates, keepReason, keptIndex, plateaued, validationPoints, type KeepRule, type RunEnding } from './validation';

export { suitePoints, validationPoints } from './validation';

/**
 * Drives one GRPO run: steps the trainer, evaluates every `evaluation.every` steps (Figure 3's
 * curve) and on the validation split every `validation.every` steps, stops when validation
 * plateaus, ends with the checkpoint the keep rule picks (./validation), checkpoints every
 * `checkpointEvery` steps, obeys pause/resume/stop, and resumes from the last checkpoint of the
 * same run id. Storage is behind RunStore: IndexedDB in the browser, files or memory in Node.
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

/** How a finished run ended and which step's weights it kept (the weights of its last checkpoint). */
export interface RunOutcome {
  /** The last step trained. */
  endStep: number;
  endedBy: RunEnding;
  keep: KeepRule;
  keptStep: number;
  reason: string;
}

export interface RunCheckpoint {
  runId: string;
  config: ExperimentConfig;
  state: TrainerState;
  /** Evaluations of `evaluation.suite` and of the validation split (suite VALIDATION_SUITE), in step order. */
  evals: EvalPoint[];
  /** The validated weights the keep rule may still end with (keepCandidates), so they survive a resume. */
  candidates?: { step: number; weights: WeightArrays }[];
  /** Set once the run has finished; its state's weights are then the kept step's. */
  outcome?: RunOutcome;
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
  | { type: 'finished'; runId: string; step: number; status: 'done' | 'stopped'; outcome?: RunOutcome };

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
  private candidates = new Map<number, WeightArrays>();
  private outcome: RunOutcome | null = null;
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
      this.candidates = new Map((saved.candidates ?? []).map((c) => [c.step, c.weights]));
      this.outcome = saved.outcome ?? null;
    }
    const total = totalSteps(config);
    onEvent({ type: 'started', runId, step: trainer.step, totalSteps: total, resumed: saved !== null });
    if (!saved && config.evaluation.every > 0) await this.evaluate();
    if (!saved && config.validation.every > 0) await this.validate();
    try {
      // A run that ended on a plateau has finished although steps of its budget are left.
      while (!trainer.done && !this.outcome) {
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
        const v = config.validation;
        const plateau = v.every > 0 && (metrics.step % v.every === 0 || trainer.done) && (await this.validate());
        if (trainer.done || plateau) await this.finish(trainer.done ? 'budget' : 'plateau');
        else if (config.checkpointEvery > 0 && metrics.step % config.checkpointEvery === 0) await this.checkpoint();
      }
      if (control.request.stop && !this.outcome && !trainer.done) await this.checkpoint();
      const status = trainer.done || this.outcome ? 'done' : 'stopped';
      onEvent({ type: 'finished', runId, step: trainer.step, status, ...(this.outcome ? { outcome: this.outcome } : {}) });
      return status;
    } finally {
      trainer.dispose();
      this.reference?.dispose();
    }
  }

  private async checkpoint(): Promise<void> {
    const { runId, config, store, onEvent } = this.opts;
    const trainer = this.trainer!;
    await store.saveCheckpoint({
      runId,
      config,
      state: await trainer.state(),
      evals: this.evals,
      candidates: [...this.candidates].map(([step, weights]) => ({ step, weights })),
      ...(this.outcome ? { outcome: this.outcome } : {}),
      savedAt: new Date().toISOString(),
    });
    onEvent({ type: 'checkpoint', runId, step: trainer.step });
  }

  /**
   * The end of a run (its budget spent, or validation on a plateau): the policy takes the weights
   * of the step the keep rule picks, and the last checkpoint holds them with the outcome, so
   * studies and exports see the kept checkpoint.
   */
  private async finish(endedBy: RunOutcome['endedBy']): Promise<void> {
    const { config, policy } = this.opts;
    const v = config.validation;
    const points = validationPoints(this.evals);
    const endStep = this.step;
    let kept = { keep: 'last' as KeepRule, keptStep: endStep, reason: v.every > 0 ? keepReason(points, points.length - 1, 'last') : 'the last step (no validation: validation.every = 0)' };
    const index = v.every > 0 && v.keep !== 'last' ? keptIndex(points, v.keep) : null;
    if (index !== null) {
      const keptStep = points[index].step;
      if (keptStep !== endStep) {
        const weights = this.candidates.get(keptStep);
        if (!weights) throw new Error(`the weights of step ${keptStep}, which validation.keep = ${v.keep} picks, were not stored`);
        policy.setWeights(weights);
      }
      kept = { keep: v.keep, keptStep, reason: keepReason(points, index, v.keep) };
    }
    this.outcome = { endStep, endedBy, ...kept };
    // The kept weights are the checkpoint's own now.
    this.candidates.clear();
    await this.checkpoint();
  }

  /**
   * Scores the policy on the validation split and stores its weights while the keep rule may still
   * end with them. Every validation samples with the same seed, so two checkpoints are compared on
   * the same random draws. Returns whether validation has plateaued.
   */
  private async validate(): Promise<boolean> {
    const { config, policy } = this.opts;
    const v = config.validation;
    await this.evaluateOn(VALIDATION_SUITE, validationSet(), v.runs, deriveSeed(config.seed, 'validation'));
    const points = validationPoints(this.evals);
    const keep = new Set(keepCandidates(points, v.keep).map((i) => points[i].step));
    for (const step of [...this.candidates.keys()]) if (!keep.has(step)) this.candidates.delete(step);
    // A copy: a backend may hand out its own buffer, which later updates would overwrite.
    if (keep.has(this.step) && !this.candidates.has(this.step)) this.candidates.set(this.step, new Map([...(await policy.weights())].map(([name, w]) => [name, w.slice()])));
    return plateaued(points, v);
  }

  private async evaluate(): Promise<void> {
    const { config } = this.opts;
    const e = config.evaluation;
    await this.evaluateOn(e.suite, buildSuite(e.suite), e.runs, deriveSeed(config.seed, `eval/${this.step}`));
  }

  private async evaluateOn(suite: string, problems: Problem[], runs: number, seed: number): Promise<void> {
    const { runId, config, policy, onEvent } = this.opts;
    const e = config.evaluation;
    const step = this.step;
    const res = await sampleSuite(policy, problems, { runs, temperature: e.temperature, topP: e.topP, maxNewTokens: e.maxCompletionLength, seed });
    const lengths = res.lengths.flat();
    const point: EvalPoint = {
      step,
      suite,
      runs,
      pass1: passAt1(res.correct),
      uncertainShare: overRuns(runs, () => uncertainShare(problemAccuracies(res.correct))),
      meanLength: lengths.reduce((a, b) => a + b, 0) / lengths.length,
    };
    this.evals.push(point);
    onEvent({ type: 'eval', runId, point });
  }
}
