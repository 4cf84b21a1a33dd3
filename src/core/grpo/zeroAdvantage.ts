import { allEqual } from './numbers';

/** One step's zero-advantage accounting (Figure 2's split of groups, Figure 6's used samples). */
export interface ZeroAdvantageStats {
  numGroups: number;
  /** Groups whose rewards are all equal (zero advantage for every sample, G = 1 included). */
  allEqualGroups: number;
  /** … of which every reward is 1: every sample verified correct. */
  allCorrectGroups: number;
  /** … of which every reward is 0: every sample wrong. */
  allWrongGroups: number;
  /** … of which the rewards are equal but neither all 1 nor all 0 (only shaped rewards, e.g. RLR, can do that). */
  otherEqualGroups: number;
  /** Groups with some reward spread: the only ones that give a gradient. */
  effectiveGroups: number;
  allEqualShare: number;
  allCorrectShare: number;
  allWrongShare: number;
  otherEqualShare: number;
  effectiveShare: number;
  /** Samples the update actually used with A > 0 (kept by the sample filter). */
  positiveUsed: number;
  /** Samples the update actually used with A < 0 (kept by the sample filter). */
  negativeUsed: number;
}

/**
 * Counts, for one step, how much of the batch the zero-advantage problem (Section 4.1) wasted.
 * `rewards` are the rewards the advantages were computed on (verification 0/1, plus RLR or with
 * injected samples when those are on): with RLR an all-correct group of different lengths is no
 * longer all-equal, which is the point of RLR. `advantages` and `keep` (from sampleFilterMask)
 * give the positive and negative samples the update really used.
 */
export function zeroAdvantageStats(rewards: number[][], advantages: number[][], keep: boolean[][]): ZeroAdvantageStats {
  if (advantages.length !== rewards.length || keep.length !== rewards.length) {
    throw new Error(`zeroAdvantageStats: ${rewards.length} reward groups, ${advantages.length} advantage groups, ${keep.length} keep groups`);
  }
  let allCorrectGroups = 0;
  let allWrongGroups = 0;
  let otherEqualGroups = 0;
  let positiveUsed = 0;
  let negativeUsed = 0;
  rewards.forEach((group, g) => {
    if (advantages[g].length !== group.length || keep[g].length !== group.length) {
      throw new Error(`zeroAdvantageStats: group ${g} has ${group.length} rewards, ${advantages[g].length} advantages, ${keep[g].length} keep flags`);
    }
    if (group.length === 0) throw new Error(`zeroAdvantageStats: group ${g} is empty`);
    if (allEqual(group)) {
      if (group[0] === 1) allCorrectGroups++;
      else if (group[0] === 0) allWrongGroups++;
      else otherEqualGroups++;
    }
    advantages[g].forEach((a, i) => {
      if (!keep[g][i]) return;
      if (a > 0) positiveUsed++;
      else if (a < 0) negativeUsed++;
    });
  });
  const numGroups = rewards.length;
  const allEqualGroups = allCorrectGroups + allWrongGroups + otherEqualGroups;
  const effectiveGroups = numGroups - allEqualGroups;
  const share = (n: number): number => (numGroups === 0 ? 0 : n / numGroups);
  return {
    numGroups,
    allEqualGroups,
    allCorrectGroups,
    allWrongGroups,
    otherEqualGroups,
    effectiveGroups,
    allEqualShare: share(allEqualGroups),
    allCorrectShare: share(allCorrectGroups),
    allWrongShare: share(allWrongGroups),
    otherEqualShare: share(otherEqualGroups),
    effectiveShare: share(effectiveGroups),
    positiveUsed,
    negativeUsed,
  };
}
