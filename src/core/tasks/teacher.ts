import { Rng } from '../rng';
import { applyOp, type Problem } from './problems';
import { ANSWER_CLOSE, ANSWER_OPEN } from './verifier';

/**
 * The programmatic teacher: writes a correct chain-of-thought for a problem, one line per step
 * ("3+8=1;"), then the answer in the marker. `verbosity` is the chance, per step, of a redundant
 * re-check ("check 3+8=1 ok;"), so traces of one problem differ in length and a length reward has
 * something to shorten. The re-check never changes the answer.
 */
export interface TraceStyle {
  /** Probability in [0, 1] of re-checking each step. 0 writes the concise trace. */
  verbosity: number;
}

export function stepText(a: number, op: string, b: number, c: number): string {
  return `${a}${op}${b}=${c};`;
}

export function teacherTrace(problem: Problem, style: TraceStyle, rng: Rng): string {
  if (style.verbosity < 0 || style.verbosity > 1) throw new Error(`verbosity must be in [0, 1], got ${style.verbosity}`);
  let value = problem.start;
  let text = '';
  for (const s of problem.steps) {
    const next = applyOp(value, s.op, s.operand);
    const line = stepText(value, s.op, s.operand, next);
    text += line;
    if (style.verbosity > 0 && rng.next() < style.verbosity) text += `check ${line.slice(0, -1)} ok;`;
    value = next;
  }
  return `${text}${ANSWER_OPEN}${value}${ANSWER_CLOSE}`;
}
