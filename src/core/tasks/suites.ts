import { quoted } from '../errors';
import { deriveSeed, Rng } from '../rng';
import { randomProblem, makeProblem, type Family, type NoiseKind, type Problem } from './problems';
import { makeNoise } from './noise';
import { hardSet } from './hard-set';

/**
 * Fixed, seeded problem sets. The in-domain suites mirror the sizes of the paper's benchmarks
 * (30, 83, 500, 675 like AIME24, AMC23, MATH-500, OlympiadBench) and, like them, differ in how hard
 * they are, so the share of uncertain problems differs too. Every suite is rebuilt bit-for-bit from
 * its name: no files, no downloads.
 */
export const DATA_SEED = 20250;

export interface SuiteSpec {
  name: string;
  size: number;
  family: Family;
  /** Number of operations per problem, drawn uniformly from [min, max]. */
  ops: readonly [number, number];
  /** Chance that a step takes a two-digit operand (problems.ts, BIG_OPERAND); absent: never. */
  bigShare?: number;
  noise?: NoiseKind;
  /** The suite whose problems this one reuses (noisy versions of an in-domain suite). */
  base?: string;
  group: 'reasoning' | 'large' | 'generalisation' | 'robustness' | 'fitness' | 'validation';
  /** The benchmark of the paper this one stands in for. */
  analog: string;
  description: string;
}

export const SUITES: readonly SuiteSpec[] = [
  { name: 'in-30', size: 30, family: 'chain', ops: [6, 12], group: 'reasoning', analog: 'AIME24', description: 'hard in-domain chains' },
  { name: 'in-83', size: 83, family: 'chain', ops: [3, 10], group: 'reasoning', analog: 'AMC23', description: 'medium in-domain chains' },
  { name: 'in-500', size: 500, family: 'chain', ops: [2, 7], group: 'large', analog: 'MATH-500', description: 'mostly easy in-domain chains' },
  { name: 'in-675', size: 675, family: 'chain', ops: [2, 14], group: 'large', analog: 'OlympiadBench', description: 'in-domain chains from easy to very hard' },
  { name: 'ood-long-30', size: 30, family: 'chain', ops: [12, 16], group: 'generalisation', analog: 'AIME25', description: 'chains longer than any trained on' },
  { name: 'ood-words-83', size: 83, family: 'words', ops: [2, 8], group: 'generalisation', analog: 'GPQA', description: 'operations written as words' },
  { name: 'ood-list-83', size: 83, family: 'list', ops: [3, 10], group: 'generalisation', analog: 'MMLU-STEM', description: 'a list of numbers to add up' },
  { name: 'ood-paren-83', size: 83, family: 'paren', ops: [2, 8], group: 'generalisation', analog: 'GaoKao', description: 'the chain written with nested parentheses' },
  { name: 'ood-big-83', size: 83, family: 'chain', ops: [2, 8], bigShare: 0.5, group: 'generalisation', analog: 'a skill rare in the SFT data', description: 'chains with two-digit operands, which need the reduction strategy' },
  { name: 'in-30-n1', size: 30, family: 'chain', ops: [6, 12], base: 'in-30', noise: 'n1', group: 'robustness', analog: 'AIME24 (N1)', description: 'in-30 behind N1 distractors' },
  { name: 'in-83-n1', size: 83, family: 'chain', ops: [3, 10], base: 'in-83', noise: 'n1', group: 'robustness', analog: 'AMC23 (N1)', description: 'in-83 behind N1 distractors' },
  { name: 'in-30-n2', size: 30, family: 'chain', ops: [6, 12], base: 'in-30', noise: 'n2', group: 'robustness', analog: 'AIME24 (N2)', description: 'in-30 behind N2 distractors' },
  { name: 'in-83-n2', size: 83, family: 'chain', ops: [3, 10], base: 'in-83', noise: 'n2', group: 'robustness', analog: 'AMC23 (N2)', description: 'in-83 behind N2 distractors' },
  { name: 'fitness-200', size: 200, family: 'chain', ops: [2, 10], group: 'fitness', analog: 'Training Set', description: 'a sample of the default training set' },
  { name: 'validation-200', size: 200, family: 'chain', ops: [2, 10], group: 'validation', analog: 'validation set (B.4)', description: 'held-out problems of the training distribution, for choosing checkpoints' },
];

/** The validation split's suite: what checkpoints are chosen on (SFT, and GRPO's kept checkpoint). */
export const VALIDATION_SUITE = 'validation-200';
export const VALIDATION_SIZE = SUITES.find((s) => s.name === VALIDATION_SUITE)!.size;

/** The one wording for a suite name that is not in SUITES. */
export function unknownSuite(name: string): string {
  return `unknown suite ${quoted(name)}; known suites: ${SUITE_NAMES.join(', ')}`;
}

/** Every suite's name: what a config, a study or a link may name. */
export const SUITE_NAMES = SUITES.map((s) => s.name) as [string, ...string[]];

export const DEFAULT_NOISE_SHOTS = 1;

export function suiteSpec(name: string): SuiteSpec {
  const spec = SUITES.find((s) => s.name === name);
  if (!spec) throw new Error(unknownSuite(name));
  return spec;
}

const cache = new Map<string, Problem[]>();

/** The problems of a suite; noisy suites take `shots` distractor blocks (a knob; default 4). */
export function buildSuite(name: string, opts: { shots?: number } = {}): Problem[] {
  const spec = suiteSpec(name);
  const shots = opts.shots ?? DEFAULT_NOISE_SHOTS;
  const key = `${name}/${spec.noise ? shots : ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let problems: Problem[];
  if (spec.base && spec.noise) {
    const rng = new Rng(deriveSeed(DATA_SEED, `${name}/noise`));
    const noise = makeNoise(spec.noise, shots, rng);
    problems = buildSuite(spec.base).map((p) => makeProblem(p.family, p.start, p.steps, noise(p.answer)));
  } else if (spec.group === 'fitness') {
    // Problems the policy trained on (Table 1's "Training Set" column): a seeded sample of the default training set.
    const train = trainingSet(DEFAULT_TRAINING_SET);
    const rng = new Rng(deriveSeed(DATA_SEED, name));
    problems = rng.sampleIndices(train.length, spec.size).map((i) => train[i]);
  } else {
    const rng = new Rng(deriveSeed(DATA_SEED, name));
    // The validation split is drawn apart from every evaluation suite; the training set, in turn, leaves out both.
    const exclude = spec.group === 'validation' ? evaluationIds() : new Set<string>();
    problems = uniqueProblems(spec.size, () => randomProblem(rng, spec.family, rng.int(spec.ops[0], spec.ops[1]), undefined, spec.bigShare ?? 0), exclude);
  }
  cache.set(key, problems);
  return problems;
}

/** `size` distinct problems from `draw`, none of them in `exclude`, in the order drawn. */
export function uniqueProblems(size: number, draw: () => Problem, exclude: ReadonlySet<string> = new Set()): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (let tries = 0; out.length < size; tries++) {
    if (tries > size * 100) throw new Error(`could not draw ${size} distinct problems`);
    const p = draw();
    if (seen.has(p.id) || exclude.has(p.id)) continue;
    seen.add(p.id);
    out.push(p);
  }
  return out;
}

/** Ids of every evaluation problem (the validation split and the fitness sample aside). */
export function evaluationIds(): Set<string> {
  const ids = new Set<string>();
  for (const s of SUITES) if (!s.base && s.group !== 'fitness' && s.group !== 'validation') for (const p of buildSuite(s.name)) ids.add(p.id);
  return ids;
}

/**
 * The validation split: problems of the default training distribution, disjoint from the training
 * set and from every suite. SFT chooses its checkpoint on it, and GRPO runs choose the checkpoint
 * they keep on it (Appendix B.3, B.4), so no test suite takes part in any choice.
 */
export function validationSet(): Problem[] {
  return buildSuite(VALIDATION_SUITE);
}

/** Ids no training data may contain: every evaluation suite and the validation split. */
export function heldOutIds(): Set<string> {
  const ids = evaluationIds();
  for (const p of validationSet()) ids.add(p.id);
  return ids;
}

/** Where a run's training problems come from: seeded chains, or the measured hard set (hard-set.ts). */
export const TRAINING_SOURCES = ['generated', 'hard'] as const;

export interface TrainingSetSpec {
  /** Absent: generated. */
  source?: (typeof TRAINING_SOURCES)[number];
  trainSize: number;
  minOps: number;
  maxOps: number;
}

/** Must match the defaults of ExperimentConfig.data. */
export const DEFAULT_TRAINING_SET: TrainingSetSpec = { source: 'generated', trainSize: 4000, minOps: 2, maxOps: 10 };

/**
 * The RL training set: in-domain chains with a uniform number of operations, disjoint from the
 * evaluation suites and the validation split. Fixed by DATA_SEED, so runs with different seeds train on the same problems.
 */
export function trainingSet(spec: TrainingSetSpec): Problem[] {
  if (spec.source === 'hard') return hardSet().slice(0, spec.trainSize);
  const rng = new Rng(deriveSeed(DATA_SEED, `train/${spec.minOps}-${spec.maxOps}`));
  return uniqueProblems(spec.trainSize, () => randomProblem(rng, 'chain', rng.int(spec.minOps, spec.maxOps)), heldOutIds());
}
