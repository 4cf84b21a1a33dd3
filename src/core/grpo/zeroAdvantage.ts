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

/**
 * The chance that a group of G independent samples of a problem with per-sample accuracy p has
 * zero advantage under the verifier's 0/1 reward: all right or all wrong, pᴳ + (1 − p)ᴳ
 * (Section 4.1). A group of one always has (G = 1 gives 1 at every p).
 */
export function zeroAdvantageChance(p: number, G: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`zeroAdvantageChance: accuracy must be in [0, 1], got ${p}`);
  if (!Number.isInteger(G) || G < 1) throw new Error(`zeroAdvantageChance: G must be a positive integer, got ${G}`);
  return p ** G + (1 - p) ** G;
}

/** C(k, G) / C(n, G): the chance that G of n samples drawn without replacement all come from k marked ones. */
function allFrom(k: number, n: number, G: number): number {
  let q = 1;
  for (let j = 0; j < G && q > 0; j++) q *= Math.max(0, k - j) / (n - j);
  return q;
}

/**
 * pᴳ and (1 − p)ᴳ estimated from `correct` right answers of `samples` independent samples, for
 * G ≤ samples. The estimate is C(k, G) / C(n, G) (and C(n − k, G) / C(n, G)): the chance that G of
 * the n samples, drawn without replacement, are all right (all wrong). It is unbiased for pᴳ,
 * the one unbiased estimate there is from k of n. The plug-in (k / n)ᴳ is not: it overstates pᴳ
 * (Jensen), the more the larger G is against n; with 2 right of 4 and G = 4 it predicts 1/8 of
 * groups all-equal where none of the four can be. No unbiased estimate exists for G > n.
 */
export function zeroAdvantageEstimate(correct: number, samples: number, G: number): { allCorrect: number; allWrong: number } {
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`zeroAdvantageEstimate: samples must be a positive integer, got ${samples}`);
  if (!Number.isInteger(correct) || correct < 0 || correct > samples) throw new Error(`zeroAdvantageEstimate: correct must be an integer in [0, ${samples}], got ${correct}`);
  if (!Number.isInteger(G) || G < 1 || G > samples) throw new Error(`zeroAdvantageEstimate: G must be an integer in [1, ${samples}] (the samples per problem), got ${G}`);
  return { allCorrect: allFrom(correct, samples, G), allWrong: allFrom(samples - correct, samples, G) };
}

/**
 * The share of groups of G that independent sampling predicts to be all right and all wrong,
 * from `counts[k]`, the number of problems with k of n = counts.length − 1 samples right: the mean
 * over problems of zeroAdvantageEstimate. With G = n it is the measured share itself.
 */
export function predictedGroupKinds(counts: readonly number[], G: number): { allCorrectShare: number; allWrongShare: number } {
  const n = counts.length - 1;
  const problems = counts.reduce((a, b) => a + b, 0);
  if (problems === 0) return { allCorrectShare: 0, allWrongShare: 0 };
  let allCorrect = 0;
  let allWrong = 0;
  counts.forEach((c, k) => {
    if (c === 0) return;
    const e = zeroAdvantageEstimate(k, n, G);
    allCorrect += c * e.allCorrect;
    allWrong += c * e.allWrong;
  });
  return { allCorrectShare: allCorrect / problems, allWrongShare: allWrong / problems };
}

/** Problems by how many of their samples are right: counts[k] for k = 0 … samples per problem. */
export function correctCounts(correct: readonly (readonly boolean[])[]): number[] {
  const n = correct[0]?.length ?? 0;
  const counts = Array.from({ length: n + 1 }, () => 0);
  correct.forEach((row, i) => {
    if (row.length !== n) throw new Error(`correctCounts: problem ${i} has ${row.length} samples, problem 0 has ${n}`);
    counts[row.filter(Boolean).length]++;
  });
  return counts;
}

/** Zero advantage at one group size: measured on disjoint groups, and predicted from the accuracies. */
export interface GroupSizeCensus {
  groupSize: number;
  /** Groups measured: ⌊n / G⌋ disjoint groups of each problem's n samples. */
  groups: number;
  allCorrectShare: number;
  allWrongShare: number;
  effectiveShare: number;
  /** What independent sampling predicts from each problem's n samples (predictedGroupKinds). */
  predictedAllCorrectShare: number;
  predictedAllWrongShare: number;
}

/**
 * Figure 2 at group size G from one pool of n samples per problem: the samples of each problem are
 * cut into ⌊n / G⌋ disjoint groups of G in the order they were drawn (independent draws, so any
 * cut is a random one; a rest of n mod G samples is left out), each group is scored as training
 * scores it (groupKind on 0/1 rewards), and every problem weighs the same.
 */
export function groupSizeCensus(correct: readonly (readonly boolean[])[], G: number): GroupSizeCensus {
  const counts = correctCounts(correct);
  const n = counts.length - 1;
  if (!Number.isInteger(G) || G < 1 || G > n) throw new Error(`groupSizeCensus: G must be an integer in [1, ${n}] (the samples per problem), got ${G}`);
  const kinds: GroupKind[] = [];
  for (const row of correct) {
    for (let start = 0; start + G <= n; start += G) {
      const group = row.slice(start, start + G);
      kinds.push(groupKind(group, group.map((c) => (c ? 1 : 0))));
    }
  }
  const measured = groupKindShares(kinds);
  const predicted = predictedGroupKinds(counts, G);
  return {
    groupSize: G,
    groups: measured.numGroups,
    allCorrectShare: measured.allCorrectShare,
    allWrongShare: measured.allWrongShare,
    effectiveShare: measured.effectiveShare,
    predictedAllCorrectShare: predicted.allCorrectShare,
    predictedAllWrongShare: predicted.allWrongShare,
  };
}
