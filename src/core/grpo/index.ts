/**
 * The GRPO rules on plain numbers (no TF.js, no model, no trainer), in the manner of verl's
 * core_algos; each is defined once here and the trainer (../training), the inspector and the
 * classroom call it. Data flows reward (+ RLR) → injection → advantages → filter → zero-advantage
 * census → per-token loss (clipped surrogate, k3 KL, LUFFY shaping) → aggregation by loss type.
 * The per-token rules' tensor forms sit beside them in tensor.ts, which this index leaves out so
 * that importing the rules never loads TF.js; tensor.test.ts checks them against these.
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
export { aggregateLoss, tokenWeights } from './aggregate';
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
export {
  zeroAdvantageStats,
  groupKind,
  groupKindShares,
  zeroAdvantageChance,
  zeroAdvantageEstimate,
  predictedGroupKinds,
  correctCounts,
  groupSizeCensus,
  type ZeroAdvantageStats,
  type GroupKind,
  type GroupKindShares,
  type GroupSizeCensus,
} from './zeroAdvantage';
