import { getPreset, type PresetSize } from '../../src/core/presets';
import { SCORECARD_COLUMNS } from '../../src/core/studies/run-study';
import { suiteSpec } from '../../src/core/tasks/suites';
import { presetPlan } from '../runner/plan';
import { storedUnit, type StoredUnit } from './data';

/**
 * Synthetic stored units for the report's tests: scorecards whose per-problem accuracies are an
 * arm's level per column group, plus a seed effect, a problem effect and noise, all from a fixed
 * pseudo-random sequence, so a test chooses the true differences and the spread it is checked on.
 */
function lcg(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

export type Levels = Partial<Record<'reasoning' | 'fitness' | 'generalisation' | 'robustness', number>>;

export interface ScorecardSpec {
  /** Arm → group → mean accuracy. */
  levels: Record<string, Levels>;
  seeds: number;
  /** Uniform noise of this half-width per cell (different for every arm, seed and problem). */
  noise?: number;
  /** How far a seed moves every arm at once (paired: cancels in A − B). */
  seedShift?: number;
  size?: PresetSize;
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));

/** The stored units of a scorecard preset (pos-neg, neg-pretrain, length-bias) as the spec says. */
export function scorecardUnits(preset: string, spec: ScorecardSpec): StoredUnit[] {
  const size = spec.size ?? 'quick';
  const plan = presetPlan(preset, size, spec.seeds, []);
  const problemEffect = new Map<string, number[]>();
  return plan.units.map((unit, k) => {
    const rnd = lcg(1000 + k);
    const shift = (spec.seedShift ?? 0) * (unit.seed % 2 === 0 ? 1 : -1);
    const card = unit.studies[0] as { groups: string[] };
    const columns = SCORECARD_COLUMNS.filter((c) => card.groups.includes(c.group) || ['in-30', 'in-83'].includes(c.key)).map((c) => {
      const n = suiteSpec(c.suite).size;
      if (!problemEffect.has(c.key)) {
        const r = lcg(n + c.key.length);
        problemEffect.set(c.key, Array.from({ length: n }, () => (r() - 0.5) * 0.2));
      }
      const level = spec.levels[unit.arm]?.[c.group as keyof Levels] ?? 0.5;
      const accuracies = problemEffect.get(c.key)!.map((e) => clamp(level + e + shift + (rnd() * 2 - 1) * (spec.noise ?? 0)));
      const pass1 = accuracies.reduce((a, b) => a + b, 0) / n;
      return { key: c.key, suite: c.suite, analog: c.suite, group: c.group, runs: 1, maxCompletionLength: 64, pass1, ci: null, accuracies, delta: null };
    });
    const result = { columns, groups: card.groups.map((g) => ({ group: g, average: 0.5 })) };
    const report = { kind: 'scorecard' as const, study: unit.studies[0], backend: { name: 'wasm', adapter: 'test' }, startedAt: '2026-01-01T00:00:00.000Z', seconds: 1, result };
    return storedUnit(plan, unit, { unitId: unit.id, status: 'done', backend: { name: 'wasm', adapter: 'test' }, wallSeconds: 10, metrics: [], evals: [], studies: [report] }, 'test machine', TEST_CHECKPOINT);
  });
}

/** The base checkpoint the fixtures' units started from (a sha-256's shape). */
export const TEST_CHECKPOINT = 'a'.repeat(64);

export function armsOf(preset: string): string[] {
  return getPreset(preset, 'quick').arms.map((a) => a.label);
}
