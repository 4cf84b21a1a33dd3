import { Rng } from '../rng';
import { applyOp, isBigOperand, MODULUS, type Problem } from './problems';
import { ANSWER_CLOSE, ANSWER_OPEN } from './verifier';

/**
 * The programmatic teacher: writes a correct chain-of-thought for a problem, one line per step
 * ("3+8=1;"), then the answer in the marker.
 *
 * - A two-digit operand is reduced to its last digit first ("3+47=3+7=0;"): the second strategy,
 *   needed only on big operands.
 * - `verbosity` is the chance, per step, of a redundant re-check of the step just written
 *   ("chk 3+8=1;"). A re-check never changes the answer, so a policy can drop every one of them
 *   without skipping a step: the redundancy a length reward can remove (the paper's "wait, let me
 *   verify").
 */
export interface TraceStyle {
  /** Probability in [0, 1] of re-checking each step. 0 writes the concise trace. */
  verbosity: number;
  /**
   * `steps` (the SFT data's: "3+8=1;1*2=2;") or `expert`, a notation the SFT data never shows: the
   * start value once, then each step as operator, operand and result, the reduction of a two-digit
   * operand left implicit ("3,+8=1,*12=2,"). Re-checks are the `steps` notation's only.
   */
  notation?: 'steps' | 'expert';
}

/**
 * The teacher of offline sample injection (Section 4.3): verified solutions in the `expert`
 * notation, so that, as with the paper's off-policy traces from a stronger model, injected samples
 * are unlikely under the policy rather than copies of its own SFT data.
 */
export const INJECTION_TEACHER: TraceStyle = { verbosity: 0, notation: 'expert' };

/** The re-check's prefix, the one place its wording lives. */
export const RECHECK = 'chk ';

export function stepText(a: number, op: string, b: number, c: number): string {
  return isBigOperand(b) ? `${a}${op}${b}=${a}${op}${b % MODULUS}=${c};` : `${a}${op}${b}=${c};`;
}

/** The re-check of a step: the one-digit form of the step, behind RECHECK. */
export function recheckText(a: number, op: string, b: number, c: number): string {
  return `${RECHECK}${a}${op}${b % MODULUS}=${c};`;
}

export function teacherTrace(problem: Problem, style: TraceStyle, rng: Rng): string {
  if (!(style.verbosity >= 0 && style.verbosity <= 1)) throw new Error(`verbosity must be in [0, 1], got ${style.verbosity}`);
  if (style.notation === 'expert') return expertTrace(problem);
  let value = problem.start;
  let text = '';
  for (const s of problem.steps) {
    const next = applyOp(value, s.op, s.operand);
    text += stepText(value, s.op, s.operand, next);
    if (style.verbosity > 0 && rng.next() < style.verbosity) text += recheckText(value, s.op, s.operand, next);
    value = next;
  }
  return `${text}${ANSWER_OPEN}${value}${ANSWER_CLOSE}`;
}

function expertTrace(problem: Problem): string {
  let value = problem.start;
  let text = `${value},`;
  for (const s of problem.steps) {
    value = applyOp(value, s.op, s.operand);
    text += `${s.op}${s.operand}=${value},`;
  }
  return `${text}${ANSWER_OPEN}${value}${ANSWER_CLOSE}`;
}

/** How many re-checks a trace carries: what a policy could drop without skipping a step. */
export function recheckCount(trace: string): number {
  return trace.split(RECHECK).length - 1;
}
