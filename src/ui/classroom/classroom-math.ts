import { groupAdvantages, groupKind, groupKindShares, rewardWithRelativeLength, type GroupKind, type RelativeLengthRewardOptions } from '../../core/grpo';
import { chainValues, type Op, type Step } from '../../core/tasks/problems';
import { extractAnswer } from '../../core/tasks/verifier';

/**
 * The classroom's zero-advantage arithmetic on one batch of sampled groups, with the same pure
 * functions the trainer uses: verifier rewards (1 correct, 0 wrong), optionally plus the relative
 * length reward (Eq. 6-7), group advantages (Eq. 1), and the share of groups whose rewards are
 * all equal: those give the update nothing (Section 4.1, Figure 2).
 */
export interface ClassroomSample {
  correct: boolean;
  length: number;
}

export type { GroupKind } from '../../core/grpo';

export interface ClassroomRow {
  rewards: number[];
  advantages: number[];
  /** True when every reward is the same: zero advantage everywhere, no gradient. */
  noGradient: boolean;
  kind: GroupKind;
  accuracy: number;
}

export interface ClassroomSummary {
  rows: ClassroomRow[];
  /** Share of groups with all-equal rewards (the wasted share). */
  wastedShare: number;
  allCorrectShare: number;
  allWrongShare: number;
  /** Mixed right and wrong answers whose rewards still come out equal (RLR with a negative upper clip). */
  otherEqualShare: number;
  effectiveShare: number;
}

export interface ClassroomOptions {
  /** Add RLR to the verifier reward; off: verifier only. */
  rlr: RelativeLengthRewardOptions | null;
  scaleRewards: boolean;
}

export function classroomSummary(groups: readonly (readonly ClassroomSample[])[], opts: ClassroomOptions): ClassroomSummary {
  const rewards = groups.map((g) => rewardWithRelativeLength(g, opts.rlr));
  const advantages = groupAdvantages(rewards, { scaleRewards: opts.scaleRewards });
  const rows = groups.map((g, i): ClassroomRow => {
    const r = rewards[i];
    const kind = groupKind(g.map((s) => s.correct), r);
    const correct = g.filter((s) => s.correct).length;
    return { rewards: r, advantages: advantages[i], noGradient: kind !== 'effective', kind, accuracy: g.length ? correct / g.length : 0 };
  });
  const shares = groupKindShares(rows.map((r) => r.kind));
  return {
    rows,
    wastedShare: shares.allEqualShare,
    allCorrectShare: shares.allCorrectShare,
    allWrongShare: shares.allWrongShare,
    otherEqualShare: shares.otherEqualShare,
    effectiveShare: shares.effectiveShare,
  };
}

/** The probability that a group of G samples is all-correct or all-wrong when each is correct with probability p: p^G + (1-p)^G. */
export function expectedWastedShare(p: number, G: number): number {
  return p ** G + (1 - p) ** G;
}

/** One step of a problem as the task computes it: the value before, the operation, the value after (mod 10). */
export interface ChainStepShown {
  op: Op;
  operand: number;
  value: number;
}

/**
 * A problem walked step by step with the task's own rule (left to right, each result mod 10), for
 * the line that explains the notation: `5-5-6+1*4*5*2` reads 5, −5 → 0, −6 → 4, +1 → 5, *4 → 0 …
 */
export function walkChain(start: number, steps: readonly Step[]): ChainStepShown[] {
  const values = chainValues(start, steps);
  return steps.map((s, i) => ({ op: s.op, operand: s.operand, value: values[i + 1] }));
}

/** The walk as text: `5 −5 → 0 −6 → 4 +1 → 5 *4 → 0`. The minus is the typographic one, so it reads as an operation. */
export function walkText(start: number, steps: readonly Step[]): string {
  return [String(start), ...walkChain(start, steps).map((s) => `${s.op === '-' ? '−' : s.op}${s.operand} → ${s.value}`)].join('  ');
}

/** What a completion answered, for its cell: the number in the marker, or '?' when the verifier could not read one. */
export function answerShown(completion: string): string {
  const got = extractAnswer(completion);
  return got.ok ? String(got.value) : '?';
}

/** The completion on one line for the projector: whitespace folded, at most `max` characters, cut with an ellipsis. */
export function completionLine(completion: string, max = 90): string {
  const one = completion.replace(/\s+/g, ' ').trim();
  if (!one) return '(nothing)';
  return one.length <= max ? one : `${one.slice(0, Math.max(1, max - 1))}…`;
}
