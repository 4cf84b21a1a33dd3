import type { ExperimentConfig } from './config';
import type { Study } from './eval/studies';
import type { Arm } from './presets';
import type { StudyReport } from './studies/run-study';

/**
 * How one arm of a preset runs, for the page's "Run all arms" and the headless runner alike: its
 * GRPO run (trained, or resumed from its checkpoint, under the arm's run id), then each study of
 * the policy that run ends with (the base checkpoint for an arm without training), in order. What
 * an earlier attempt finished is skipped, so both go on with an arm where it stopped. The callers
 * only say how a run is trained, how a study is run and where progress is recorded.
 */
export interface ArmProgress {
  /** The run the arm trains under; absent for an arm without training. */
  runId?: string;
  /** The arm's run ran to its end in an earlier attempt: it is not started again. */
  trained: boolean;
  /** The arm's first `studiesDone` studies are finished. */
  studiesDone: number;
}

export interface ArmSteps {
  /** Trains or resumes the arm's run; true when it ran to its end, false when it stopped or failed. */
  train(runId: string, config: ExperimentConfig): Promise<boolean>;
  /** Runs study `index` on `policy` ('base', or the arm's run id: the report is the run's); null when it failed or was stopped. */
  study(study: Study, index: number, policy: 'base' | string): Promise<StudyReport | null>;
  /** Records that the arm's run is trained. */
  trained?(): Promise<void>;
  /** Records that study `index` is finished, with its report. */
  studied?(index: number, report: StudyReport): Promise<void>;
  /** The user stopped the work: asked before each study. */
  cancelled?(): boolean;
}

/** Runs `arm` from `progress` to its end ('done') or to the first thing that did not finish ('stopped'). */
export async function runArm(arm: Pick<Arm, 'label' | 'config' | 'studies'>, progress: ArmProgress, steps: ArmSteps): Promise<'done' | 'stopped'> {
  const { runId } = progress;
  if (arm.config && runId === undefined) throw new Error(`the arm ${arm.label} trains a run, so it needs a run id`);
  if (arm.config && !progress.trained) {
    if (!(await steps.train(runId!, arm.config))) return 'stopped';
    await steps.trained?.();
  }
  for (let index = progress.studiesDone; index < arm.studies.length; index++) {
    if (steps.cancelled?.()) return 'stopped';
    const report = await steps.study(arm.studies[index], index, arm.config ? runId! : 'base');
    if (!report) return 'stopped';
    await steps.studied?.(index, report);
  }
  return 'done';
}
