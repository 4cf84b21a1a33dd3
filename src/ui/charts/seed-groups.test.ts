import { describe, expect, it } from 'vitest';
import { ExperimentConfigSchema } from '../../core/config';
import type { StepMetrics } from '../../core/grpo/metrics';
import type { RunData } from '../run/runs-store';
import { groupPointSeries, seedGroups } from './seed-groups';

const rewards = (r: RunData) => r.metrics.map((m) => ({ x: m.step, y: m.reward }));

const run = (runId: string, patch: Record<string, unknown>, rewards: (number | null)[]): { run: RunData; color: string } => ({
  color: `#${runId}`,
  run: {
    loaded: true,
    evals: [],
    studies: [],
    metrics: rewards.map((r, i) => ({ step: i + 1, reward: r }) as unknown as StepMetrics),
    summary: { runId, label: runId, config: ExperimentConfigSchema.parse(patch), status: 'done', createdAt: '', updatedAt: '', step: rewards.length, totalSteps: 3, checkpointStep: 0, backend: { name: 'wasm', adapter: '' } },
  },
});

describe('seed groups', () => {
  it('joins runs that differ only by seed, names the group with its seed count, keeps others apart', () => {
    const groups = seedGroups([run('a', { seed: 1 }, [0]), run('b', { learningRate: 3e-4 }, [0]), run('c', { seed: 2 }, [0])]);
    expect(groups.map((g) => g.members.map((m) => m.run.summary.runId))).toEqual([['a', 'c'], ['b']]);
    expect(groups[0].name).toBe('a · mean of 2 seeds (band: min–max)');
    expect(groups[0].color).toBe('#a');
    expect(groups[1].name).toBe('b');
  });
  it('draws the mean with a min–max band over the steps every seed reached, a gap where one skipped', () => {
    const [g] = seedGroups([run('a', { seed: 1 }, [0.2, null, 0.6, 0.8]), run('c', { seed: 2 }, [0.4, 0.5, 1])]);
    const s = groupPointSeries(g, rewards);
    expect(s.points).toEqual([{ x: 1, y: 0.30000000000000004 }, { x: 2, y: null }, { x: 3, y: 0.8 }]);
    expect(s.band).toEqual([{ x: 1, lo: 0.2, hi: 0.4 }, { x: 2, lo: null, hi: null }, { x: 3, lo: 0.6, hi: 1 }]);
  });
  it('takes any points of a run: validations every 10 steps, one seed validated once more', () => {
    const [g] = seedGroups([run('a', { seed: 1 }, []), run('c', { seed: 2 }, [])]);
    const validation: Record<string, { x: number; y: number }[]> = {
      a: [{ x: 0, y: 0.4 }, { x: 10, y: 0.5 }, { x: 20, y: 0.45 }],
      c: [{ x: 0, y: 0.44 }, { x: 10, y: 0.3 }],
    };
    const s = groupPointSeries(g, (r) => validation[r.summary.runId]);
    expect(s.id).toBe('group:a+c');
    expect(s.points).toEqual([{ x: 0, y: 0.42000000000000004 }, { x: 10, y: 0.4 }]);
    expect(s.band).toEqual([{ x: 0, lo: 0.4, hi: 0.44 }, { x: 10, lo: 0.3, hi: 0.5 }]);
  });
  it('a group of one is the run itself', () => {
    const [g] = seedGroups([run('a', {}, [0.1])]);
    expect(groupPointSeries(g, rewards)).toEqual({ id: 'a', name: 'a', color: '#a', points: [{ x: 1, y: 0.1 }] });
  });
});
