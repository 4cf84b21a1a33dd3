import { describe, expect, it } from 'vitest';
import { parseExperimentConfig, type ExperimentConfig } from './config';
import { parseStudy, type Study } from './eval/studies';
import { runArm, type ArmProgress, type ArmSteps } from './preset-arm';
import type { StudyReport } from './studies/run-study';

const config = parseExperimentConfig({});
const studies = [parseStudy({ kind: 'pass1' }), parseStudy({ kind: 'scorecard' })];
const trains = { label: 'Both', config, studies };
const base = { label: 'Orig', studies };

/** Steps that log what runArm asks, in order; `train` and `study` answer from the given lists. */
function logged(answers: { trained?: boolean; reports?: (StudyReport | null)[]; cancelAfter?: number } = {}): { steps: ArmSteps; log: string[] } {
  const log: string[] = [];
  let studied = 0;
  const steps: ArmSteps = {
    train: async (runId: string, c: ExperimentConfig) => {
      log.push(`train ${runId} ${c === config ? 'arm config' : 'other config'}`);
      return answers.trained ?? true;
    },
    study: async (study: Study, index: number, policy: string) => {
      log.push(`study ${index} ${study.kind} on ${policy}`);
      return answers.reports ? answers.reports[index] : ({ kind: study.kind } as unknown as StudyReport);
    },
    trained: async () => void log.push('record trained'),
    studied: async (index: number, report: StudyReport) => {
      studied++;
      log.push(`record study ${index} (${report.kind})`);
    },
    cancelled: () => answers.cancelAfter !== undefined && studied >= answers.cancelAfter,
  };
  return { steps, log };
}

const fresh: ArmProgress = { runId: 'job-arm1', trained: false, studiesDone: 0 };

describe('runArm', () => {
  it('trains the arm, then runs each study on the run it trained, recording each as it finishes', async () => {
    const { steps, log } = logged();
    expect(await runArm(trains, fresh, steps)).toBe('done');
    expect(log).toEqual(['train job-arm1 arm config', 'record trained', 'study 0 pass1 on job-arm1', 'record study 0 (pass1)', 'study 1 scorecard on job-arm1', 'record study 1 (scorecard)']);
  });

  it('goes on where an earlier attempt stopped: a trained run is not started again, finished studies not run again', async () => {
    const { steps, log } = logged();
    expect(await runArm(trains, { ...fresh, trained: true, studiesDone: 1 }, steps)).toBe('done');
    expect(log).toEqual(['study 1 scorecard on job-arm1', 'record study 1 (scorecard)']);
    const again = logged();
    expect(await runArm(trains, { ...fresh, trained: true, studiesDone: 2 }, again.steps)).toBe('done');
    expect(again.log).toEqual([]);
  });

  it('an arm without training studies the base checkpoint', async () => {
    const { steps, log } = logged();
    expect(await runArm(base, { trained: false, studiesDone: 0 }, steps)).toBe('done');
    expect(log).toEqual(['study 0 pass1 on base', 'record study 0 (pass1)', 'study 1 scorecard on base', 'record study 1 (scorecard)']);
  });

  it('a run that did not reach its end stops the arm before any study, and is not recorded as trained', async () => {
    const { steps, log } = logged({ trained: false });
    expect(await runArm(trains, fresh, steps)).toBe('stopped');
    expect(log).toEqual(['train job-arm1 arm config']);
  });

  it('a study that failed or was stopped ends the arm there, unrecorded, and the next study does not run', async () => {
    const { steps, log } = logged({ reports: [null, { kind: 'scorecard' } as unknown as StudyReport] });
    expect(await runArm(base, { trained: false, studiesDone: 0 }, steps)).toBe('stopped');
    expect(log).toEqual(['study 0 pass1 on base']);
  });

  it('a cancel between two studies stops before the next one', async () => {
    const { steps, log } = logged({ cancelAfter: 1 });
    expect(await runArm(trains, fresh, steps)).toBe('stopped');
    expect(log).toEqual(['train job-arm1 arm config', 'record trained', 'study 0 pass1 on job-arm1', 'record study 0 (pass1)']);
  });

  it('refuses an arm that trains but has no run id to train under', async () => {
    await expect(runArm(trains, { trained: false, studiesDone: 0 }, logged().steps)).rejects.toThrow('the arm Both trains a run, so it needs a run id');
  });
});
