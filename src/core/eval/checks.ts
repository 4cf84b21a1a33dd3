/**
 * Input checks shared by the evaluation metrics. Internal to `src/core/eval/`: a metric that
 * silently averaged a NaN or an empty list would print a plausible-looking score, so every
 * public function validates before it computes.
 */

/** `correct[problem][run]`: whether run `run` solved problem `problem`. */
export type CorrectnessMatrix = readonly (readonly boolean[])[];

export function assertNonEmpty(values: readonly unknown[], fn: string, what: string): void {
  if (values.length === 0) throw new Error(`${fn}: ${what} is empty`);
}

export function assertFinite(values: readonly number[], fn: string): void {
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`${fn}: value at index ${i} is not a finite number (${v})`);
  });
}

export function assertInteger(value: number, fn: string, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${fn}: ${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

/** Every problem must have at least one run; problems may have different numbers of runs. */
export function assertProblems(correct: CorrectnessMatrix, fn: string): void {
  assertNonEmpty(correct, fn, 'the list of problems');
  correct.forEach((runs, p) => {
    if (runs.length === 0) throw new Error(`${fn}: problem ${p} has zero runs`);
  });
}

/**
 * The number of runs of a rectangular matrix. Per-run scores only mean something when every
 * problem was attempted in every run, so a ragged matrix is an error here.
 */
export function runCount(correct: CorrectnessMatrix, fn: string): number {
  assertProblems(correct, fn);
  const runs = correct[0].length;
  correct.forEach((row, p) => {
    if (row.length !== runs) {
      throw new Error(`${fn}: problem ${p} has ${row.length} runs but problem 0 has ${runs}; every problem needs the same runs`);
    }
  });
  return runs;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Smallest and largest value of a non-empty list; a loop, since spreading a long list into Math.min overflows the stack. */
export function extent(values: readonly number[]): [number, number] {
  let lo = values[0];
  let hi = values[0];
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
