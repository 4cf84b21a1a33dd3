/**
 * GRPO maths on plain numbers (no TF.js, no model), in the manner of verl's core_algos: the
 * trainer (../training) composes these and mirrors the per-token formulas in TF.js, checked
 * against the gradients here. Data flows reward → advantages → filter → per-token loss → aggregation.
 */
export { groupAdvantages, DEFAULT_ADVANTAGE_EPS, type GroupAdvantageOptions } from './advantages';
export { sampleFilterMask } from './sampleFilter';
export {
  relativeLengthReward,
  rewardWithRelativeLength,
  type LengthSample,
  type RelativeLengthRewardOptions,
} from './relativeLength';
export { clippedSurrogate, clippedSurrogateGrad, isClipped } from './surrogate';
export { k3KL, k3KLGrad } from './kl';
export { aggregateLoss } from './aggregate';
export { luffyShape, luffyShapedLoss, luffyShapedLossGrad, DEFAULT_LUFFY_GAMMA } from './luffy';
export {
  planInjection,
  buildInjectedGroup,
  type InjectionOptions,
  type InjectionSwap,
  type InjectionPlan,
  type InjectedGroup,
  type SampleSource,
} from './injection';
export { zeroAdvantageStats, type ZeroAdvantageStats } from './zeroAdvantage';
export { tokenWeights } from './weights';
