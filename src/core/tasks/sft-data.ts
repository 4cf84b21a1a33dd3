import { Rng } from '../rng';
import { FAMILIES, NOISE_KINDS, randomProblem, type Family, type Problem } from './problems';
import { makeNoise } from './noise';
import { teacherTrace } from './teacher';

/**
 * The supervised mixture the base policy ("Orig") is fine-tuned on: mostly in-domain chains, some
 * of every other family (so out-of-domain suites are reachable but less practised, as with a
 * distilled model's broad pre-training), a few noisy prompts with few shots, and traces of mixed
 * verbosity so the policy's own completion length varies.
 */
export interface SftMixture {
  familyWeights: Record<Family, number>;
  /** Operations per chain problem, uniform in [min, max]; other families use otherOps. */
  chainOps: readonly [number, number];
  otherOps: readonly [number, number];
  noiseShare: number;
  noiseShots: readonly [number, number];
  /** Per-example verbosity drawn uniformly from [0, maxVerbosity]. */
  maxVerbosity: number;
}

export const DEFAULT_SFT_MIXTURE: SftMixture = {
  familyWeights: { chain: 0.7, words: 0.1, list: 0.1, paren: 0.1 },
  chainOps: [1, 12],
  otherOps: [1, 8],
  noiseShare: 0.1,
  noiseShots: [1, 2],
  maxVerbosity: 0.4,
};

export interface SftExample {
  problem: Problem;
  trace: string;
}

export function sftExample(rng: Rng, mix: SftMixture, exclude: ReadonlySet<string>): SftExample {
  for (;;) {
    const family = pickWeighted(rng, mix.familyWeights);
    const [lo, hi] = family === 'chain' ? mix.chainOps : mix.otherOps;
    const noisy = rng.next() < mix.noiseShare;
    const noise = noisy ? makeNoise(rng.pick(NOISE_KINDS), rng.int(mix.noiseShots[0], mix.noiseShots[1]), rng) : undefined;
    const problem = randomProblem(rng, family, rng.int(lo, hi), noise);
    if (exclude.has(problem.id)) continue;
    return { problem, trace: teacherTrace(problem, { verbosity: rng.next() * mix.maxVerbosity }, rng) };
  }
}

function pickWeighted(rng: Rng, weights: Record<Family, number>): Family {
  const total = FAMILIES.reduce((s, f) => s + weights[f], 0);
  let u = rng.next() * total;
  for (const f of FAMILIES) {
    u -= weights[f];
    if (u < 0) return f;
  }
  return FAMILIES[FAMILIES.length - 1];
}
