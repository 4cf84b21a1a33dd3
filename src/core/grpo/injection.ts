import type { Rng } from '../rng';

/** Offline sample injection knobs for one group (Section 4.3; paper, Appendix B.5: γ = 0.125, up to 4 solutions). */
export interface InjectionOptions {
  /** Inject when the online accuracy of the group is ≤ gamma. */
  gamma: number;
  /** K: verified-correct offline (teacher) solutions available for this problem. */
  numOffline: number;
}

/** Online sample `online` is swapped out for offline solution `offline` (an index into the K available). */
export interface InjectionSwap {
  online: number;
  offline: number;
}

export interface InjectionPlan {
  /** Share of the group's online samples that were correct. */
  accuracy: number;
  /** accuracy ≤ gamma (and the group is not empty); swaps may still be empty, e.g. with K = 0. */
  triggered: boolean;
  /** Ascending by online index. */
  swaps: InjectionSwap[];
}

/**
 * Decides, for one group, which online samples are replaced by offline solutions (Section 4.3:
 * "swap the offline samples with randomly selected online ones" when accuracy ≤ γ).
 *
 * Choices the paper leaves open:
 * - Only incorrect online samples may be swapped out, uniformly at random among them. At
 *   accuracy ≤ γ the group holds at most a rare correct on-policy sample; swapping it out would
 *   discard the one on-policy success injection is meant to complement. With the paper's
 *   setting (G = 8, γ = 0.125, K ≤ 4) this differs from a uniform pick over all G only in which
 *   of the wrong ones go.
 * - At least one incorrect online sample stays: offline solutions are verified correct, so a
 *   group made only of correct samples would have all-equal rewards — zero advantage again, the
 *   very problem injection fixes. Hence at most min(K, #incorrect − 1) swaps; with the paper's
 *   setting the cap never binds.
 * - When K exceeds the number of swaps, which offline solutions are used is random too.
 * The rng is drawn from only when there is something to swap.
 */
export function planInjection(onlineCorrect: boolean[], opts: InjectionOptions, rng: Rng): InjectionPlan {
  const { gamma, numOffline } = opts;
  if (!(gamma >= 0 && gamma <= 1)) throw new Error(`planInjection: gamma must be in [0, 1], got ${gamma}`);
  if (!Number.isInteger(numOffline) || numOffline < 0) {
    throw new Error(`planInjection: numOffline must be an integer >= 0, got ${numOffline}`);
  }
  const groupSize = onlineCorrect.length;
  if (groupSize === 0) return { accuracy: 0, triggered: false, swaps: [] };
  const incorrect = onlineCorrect.flatMap((c, i) => (c ? [] : [i]));
  // k / G is correctly rounded, so a γ written as the same fraction (0.125 = 1/8) compares equal: the edge injects.
  const accuracy = (groupSize - incorrect.length) / groupSize;
  const triggered = accuracy <= gamma;
  const count = triggered ? Math.min(numOffline, Math.max(0, incorrect.length - 1)) : 0;
  if (count === 0) return { accuracy, triggered, swaps: [] };
  const online = rng.sampleIndices(incorrect.length, count).map((j) => incorrect[j]);
  const offline = rng.sampleIndices(numOffline, count);
  const swaps = online.map((o, j) => ({ online: o, offline: offline[j] })).sort((a, b) => a.online - b.online);
  return { accuracy, triggered, swaps };
}

/** Where a slot of the injected group comes from: online sample `index`, or offline solution `index`. */
export interface SampleSource {
  offPolicy: boolean;
  index: number;
}

export interface InjectedGroup {
  /** R_on (swapped-out samples excluded) ∪ R_off, slot by slot: the input of Eq. 8. */
  rewards: number[];
  /** True where the slot holds an injected offline sample (LUFFY's loss applies there, if enabled). */
  offPolicy: boolean[];
  source: SampleSource[];
}

/**
 * The group the update sees after injection: each swapped slot holds its offline solution, every
 * other slot its online sample, so the group keeps its size G and the trainer can gather sequences
 * slot by slot. Feed `[rewards]` to groupAdvantages for Eq. 8.
 */
export function buildInjectedGroup(onlineRewards: number[], offlineRewards: number[], plan: InjectionPlan): InjectedGroup {
  const source: SampleSource[] = onlineRewards.map((_, i) => ({ offPolicy: false, index: i }));
  const usedOffline = new Set<number>();
  for (const { online, offline } of plan.swaps) {
    if (!(online >= 0 && online < onlineRewards.length) || source[online].offPolicy) {
      throw new Error(`buildInjectedGroup: swap of online sample ${online} is out of range or repeated`);
    }
    if (!(offline >= 0 && offline < offlineRewards.length) || usedOffline.has(offline)) {
      throw new Error(`buildInjectedGroup: offline solution ${offline} is out of range or used twice`);
    }
    usedOffline.add(offline);
    source[online] = { offPolicy: true, index: offline };
  }
  return {
    rewards: source.map((s) => (s.offPolicy ? offlineRewards[s.index] : onlineRewards[s.index])),
    offPolicy: source.map((s) => s.offPolicy),
    source,
  };
}
