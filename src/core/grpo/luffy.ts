import { noNegativeZero } from './numbers';

/*
 * LUFFY's policy-shaped objective for off-policy (injected) tokens (Yan et al., 2025; used by the
 * paper in Section 4.3 / Appendix B.5). What its reference code does (ElliottYan/LUFFY:
 * luffy/verl/verl/mix_src/mix_core_alg.py, `compute_token_on_off_policy_loss`, with the flags of
 * exp_scripts/train.sh), in our words:
 * - Off-policy tokens (marked by a per-token prefix mask) are scored with the *current* policy's
 *   probability p = exp(log π_θ) reshaped as p / (p + 0.1) (`off_policy_reshape = p_div_p_0.1`),
 *   times −A. There is no ratio to the teacher's probability and no clip (the off-policy
 *   min/max clips default to off).
 * - On-policy tokens keep the usual ratio to the old policy with the PPO clip in the default
 *   config; the released script sets `loss_remove_clip = True`, which drops that clip as well.
 *   The trainer here keeps the clipped surrogate (Eq. 2) on online tokens, as the paper adds the
 *   LUFFY loss to its own GRPO setup; only injected tokens use the shaped loss.
 * - Advantages are plain group advantages over every sample of the group, online and off-policy
 *   together, with the std division switched off (`grpo_use_std = False`): Eq. 8 without the std.
 * - The script also sums token losses and divides by the maximum response length
 *   (`loss_remove_token_mean = True`), i.e. a Dr. GRPO-style normaliser.
 * - The off-policy weight may be clamped (`off_policy_max_clip`, `off_policy_min_clip`); the
 *   released script leaves both off, and f(p) < 1, so a max clip of 1 or more never binds.
 * Here the shaping and that clamp are LUFFY's own knobs (`injection.luffy`, `injection.luffyGamma`,
 * `injection.luffyMaxWeight`, off by default as in the script). Its other
 * settings are the run's ordinary knobs, read the same with LUFFY on or off: std scaling is
 * `scaleRewards`, the normaliser is `lossType` (`dr_grpo` is LUFFY's), the on-policy clip is
 * `epsilon` / `epsilonHigh`. So the injection preset's two injection arms differ in the shaped
 * loss alone (README, Presets).
 * Why the shaping: d(−A·f(p))/d log p = −A·γp/(p+γ)². Weighting by p alone (an importance ratio
 * against a confident teacher) would all but ignore tokens the student finds unlikely, which are
 * exactly what it has to learn from the teacher; γ/(p+γ)² boosts them (≈ 1/γ for small p), while
 * the weight still fades as p → 1, so already-learned tokens stop pulling.
 */

export const DEFAULT_LUFFY_GAMMA = 0.1;

function assertGamma(gamma: number, where: string): void {
  if (!(gamma > 0) || !Number.isFinite(gamma)) throw new Error(`${where}: gamma must be a finite number > 0, got ${gamma}`);
}

/** f(p) = p / (p + γ), LUFFY's regularised importance weight. */
export function luffyShape(p: number, gamma = DEFAULT_LUFFY_GAMMA): number {
  assertGamma(gamma, 'luffyShape');
  return p / (p + gamma);
}

/** LUFFY's off_policy_max_clip off: f(p) < 1, so a clamp at 1 never binds. */
export const LUFFY_MAX_WEIGHT_OFF = 1;

function assertMaxWeight(maxWeight: number, where: string): void {
  if (!(maxWeight > 0 && maxWeight <= 1)) throw new Error(`${where}: maxWeight must be in (0, 1], got ${maxWeight}`);
}

/**
 * Per-token loss on an off-policy token: −min(f(p), maxWeight)·A with p = exp(logp) under the
 * current policy; no ratio. maxWeight is LUFFY's `off_policy_max_clip`, off (1) by default.
 */
export function luffyShapedLoss(logp: number, advantage: number, gamma = DEFAULT_LUFFY_GAMMA, maxWeight = LUFFY_MAX_WEIGHT_OFF): number {
  assertMaxWeight(maxWeight, 'luffyShapedLoss');
  // −A · min(p / (p + γ), maxWeight)
  return noNegativeZero(-Math.min(luffyShape(Math.exp(logp), gamma), maxWeight) * advantage);
}

/** d luffyShapedLoss / d logp = −A · γ·p / (p + γ)², since d p / d logp = p; 0 where the clamp holds f(p) above maxWeight. */
export function luffyShapedLossGrad(logp: number, advantage: number, gamma = DEFAULT_LUFFY_GAMMA, maxWeight = LUFFY_MAX_WEIGHT_OFF): number {
  assertGamma(gamma, 'luffyShapedLossGrad');
  assertMaxWeight(maxWeight, 'luffyShapedLossGrad');
  const p = Math.exp(logp);
  if (luffyShape(p, gamma) > maxWeight) return 0;
  return noNegativeZero((-advantage * gamma * p) / ((p + gamma) * (p + gamma)));
}
