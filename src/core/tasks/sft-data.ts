import { Rng } from '../rng';
import { FAMILIES, NOISE_KINDS, randomProblem, type Family, type Problem } from './problems';
import { makeNoise } from './noise';
import { teacherTrace } from './teacher';

/**
 * The supervised mixture the base policy ("Orig") is fine-tuned on. Each part gives a phenomenon of
 * the paper something to act on (README, "The task world"):
 * - mostly in-domain chains, a few of every other family: out-of-domain suites are reachable but
 *   under-represented, as GPQA-like formats are in a math model's data;
 * - two-digit operands on a small share of steps: the reduction strategy they need is rare in the
 *   data and needed throughout `ood-big-83` (the gap between π_data and π_oracle);
 * - a few noisy prompts, with as many shots as the noise suites show;
 * - a per-trace re-check rate drawn from the whole of [0, 1], so traces of one problem differ
 *   widely in length and a policy can shorten without skipping a step (what RLR removes).
 */
export interface SftMixture {
  familyWeights: Record<Family, number>;
  /** Operations per chain problem, uniform in [min, max]; other families use otherOps. */
  chainOps: readonly [number, number];
  otherOps: readonly [number, number];
  noiseShare: number;
  noiseShots: readonly [number, number];
  /** Per-example verbosity (re-check rate) drawn uniformly from [min, max]. */
  verbosity: readonly [number, number];
  /** Chance that a step of a chain problem takes a two-digit operand. */
  bigShare: number;
}

export const DEFAULT_SFT_MIXTURE: SftMixture = {
  familyWeights: { chain: 0.88, words: 0.04, list: 0.04, paren: 0.04 },
  chainOps: [1, 12],
  otherOps: [1, 8],
  noiseShare: 0.1,
  noiseShots: [1, 4],
  verbosity: [0, 1],
  bigShare: 0.02,
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
    const problem = randomProblem(rng, family, rng.int(lo, hi), noise, family === 'chain' ? mix.bigShare : 0);
    if (exclude.has(problem.id)) continue;
    const [vLo, vHi] = mix.verbosity;
    return { problem, trace: teacherTrace(problem, { verbosity: vLo + rng.next() * (vHi - vLo) }, rng) };
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
