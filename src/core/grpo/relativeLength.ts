import { assertFinite, clip, mean } from './numbers';

/** One sampled response as RLR sees it: verified correct or not, and its length in tokens. */
export interface LengthSample {
  correct: boolean;
  length: number;
}

/** Eq. 6 hyperparameters (paper, Appendix B.4: α = 0.75, λ = 500, ε_up = 1, ε_low = −0.5). */
export interface RelativeLengthRewardOptions {
  /** Only groups whose accuracy (share correct) is ≥ alpha get a length reward. */
  alpha: number;
  /** Length difference worth one unit of reward. */
  lambda: number;
  epsUp: number;
  epsLow: number;
}

function validate(opts: RelativeLengthRewardOptions): void {
  if (!(opts.lambda > 0)) throw new Error(`relativeLengthReward: lambda must be > 0, got ${opts.lambda}`);
  if (!(opts.epsLow <= opts.epsUp)) {
    throw new Error(`relativeLengthReward: epsLow (${opts.epsLow}) must not exceed epsUp (${opts.epsUp})`);
  }
  if (Number.isNaN(opts.alpha)) throw new Error('relativeLengthReward: alpha must be a number');
}

/**
 * Relative length reward (RLR, Section 4.2) of each sample in one group.
 *
 * Zero for incorrect samples and for groups with accuracy < alpha. For a correct sample in a
 * qualifying group: clip((mean length of the correct samples − |o_i|) / λ, ε_low, ε_up).
 * The sign: the paper's text says RLR "assigns higher scores for shorter responses while
 * penalizing longer ones", but its printed Eq. 6 reads (|o_i| − mean) / λ, which would reward
 * length. We follow the text. (The printed clip also lists ε_up before ε_low; with the paper's
 * ε_up = 1 > ε_low = −0.5 only [ε_low, ε_up] makes sense.) The mean is over the group's correct
 * samples, as the text says, not over all G.
 */
export function relativeLengthReward(group: readonly LengthSample[], opts: RelativeLengthRewardOptions): number[] {
  validate(opts);
  assertFinite(group.map((s) => s.length), 'relativeLengthReward', 'length');
  const correctLengths = group.filter((s) => s.correct).map((s) => s.length);
  if (correctLengths.length === 0 || correctLengths.length / group.length < opts.alpha) return group.map(() => 0);
  const meanLenCorrect = mean(correctLengths);
  // R_rl(o_i) = clip((mean|o_correct| − |o_i|) / λ, ε_low, ε_up)      (Eq. 6, sign as in the text)
  return group.map((s) => (s.correct ? clip((meanLenCorrect - s.length) / opts.lambda, opts.epsLow, opts.epsUp) : 0));
}

/**
 * The reward of each sample of a group: R = R_verification + R_relative_length (Eq. 7), with
 * R_verification ∈ {0, 1} (Eq. 5); with `opts` null (RLR off) the verification reward alone.
 * The trainer and the classroom both score groups through this.
 */
export function rewardWithRelativeLength(group: readonly LengthSample[], opts: RelativeLengthRewardOptions | null): number[] {
  if (!opts) return group.map((s) => (s.correct ? 1 : 0));
  const rlr = relativeLengthReward(group, opts);
  return group.map((s, i) => (s.correct ? 1 : 0) + rlr[i]);
}
