import { Rng } from '../rng';

/**
 * The task world: chains of one-digit operations modulo 10, evaluated left to right.
 * A single step is a lookup in a small table, so a small policy learns it quickly; difficulty
 * comes from the number of steps, because one slip anywhere spoils the answer.
 */
export const MODULUS = 10;
export const OPS = ['+', '-', '*'] as const;
export type Op = (typeof OPS)[number];

export interface Step {
  op: Op;
  operand: number;
}

/**
 * Prompt formats. `chain` is the in-domain format that RL trains on; the others state the same
 * kind of computation differently and serve as out-of-domain families for generalisation.
 */
export const FAMILIES = ['chain', 'words', 'list', 'paren'] as const;
export type Family = (typeof FAMILIES)[number];

export const NOISE_KINDS = ['n1', 'n2'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

export interface Noise {
  kind: NoiseKind;
  /** The distractor text put before the question (many-shot, Appendix D). */
  prefix: string;
}

export interface Problem {
  /** Stable identity of the computation and its wording (the noise prefix excluded). */
  id: string;
  family: Family;
  start: number;
  steps: Step[];
  answer: number;
  /** The text the policy is conditioned on. */
  prompt: string;
  noise?: Noise;
}

export function applyOp(a: number, op: Op, b: number): number {
  const raw = op === '+' ? a + b : op === '-' ? a - b : a * b;
  return ((raw % MODULUS) + MODULUS) % MODULUS;
}

/** The intermediate values a0, a1, …, an of the chain; the last one is the answer. */
export function chainValues(start: number, steps: readonly Step[]): number[] {
  const values = [start];
  for (const s of steps) values.push(applyOp(values[values.length - 1], s.op, s.operand));
  return values;
}

const WORD: Record<Op, string> = { '+': 'plus', '-': 'minus', '*': 'times' };

/** The question, without the noise prefix. Every question ends with '=?' and a newline. */
export function questionText(family: Family, start: number, steps: readonly Step[]): string {
  switch (family) {
    case 'chain':
      return `Q:${start}${steps.map((s) => `${s.op}${s.operand}`).join('')}=?\n`;
    case 'words':
      return `Q:${start} ${steps.map((s) => `${WORD[s.op]} ${s.operand}`).join(' ')}=?\n`;
    case 'list':
      if (steps.some((s) => s.op !== '+')) throw new Error("the 'list' family only adds");
      return `Q:add ${[start, ...steps.map((s) => s.operand)].join(',')}=?\n`;
    case 'paren': {
      let expr = String(start);
      steps.forEach((s, i) => {
        expr = i < steps.length - 1 ? `(${expr}${s.op}${s.operand})` : `${expr}${s.op}${s.operand}`;
      });
      return `Q:${expr}=?\n`;
    }
  }
}

export function makeProblem(family: Family, start: number, steps: Step[], noise?: Noise): Problem {
  const values = chainValues(start, steps);
  const question = questionText(family, start, steps);
  return {
    id: `${family}:${question.slice(2, -3)}`,
    family,
    start,
    steps,
    answer: values[values.length - 1],
    prompt: (noise?.prefix ?? '') + question,
    ...(noise ? { noise } : {}),
  };
}

/**
 * Operands are one digit, except that a step may take a two-digit operand ("3+47"). Modulo 10 only
 * its last digit matters, and the teacher writes that reduction out ("3+47=3+7=0;"), so big
 * operands call for a second solution strategy: rare in the supervised data, needed by the
 * `ood-big` suite (the data–oracle gap of the paper's Figure 1).
 */
export const OPERAND = { min: 1, max: 9 } as const;
export const BIG_OPERAND = { min: 10, max: 99 } as const;

export function isBigOperand(operand: number): boolean {
  return operand >= BIG_OPERAND.min;
}

/**
 * A random chain of `numOps` steps; the `list` family draws additions only. Each step's operand is
 * two-digit with probability `bigShare`; at 0 no extra random number is drawn, so the problems of
 * a seed are the same as before big operands existed.
 */
export function randomSteps(rng: Rng, numOps: number, family: Family, bigShare = 0): Step[] {
  if (bigShare < 0 || bigShare > 1) throw new Error(`bigShare must be in [0, 1], got ${bigShare}`);
  return Array.from({ length: numOps }, () => {
    const op = family === 'list' ? '+' : rng.pick(OPS);
    const big = bigShare > 0 && rng.next() < bigShare;
    return { op, operand: big ? rng.int(BIG_OPERAND.min, BIG_OPERAND.max) : rng.int(OPERAND.min, OPERAND.max) };
  });
}

export function randomProblem(rng: Rng, family: Family, numOps: number, noise?: (answer: number) => Noise, bigShare = 0): Problem {
  const start = rng.int(0, 9);
  const steps = randomSteps(rng, numOps, family, bigShare);
  const plain = makeProblem(family, start, steps);
  return noise ? makeProblem(family, start, steps, noise(plain.answer)) : plain;
}

/**
 * The chain problem written as `start` then operator–operand pairs ("9-8*47"), the form a
 * chain problem's id carries after `chain:`; throws on anything else.
 */
export function parseChain(text: string): Problem {
  const m = /^(\d)((?:[-+*]\d{1,2})*)$/.exec(text);
  if (!m) throw new Error(`not a chain problem: ${JSON.stringify(text)}`);
  const steps = [...m[2].matchAll(/([-+*])(\d{1,2})/g)].map((s) => ({ op: s[1] as Op, operand: Number(s[2]) }));
  if (steps.some((s) => s.operand < OPERAND.min || s.operand > BIG_OPERAND.max)) throw new Error(`operand out of range in ${JSON.stringify(text)}`);
  return makeProblem('chain', Number(m[1]), steps);
}
