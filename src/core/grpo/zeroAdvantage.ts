import { allEqual } from './numbers';

/** One step's zero-advantage accounting (Figure 2's split of groups, Figure 6's used samples). */
export interface ZeroAdvantageStats extends GroupKindShares {
  /** Samples the update actually used with A > 0 (kept by the sample filter). */
  positiveUsed: number;
  /** Samples the update actually used with A < 0 (kept by the sample filter). */
  negativeUsed: number;
}

/**
 * Why a group does or does not give the update a gradient (Section 4.1, Figure 2), the one place
 * this is decided. `effective`: its rewards differ, so some advantage is non-zero. Otherwise the
 * rewards are all equal, and the group is split by what its answers were, not by the reward
 * values, because that is what the labels say: `all-correct` (every answer verified),
 * `all-wrong` (none), or `all-equal`, mixed answers whose rewards still come out equal — only
 * shaped rewards can do that, e.g. RLR with both clips at −1 scores a correct answer 1 − 1 = 0,
 * like a wrong one (the metrics' otherEqual).
 */
export type GroupKind = 'all-correct' | 'all-wrong' | 'all-equal' | 'effective';

export function groupKind(correct: readonly boolean[], rewards: readonly number[]): GroupKind {
  if (correct.length !== rewards.length) throw new Error(`groupKind: ${correct.length} answers but ${rewards.length} rewards`);
  if (!allEqual(rewards)) return 'effective';
  if (correct.every(Boolean)) return 'all-correct';
  return correct.some(Boolean) ? 'all-equal' : 'all-wrong';
}

/** Groups of each kind among `kinds`, and their shares (0, not NaN, with no groups). */
export interface GroupKindShares {
  numGroups: number;
  /** Groups whose rewards are all equal (zero advantage for every sample, G = 1 included). */
  allEqualGroups: number;
  /** … of which every answer is verified correct. */
  allCorrectGroups: number;
  /** … of which every answer is wrong. */
  allWrongGroups: number;
  /** … of which the answers are mixed yet the rewards equal (only shaped rewards, e.g. RLR, can do that). */
  otherEqualGroups: number;
  /** Groups with some reward spread: the only ones that give a gradient. */
  effectiveGroups: number;
  allEqualShare: number;
  allCorrectShare: number;
  allWrongShare: number;
  otherEqualShare: number;
  effectiveShare: number;
}

export function groupKindShares(kinds: readonly GroupKind[]): GroupKindShares {
  const count = (kind: GroupKind): number => kinds.filter((k) => k === kind).length;
  const allCorrectGroups = count('all-correct');
  const allWrongGroups = count('all-wrong');
  const otherEqualGroups = count('all-equal');
  const numGroups = kinds.length;
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
  };
}

/**
 * Counts, for one step, how much of the batch the zero-advantage problem (Section 4.1) wasted.
 * `correct` are the verifier's verdicts and `rewards` the rewards the advantages were computed on
 * (verification 0/1, plus RLR or with injected samples when those are on): with RLR an
 * all-correct group of different lengths is no longer all-equal, which is the point of RLR.
 * `advantages` and `keep` (from sampleFilterMask) give the positive and negative samples the
 * update really used.
 */
export function zeroAdvantageStats(correct: boolean[][], rewards: number[][], advantages: number[][], keep: boolean[][]): ZeroAdvantageStats {
  if (correct.length !== rewards.length || advantages.length !== rewards.length || keep.length !== rewards.length) {
    throw new Error(`zeroAdvantageStats: ${correct.length} answer groups, ${rewards.length} reward groups, ${advantages.length} advantage groups, ${keep.length} keep groups`);
  }
  let positiveUsed = 0;
  let negativeUsed = 0;
  const kinds = rewards.map((group, g) => {
    if (correct[g].length !== group.length || advantages[g].length !== group.length || keep[g].length !== group.length) {
      throw new Error(`zeroAdvantageStats: group ${g} has ${correct[g].length} answers, ${group.length} rewards, ${advantages[g].length} advantages, ${keep[g].length} keep flags`);
    }
    if (group.length === 0) throw new Error(`zeroAdvantageStats: group ${g} is empty`);
    advantages[g].forEach((a, i) => {
      if (!keep[g][i]) return;
      if (a > 0) positiveUsed++;
      else if (a < 0) negativeUsed++;
    });
    return groupKind(correct[g], group);
  });
  return { ...groupKindShares(kinds), positiveUsed, negativeUsed };
}
