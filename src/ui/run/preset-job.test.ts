import { describe, expect, it } from 'vitest';
import { getPreset } from '../../core/presets';
import type { PresetJob, RunSummary } from '../../../workers/api';
import { armsLeft, newPresetJob, nextArm, presetOf, runPresetJob, type PresetJobSteps } from './preset-job';

/** Steps that record what the job asks for; `stopAt` makes that call fail as a stopped run or study would. */
function recorder(stopAt?: string) {
  const calls: string[] = [];
  const saved: PresetJob[] = [];
  const steps: PresetJobSteps = {
    async train(runId, config) {
      calls.push(`train ${runId}`);
      return calls.at(-1) === stopAt ? null : ({ runId, status: 'done', config } as RunSummary);
    },
    async study(study, policy) {
      calls.push(`study ${policy} ${study.kind}`);
      return calls.at(-1) === stopAt ? null : { kind: study.kind, study, backend: { name: 'cpu', adapter: '' }, startedAt: '', seconds: 0, result: {} };
    },
    async save(job) {
      saved.push(structuredClone(job));
    },
    onUnit() {},
    cancelled: () => false,
  };
  return { calls, saved, steps };
}

describe('a preset job', () => {
  const preset = getPreset('pos-neg', 'quick');
  const fresh = () => newPresetJob('pos-neg', 'quick', 'preset-x', '2025-01-01T00:00:00.000Z');

  it('fixes a run id per trained arm and starts at the first arm', () => {
    const job = fresh();
    expect(job.arms.map((a) => a.label)).toEqual(preset.arms.map((a) => a.label));
    expect(job.arms.map((a) => a.runId)).toEqual(preset.arms.map((a, i) => (a.config ? `preset-x-arm${i}` : undefined)));
    expect(nextArm(job)).toBe(0);
  });

  it('runs every arm, its run then its studies, and ends done', async () => {
    const { calls, saved, steps } = recorder();
    expect(await runPresetJob(fresh(), steps)).toBe('done');
    const expected = preset.arms.flatMap((a, i) => [...(a.config ? [`train preset-x-arm${i}`] : []), ...a.studies.map((s) => `study ${a.config ? `preset-x-arm${i}` : 'base'} ${s.kind}`)]);
    expect(calls).toEqual(expected);
    expect(saved.at(-1)!.status).toBe('done');
    expect(nextArm(saved.at(-1)!)).toBeNull();
  });

  it('stopped in an arm, is stored as stopped with that arm next; resumed, it trains that arm again and skips what was done', async () => {
    const trained = preset.arms.findIndex((a) => a.config);
    const second = preset.arms.findIndex((a, i) => i > trained && a.config);
    const first = recorder(`train preset-x-arm${second}`);
    expect(await runPresetJob(fresh(), first.steps)).toBe('stopped');
    const stored = first.saved.at(-1)!;
    expect(stored.status).toBe('stopped');
    expect(nextArm(stored)).toBe(second);
    expect(stored.arms[trained]).toMatchObject({ trained: true, studiesDone: preset.arms[trained].studies.length });

    const again = recorder();
    expect(await runPresetJob(stored, again.steps)).toBe('done');
    // The interrupted arm's run goes on under the same id (its checkpoint is found by id); finished arms are not repeated.
    expect(again.calls[0]).toBe(`train preset-x-arm${second}`);
    expect(again.calls.some((c) => c === `train preset-x-arm${trained}`)).toBe(false);
    expect(again.calls.filter((c) => c.startsWith('study base')).length).toBe(0);
  });

  it('a study that ends early leaves the studies done so far counted', async () => {
    const orig = preset.arms.findIndex((a) => !a.config && a.studies.length > 0);
    const kind = preset.arms[orig].studies[0].kind;
    const r = recorder(`study base ${kind}`);
    expect(await runPresetJob(fresh(), r.steps)).toBe('stopped');
    expect(r.saved.at(-1)!.arms[orig].studiesDone).toBe(0);
    expect(nextArm(r.saved.at(-1)!)).toBe(orig);
  });

  it('in two lab workers, each arm keeps its run and its studies in one worker, and every arm is finished', async () => {
    const slots = new Map<string, number[]>();
    const r = recorder();
    const steps: PresetJobSteps = {
      ...r.steps,
      train: (runId, config, label, presetId, slot) => ((slots.get(runId) ?? slots.set(runId, []).get(runId)!).push(slot), r.steps.train(runId, config, label, presetId, slot)),
      study: (study, policy, label, slot) => ((slots.get(policy) ?? slots.set(policy, []).get(policy)!).push(slot), r.steps.study(study, policy, label, slot)),
    };
    expect(await runPresetJob(fresh(), steps, 2)).toBe('done');
    expect(new Set(r.calls)).toEqual(new Set(preset.arms.flatMap((a, i) => [...(a.config ? [`train preset-x-arm${i}`] : []), ...a.studies.map((s) => `study ${a.config ? `preset-x-arm${i}` : 'base'} ${s.kind}`)])));
    for (const [, used] of slots) expect(new Set(used).size).toBe(1);
    expect(new Set([...slots.values()].flat())).toEqual(new Set([0, 1]));
    // The stored record is the whole job each time: the last one has every arm finished.
    expect(armsLeft(r.saved.at(-1)!)).toEqual([]);
    expect(r.saved.at(-1)!.status).toBe('done');
  });

  it('a failed arm leaves the other arms running to their end; the job is stored stopped with that arm left', async () => {
    const trained = preset.arms.flatMap((a, i) => (a.config ? [i] : []));
    const failing = trained[0];
    const r = recorder();
    const steps: PresetJobSteps = {
      ...r.steps,
      train: (runId, ...rest) => (runId === `preset-x-arm${failing}` ? Promise.reject(new Error('the lab worker failed 5 times')) : r.steps.train(runId, ...rest)),
    };
    expect(await runPresetJob(fresh(), steps, 2)).toBe('stopped');
    const stored = r.saved.at(-1)!;
    expect(stored.status).toBe('stopped');
    expect(armsLeft(stored)).toEqual([failing]);
    for (const i of trained.slice(1)) expect(stored.arms[i].trained).toBe(true);
  });

  it('stopped, starts no arm that was waiting', async () => {
    let cancelled = false;
    const r = recorder();
    const steps: PresetJobSteps = {
      ...r.steps,
      train: (...args) => {
        cancelled = true;
        return r.steps.train(...args);
      },
      cancelled: () => cancelled,
    };
    expect(await runPresetJob(fresh(), steps, 1)).toBe('stopped');
    expect(r.calls.filter((c) => c.startsWith('train'))).toHaveLength(1);
  });

  it('refuses a job whose preset has other arms now', () => {
    const job = fresh();
    expect(() => presetOf({ ...job, arms: job.arms.slice(1) })).toThrow(/other arms than when this job started/);
  });
});
