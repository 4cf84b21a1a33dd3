import type { ExperimentConfig } from '../../core/config';
import type { StudyReport } from '../../core/studies/run-study';
import type { Study } from '../../core/eval/studies';
import { getPreset, type Preset, type PresetSize } from '../../core/presets';
import { runArm } from '../../core/preset-arm';
import type { PresetJob, RunSummary } from '../../../workers/api';
import { runLabel } from './run-label';
import { runPool, type PoolEvent } from './pool';

/**
 * A preset's "Run all arms" as a resumable job: each arm trains under a run id fixed when the job
 * starts, and the job records what is finished (the arm's run, then its studies one by one) as it
 * goes. The record lives with the runs (the worker's store), so after a reload the job goes on with
 * the arms it had not finished: a run resumes from its checkpoint (or starts again if it had none),
 * finished studies are not run again. The arms are independent, so several lab workers take them
 * side by side (pool.ts).
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
  /** Trains (or resumes) an arm's run under its id in lab worker `slot`; null or a status other than done ends that arm. */
  train(runId: string, config: ExperimentConfig, label: string, presetId: string, slot: number): Promise<RunSummary | null>;
  /** Runs one study of the arm's policy ('base' or the arm's run id) in lab worker `slot`; null (failed or stopped) ends that arm. */
  study(study: Study, policy: 'base' | string, label: string, slot: number): Promise<StudyReport | null>;
  /** Stores the job's progress. */
  save(job: PresetJob): Promise<void>;
  /** An arm started or ended in a lab worker (see pool.ts). */
  onUnit(e: PoolEvent, job: PresetJob): void;
  /** The user stopped the job (its run's Stop). */
  cancelled(): boolean;
}

/** The arms the job still has to finish, in order: the units it hands to the lab workers. */
export function armsLeft(job: PresetJob): number[] {
  const preset = presetOf(job);
  return preset.arms.flatMap((arm, k) => ((arm.config !== undefined && !job.arms[k].trained) || job.arms[k].studiesDone < arm.studies.length ? [k] : []));
}

/**
 * Runs the job from where it stands to its end, its arms `workers` at a time (one arm per lab
 * worker; an arm's run and then its studies stay in that worker). An arm that fails or stops ends
 * alone: the others go on, and the job is stored 'stopped' with that arm left to resume. Returns
 * the status the job was stored with.
 */
export async function runPresetJob(start: PresetJob, steps: PresetJobSteps, workers = 1): Promise<PresetJob['status']> {
  const preset = presetOf(start);
  let job: PresetJob = { ...start, status: 'running' };
  // Arms end in any order: their records are written one after another, each the latest whole job.
  let writing: Promise<void> = Promise.resolve();
  const save = (next: PresetJob): Promise<void> => {
    job = next;
    const snapshot = job;
    writing = writing.then(() => steps.save(snapshot));
    return writing;
  };
  const arm = (index: number, change: Partial<PresetJob['arms'][number]>): PresetJob => ({ ...job, arms: job.arms.map((a, i) => (i === index ? { ...a, ...change } : a)) });
  await save(job);
  const results = await runPool(
    armsLeft(job),
    workers,
    (index, slot) => {
      const def = preset.arms[index];
      return runArm(def, job.arms[index], {
        train: async (runId, config) => (await steps.train(runId, config, runLabel(config), `${job.presetId}/${def.label}`, slot))?.status === 'done',
        study: (study, _index, policy) => steps.study(study, policy, `${def.label}: ${study.kind}`, slot),
        trained: () => save(arm(index, { trained: true })),
        studied: (s) => save(arm(index, { studiesDone: s + 1 })),
        cancelled: () => steps.cancelled(),
      });
    },
    { cancelled: () => steps.cancelled(), onEvent: (e) => steps.onUnit(e, job) },
  );
  const status = [...results.values()].every((r) => r.outcome === 'done') ? 'done' : 'stopped';
  await save({ ...job, status });
  return status;
}
