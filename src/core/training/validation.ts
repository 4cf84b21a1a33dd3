import { VALIDATION_SUITE } from '../tasks/suites';

/**
 * The rules of validation-driven training, as pure functions of the validation history: when a
 * run has plateaued (so it stops), and which validated checkpoint it keeps (Appendix B.3: the best
 * validation Pass@1; B.4, for RLR: the shortest mean length whose Pass@1 is within 1 point of the
 * best). The driver evaluates, stores weights and applies the answer; nothing here touches a model.
 */

export const KEEP_RULES = ['best', 'shortest-within-1pt', 'last'] as const;
export type KeepRule = (typeof KEEP_RULES)[number];

/** Why a finished run ended: budget, every step of its stages ran; plateau, validation stopped improving first. */
export const RUN_ENDINGS = ['budget', 'plateau'] as const;
export type RunEnding = (typeof RUN_ENDINGS)[number];

/** B.4's tolerance: a checkpoint within this many Pass@1 points of the best counts as as good. */
export const KEEP_WITHIN_POINTS = 1;

/**
 * Pass@1 shares are means of 0/1 outcomes, so two that should be equal can differ in the last
 * bits (summation order); differences below this are ties, so "exactly 1 point" is within 1 point.
 */
const TIE = 1e-9;

/** What the rules read of one evaluation on the validation split. */
export interface ValidationPoint {
  step: number;
  /** Share in [0, 1]. */
  pass1: number;
  /** Mean completion length in tokens. */
  meanLength: number;
}

export interface PlateauRule {
  /** P: evaluations looked back over; 0 never stops early. */
  patience: number;
  /** X: the best Pass@1 must rise by more than this many points within the last P evaluations. */
  minImprovement: number;
}

function checkFinite(points: readonly ValidationPoint[]): void {
  points.forEach((p, i) => {
    if (!Number.isFinite(p.pass1) || !Number.isFinite(p.meanLength)) throw new Error(`validation point ${i} (step ${p.step}) has a non-finite Pass@1 or length: ${p.pass1}, ${p.meanLength}`);
  });
}

/**
 * True when the best Pass@1 of the last P evaluations is not more than X points above the best
 * of every evaluation before them. Needs P + 1 evaluations (the first is the starting policy),
 * so fewer never plateau.
 */
export function plateaued(points: readonly ValidationPoint[], rule: PlateauRule): boolean {
  checkFinite(points);
  const P = rule.patience;
  if (P <= 0 || points.length <= P) return false;
  const before = Math.max(...points.slice(0, points.length - P).map((p) => p.pass1));
  const recent = Math.max(...points.slice(points.length - P).map((p) => p.pass1));
  return recent - before <= rule.minImprovement / 100 + TIE;
}

/** Whether a beats b under the rule (a strict order; earlier steps win full ties). */
function beats(a: ValidationPoint, b: ValidationPoint, rule: Exclude<KeepRule, 'last'>): boolean {
  if (rule === 'best') return a.pass1 > b.pass1 + TIE || (Math.abs(a.pass1 - b.pass1) <= TIE && a.step < b.step);
  if (a.meanLength !== b.meanLength) return a.meanLength < b.meanLength;
  if (Math.abs(a.pass1 - b.pass1) > TIE) return a.pass1 > b.pass1;
  return a.step < b.step;
}

function bestPass1(points: readonly ValidationPoint[]): number {
  return Math.max(...points.map((p) => p.pass1));
}

/**
 * The index of the point the rule keeps, null for an empty history. best: the highest Pass@1, the
 * earliest on a tie. shortest-within-1pt: among points within 1 point of the best Pass@1, the
 * shortest mean length; equal lengths go to the higher Pass@1, then the earliest. last: the last.
 */
export function keptIndex(points: readonly ValidationPoint[], rule: KeepRule): number | null {
  checkFinite(points);
  if (points.length === 0) return null;
  if (rule === 'last') return points.length - 1;
  const floor = bestPass1(points) - KEEP_WITHIN_POINTS / 100 - TIE;
  let kept: number | null = null;
  points.forEach((p, i) => {
    if (rule === 'shortest-within-1pt' && p.pass1 < floor) return;
    if (kept === null || beats(p, points[kept], rule)) kept = i;
  });
  return kept;
}

/**
 * The points whose weights must be stored because the rule may keep one of them once training
 * ends, whatever comes later. Later points only add candidates and raise the best Pass@1, so a
 * point stays a candidate only if it is within 1 point of today's best and no other point has at
 * least its Pass@1 and beats it (that point would be kept whenever this one could be). For best
 * that is the best point alone; for last none (the trainer's own last weights are kept).
 */
export function keepCandidates(points: readonly ValidationPoint[], rule: KeepRule): number[] {
  checkFinite(points);
  if (points.length === 0 || rule === 'last') return [];
  if (rule === 'best') return [keptIndex(points, rule)!];
  const floor = bestPass1(points) - KEEP_WITHIN_POINTS / 100 - TIE;
  const out: number[] = [];
  points.forEach((p, i) => {
    if (p.pass1 < floor) return;
    const dominated = points.some((q, j) => j !== i && q.pass1 >= p.pass1 - TIE && beats(q, p, rule));
    if (!dominated) out.push(i);
  });
  return out;
}

/** The sentence a run record gives for the checkpoint it kept. */
export function keepReason(points: readonly ValidationPoint[], index: number, rule: KeepRule): string {
  const p = points[index];
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  if (rule === 'best') return `best validation Pass@1 (${pct(p.pass1)}) of ${points.length} evaluations`;
  if (rule === 'shortest-within-1pt') return `shortest mean validation length (${p.meanLength.toFixed(1)} tokens) with Pass@1 ${pct(p.pass1)}, within ${KEEP_WITHIN_POINTS} point of the best ${pct(bestPass1(points))}`;
  return 'the last step (validation.keep = last)';
}

/** A run's evaluations on the validation split, in step order (they share its evaluation list). */
export function validationPoints<T extends { suite: string }>(evals: readonly T[]): T[] {
  return evals.filter((p) => p.suite === VALIDATION_SUITE);
}

/** A run's evaluations on its `evaluation.suite`: Figure 3's curve. */
export function suitePoints<T extends { suite: string }>(evals: readonly T[]): T[] {
  return evals.filter((p) => p.suite !== VALIDATION_SUITE);
}
