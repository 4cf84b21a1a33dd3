import { describe, expect, it } from 'vitest';
import { ExperimentConfigSchema, type ExperimentConfig } from '../../core/config';
import type { RunSummary } from '../../../workers/api';
import { configDiff, differingKeys, filterRuns, nextSort, seedGroupKey, sortRuns } from './runs-table';

const base = ExperimentConfigSchema.parse({});
const cfg = (patch: Record<string, unknown>): ExperimentConfig => ExperimentConfigSchema.parse({ ...base, ...patch });
const run = (runId: string, config: ExperimentConfig, extra: Partial<RunSummary> = {}): RunSummary => ({
  runId,
  label: runId,
  config,
  status: 'done',
  createdAt: `2025-01-0${runId.length % 9}T00:00:00.000Z`,
  updatedAt: '2025-01-01T00:00:00.000Z',
  step: 10,
  totalSteps: 10,
  checkpointStep: 10,
  backend: { name: 'wasm', adapter: '' },
  ...extra,
});

describe('config columns and diff', () => {
  it('the columns are the knobs that differ, nested ones by path, not the name', () => {
    const a = cfg({ name: 'a', learningRate: 1e-4 });
    const b = cfg({ name: 'b', learningRate: 3e-4, rlr: { ...base.rlr, enabled: true } });
    expect(differingKeys([a, b])).toEqual(['learningRate', 'rlr.enabled']);
    expect(differingKeys([a, a])).toEqual([]);
    expect(differingKeys([a])).toEqual([]);
  });
  it('stages are one column, in their link notation', () => {
    const a = cfg({ stages: [{ maxCompletionLength: 64, sampleFilter: 'both', steps: 10 }] });
    const b = cfg({ stages: [{ maxCompletionLength: 64, sampleFilter: 'negative', steps: 10 }] });
    expect(differingKeys([a, b])).toEqual(['stages']);
  });
  it('the diff of two configs holds only the keys that differ, with both values', () => {
    const a = cfg({ name: 'a', seed: 1, lossType: 'grpo' });
    const b = cfg({ name: 'b', seed: 2, lossType: 'dr_grpo' });
    // Schema order: lossType and seed sit where KNOB_FIELDS puts them; only these three keys appear.
    const diff = configDiff(a, b);
    expect(new Map(diff.map((d) => [d.key, [d.a, d.b]]))).toEqual(new Map([['lossType', ['grpo', 'dr_grpo']], ['name', ['a', 'b']], ['seed', ['1', '2']]]));
    expect(configDiff(a, a)).toEqual([]);
  });
});

describe('sort and filter', () => {
  const runs = [run('r-small', cfg({ learningRate: 1e-4 }), { label: 'beta', notes: 'kept', createdAt: '2025-01-02T00:00:00.000Z' }), run('r-big', cfg({ learningRate: 0.001 }), { label: 'Alpha', createdAt: '2025-01-03T00:00:00.000Z' }), run('r-mid', cfg({ learningRate: 3e-4, lossType: 'dr_grpo' }), { label: 'gamma', status: 'stopped', createdAt: '2025-01-01T00:00:00.000Z' })];
  it('sorts a knob as numbers, a name without case, and flips on a second press', () => {
    expect(sortRuns(runs, { key: 'config:learningRate', dir: 'asc' }).map((r) => r.runId)).toEqual(['r-small', 'r-mid', 'r-big']);
    expect(sortRuns(runs, { key: 'label', dir: 'asc' }).map((r) => r.label)).toEqual(['Alpha', 'beta', 'gamma']);
    expect(sortRuns(runs, { key: 'created', dir: 'desc' }).map((r) => r.runId)).toEqual(['r-big', 'r-small', 'r-mid']);
    expect(nextSort({ key: 'label', dir: 'asc' }, 'label')).toEqual({ key: 'label', dir: 'desc' });
    expect(nextSort({ key: 'label', dir: 'desc' }, 'steps')).toEqual({ key: 'steps', dir: 'asc' });
  });
  it('filters by every word, over names, notes, status and knob=value', () => {
    expect(filterRuns(runs, 'ALPHA').map((r) => r.runId)).toEqual(['r-big']);
    expect(filterRuns(runs, 'kept').map((r) => r.runId)).toEqual(['r-small']);
    expect(filterRuns(runs, 'lossType=dr_grpo').map((r) => r.runId)).toEqual(['r-mid']);
    expect(filterRuns(runs, 'stopped losstype=dr').map((r) => r.runId)).toEqual(['r-mid']);
    expect(filterRuns(runs, 'stopped alpha')).toEqual([]);
    // A plain word is not looked for in the knobs: every config has an rlr.alpha.
    expect(filterRuns(runs, 'alpha').map((r) => r.runId)).toEqual(['r-big']);
    expect(filterRuns(runs, '   ')).toHaveLength(3);
  });
});

describe('seedGroupKey', () => {
  it('is the same for runs that differ only by seed (and name), and not otherwise', () => {
    expect(seedGroupKey(cfg({ seed: 1, name: 's1' }))).toBe(seedGroupKey(cfg({ seed: 2, name: 's2' })));
    expect(seedGroupKey(cfg({ seed: 1 }))).not.toBe(seedGroupKey(cfg({ seed: 2, learningRate: 3e-4 })));
    expect(seedGroupKey(cfg({ seed: 1 }))).not.toBe(seedGroupKey(cfg({ seed: 1, evaluation: { ...base.evaluation, every: base.evaluation.every + 1 } })));
  });
});
