import { totalSteps, type ExperimentConfig } from '../config';
import { Rng, deriveSeed } from '../rng';
import type { Problem } from '../tasks/problems';
import { suiteSpec, trainingSet, type TrainingSetSpec } from '../tasks/suites';

/**
 * Which training problems a run sees, and in what order: step k takes the next `promptsPerStep`
 * problems of one seeded permutation of the training set per epoch. It depends on the seed, the
 * training set and the batch size alone, never on what the policy samples, so the problems a run
 * trained on follow from its config and its step count: the trainer draws its prompts here, and a
 * scorecard's fitness column scores the same problems (Table 1's "Training Set").
 */

/** Indices into a training set of `n` problems for step `step` (0-based). */
export function promptIndices(n: number, promptsPerStep: number, seed: number, step: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`promptIndices: the training set must hold at least one problem, got ${n}`);
  const out: number[] = [];
  let epochCache = -1;
  let perm: number[] = [];
  for (let k = step * promptsPerStep; k < (step + 1) * promptsPerStep; k++) {
    const epoch = Math.floor(k / n);
    if (epoch !== epochCache) {
      perm = new Rng(deriveSeed(seed, `epoch${epoch}`)).shuffle(Array.from({ length: n }, (_, i) => i));
      epochCache = epoch;
    }
    out.push(perm[k % n]);
  }
  return out;
}

/** What fixes the problems a run trained on: its training set, seed, batch size and steps taken. */
export interface TrainedOn {
  data: TrainingSetSpec;
  seed: number;
  promptsPerStep: number;
  steps: number;
}

/** The run of `config` trained to its last step. */
export function trainedOnOf(config: ExperimentConfig, steps = totalSteps(config)) {
  return { data: { ...config.data }, seed: config.seed, promptsPerStep: config.promptsPerStep, steps } satisfies TrainedOn;
}

/** At most this many trained problems are scored: the size of `fitness-200`, the fixed sample it replaces. */
export const TRAINED_FITNESS_PROBLEMS = suiteSpec('fitness-200').size;

/**
 * The distinct problems a run trained on, in the order it first met them; when there are more than
 * `cap`, a sample of `cap` seeded by the run's seed, still in that order.
 */
export function trainedProblems(on: TrainedOn, cap = TRAINED_FITNESS_PROBLEMS): Problem[] {
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`trainedProblems: cap must be a positive integer, got ${cap}`);
  const set = trainingSet(on.data);
  const seen = new Set<number>();
  const order: number[] = [];
  for (let step = 0; step < on.steps && seen.size < set.length; step++) {
    for (const i of promptIndices(set.length, on.promptsPerStep, on.seed, step)) {
      if (!seen.has(i)) order.push(i);
      seen.add(i);
    }
  }
  if (order.length <= cap) return order.map((i) => set[i]);
  const kept = new Rng(deriveSeed(on.seed, 'trained-fitness')).sampleIndices(order.length, cap).sort((a, b) => a - b);
  return kept.map((j) => set[order[j]]);
}
