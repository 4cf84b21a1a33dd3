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
}

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

/** How many re-checks a trace carries: what a policy could drop without skipping a step. */
export function recheckCount(trace: string): number {
  return trace.split(RECHECK).length - 1;
}
