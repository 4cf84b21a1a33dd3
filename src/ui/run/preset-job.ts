import type { ExperimentConfig } from '../../core/config';
import type { StudyReport } from '../../core/studies/run-study';
import type { Study } from '../../core/eval/studies';
import { getPreset, type Preset, type PresetSize } from '../../core/presets';
import { runArm } from '../../core/preset-arm';
import type { PresetJob, RunSummary } from '../../../workers/api';
import { runLabel } from './run-label';

/**
 * A preset's "Run all arms" as a resumable job: each arm trains under a run id fixed when the job
 * starts, and the job records what is finished (the arm's run, then its studies one by one) as it
 * goes. The record lives with the runs (the worker's store), so after a reload the job goes on from
 * the arm it was in: its run resumes from its checkpoint (or starts again if it had none), its
 * finished studies are not run again, and the remaining arms follow.
 */
export function newPresetJob(presetId: string, size: PresetSize, jobId: string, now: string): PresetJob {
  const preset = getPreset(presetId, size);
  return {
    jobId,
    presetId,
    size,
    title: preset.title,
    startedAt: now,
    status: 'running',
    arms: preset.arms.map((a, i) => ({ label: a.label, ...(a.config ? { runId: `${jobId}-arm${i}` } : {}), trained: false, studiesDone: 0 })),
  };
}

/** The arm the job goes on with (index), or null when every arm is finished. */
export function nextArm(job: PresetJob): number | null {
  const preset = presetOf(job);
  const i = preset.arms.findIndex((arm, k) => (arm.config !== undefined && !job.arms[k].trained) || job.arms[k].studiesDone < arm.studies.length);
  return i < 0 ? null : i;
}

/** The preset a job runs, checked against the job: a preset whose arms changed since cannot go on. */
export function presetOf(job: PresetJob): Preset {
  const preset = getPreset(job.presetId, job.size);
  const same = preset.arms.length === job.arms.length && preset.arms.every((a, i) => a.label === job.arms[i].label && (a.config !== undefined) === (job.arms[i].runId !== undefined));
  if (!same) throw new Error(`the preset ${job.presetId} has other arms than when this job started; start it again`);
  return preset;
}

export interface PresetJobSteps {
  /** Trains (or resumes) an arm's run under its id; null or a status other than done ends the job. */
  train(runId: string, config: ExperimentConfig, label: string, presetId: string): Promise<RunSummary | null>;
  /** Runs one study of the arm's policy ('base' or the arm's run id); null (failed or stopped) ends the job. */
  study(study: Study, policy: 'base' | string, label: string): Promise<StudyReport | null>;
  /** Stores the job's progress. */
  save(job: PresetJob): Promise<void>;
  onArm(index: number, job: PresetJob): void;
  /** The user stopped the job (its run's Stop). */
  cancelled(): boolean;
}

/** Runs the job from where it stands to its end; returns the status it was stored with. */
export async function runPresetJob(start: PresetJob, steps: PresetJobSteps): Promise<PresetJob['status']> {
  const preset = presetOf(start);
  let job: PresetJob = { ...start, status: 'running' };
  const save = async (next: PresetJob) => {
    job = next;
    await steps.save(job);
  };
  const arm = (index: number, change: Partial<PresetJob['arms'][number]>): PresetJob => ({ ...job, arms: job.arms.map((a, i) => (i === index ? { ...a, ...change } : a)) });
  const end = async (status: PresetJob['status']) => {
    await save({ ...job, status });
    return status;
  };
  await save(job);
  for (let index = nextArm(job); index !== null; index = nextArm(job)) {
    if (steps.cancelled()) return end('stopped');
    const def = preset.arms[index];
    steps.onArm(index, job);
    const outcome = await runArm(def, job.arms[index], {
      train: async (runId, config) => (await steps.train(runId, config, runLabel(config), `${job.presetId}/${def.label}`))?.status === 'done',
      study: (study, _index, policy) => steps.study(study, policy, `${def.label}: ${study.kind}`),
      trained: () => save(arm(index, { trained: true })),
      studied: (s) => save(arm(index, { studiesDone: s + 1 })),
      cancelled: () => steps.cancelled(),
    });
    if (outcome === 'stopped') return end('stopped');
  }
  return end('done');
}
