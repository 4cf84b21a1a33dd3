/** Small helpers on plain numbers shared by the GRPO maths (and the evaluation charts' means); not exported from the module's index. */

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Exact equality, on purpose: a group whose rewards are bit-identical has no learning signal, and
 * both the advantages and the zero-advantage accounting must agree on which groups those are.
 */
export function allEqual(xs: readonly number[]): boolean {
  return xs.every((x) => x === xs[0]);
}

/** min(max(x, lo), hi). */
export function clip(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

/** Turns -0 into 0, so a loss of "nothing" never prints or compares as -0. */
export function noNegativeZero(x: number): number {
  return x === 0 ? 0 : x;
}

export function assertFinite(xs: readonly number[], where: string, what: string): void {
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) throw new Error(`${where}: ${what}[${i}] must be a finite number, got ${xs[i]}`);
  }
}
