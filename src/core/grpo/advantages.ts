import { allEqual, assertFinite, mean } from './numbers';

export interface GroupAdvantageOptions {
  /** TRL's `scale_rewards`: divide by the group std (Eq. 1). Off = Dr. GRPO / LUFFY style, mean-centring only. */
  scaleRewards: boolean;
  /** Added to the std so a near-constant group cannot blow up; TRL's value by default. */
  eps?: number;
}

export const DEFAULT_ADVANTAGE_EPS = 1e-4;

/**
 * Group-relative advantages (Eq. 1; with injected samples the group is online ∪ offline, Eq. 8).
 * `rewards[g][i]` is the reward of sample i of group (prompt) g; the result has the same shape.
 *
 * The std uses the N−1 denominator, as TRL and verl do (torch.std's default). A group of one or a
 * group with all rewards equal gets exact zeros: mathematically they are zero, but float rounding
 * of the mean would otherwise leave ±1e-17 that the zero-advantage accounting and the sample
 * filter (A > 0 / A < 0) would mistake for signal.
 */
export function groupAdvantages(rewards: number[][], opts: GroupAdvantageOptions): number[][] {
  const eps = opts.eps ?? DEFAULT_ADVANTAGE_EPS;
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new Error(`groupAdvantages: eps must be a finite number >= 0, got ${eps}`);
  return rewards.map((group, g) => {
    assertFinite(group, 'groupAdvantages', `rewards[${g}]`);
    if (group.length <= 1 || allEqual(group)) return group.map(() => 0);
    const mu = mean(group);
    // Â_i = r_i − mean(r)                      (Eq. 1, numerator)
    const centred = group.map((r) => r - mu);
    if (!opts.scaleRewards) return centred;
    // std with N−1, as torch.std in TRL/verl   (Eq. 1, denominator, + eps)
    const std = Math.sqrt(centred.reduce((s, d) => s + d * d, 0) / (group.length - 1));
    return centred.map((d) => d / (std + eps));
  });
}
