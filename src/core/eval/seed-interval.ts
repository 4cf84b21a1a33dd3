import { tQuantile } from './student-t';

/**
 * Intervals that hold what varies between training seeds, and between problems.
 *
 * An arm is trained at S seeds and evaluated on the same P problems, R runs each. Its Pass@1 (or
 * the paired difference of two arms: seed s of every arm has the same prompt schedule and
 * evaluation seeds) is the mean of an S × P table of cell values x[s][p] (a problem's accuracy over
 * its runs at that seed). The table is read as a crossed random-effects model,
 *   x[s][p] = μ + a[s] + b[p] + e[s][p],
 * seeds and problems both drawn from larger populations (runs' noise lives in e). The mean's
 * variance is σa²/S + σb²/P + σe²/(SP), estimated from the two-way ANOVA mean squares with the
 * components floored at 0, and the interval uses Student's t with Welch–Satterthwaite degrees of
 * freedom. With 5 seeds a bootstrap over seeds would cover about 80 % for a nominal 95 %; this
 * covers 95 % in simulation (seed-interval.test.ts).
 */
export interface SeedInterval {
  mean: number;
  lo: number;
  hi: number;
  /** Standard error of the mean, and the degrees of freedom of its t interval. */
  se: number;
  df: number;
  level: number;
  seeds: number;
  problems: number;
  /** The estimated variance components: between seeds, between problems, residual (seed × problem and runs). */
  components: { seed: number; problem: number; residual: number };
}

/** Why there is no interval: fewer than two seeds cannot say how much a seed moves the result. */
export const NEEDS_SEEDS = 'needs ≥ 2 training seeds';

/** The mean of an S × P table (rows: seeds, columns: problems) with its interval, or null with S < 2. */
export function seedProblemInterval(cells: readonly (readonly number[])[], level = 0.95): SeedInterval | null {
  const S = cells.length;
  if (S < 2) return null;
  const P = cells[0].length;
  if (P === 0) throw new Error('seedProblemInterval: no problems');
  if (cells.some((row) => row.length !== P)) throw new Error('seedProblemInterval: every seed needs a value for every problem');
  if (!(level > 0 && level < 1)) throw new Error(`seedProblemInterval: level must be in (0, 1), got ${level}`);
  const mean = cells.flat().reduce((a, b) => a + b, 0) / (S * P);
  const seedMeans = cells.map((row) => row.reduce((a, b) => a + b, 0) / P);
  const problemMeans = Array.from({ length: P }, (_, p) => cells.reduce((a, row) => a + row[p], 0) / S);
  const msSeed = (P * seedMeans.reduce((a, m) => a + (m - mean) ** 2, 0)) / (S - 1);
  let varMean: number;
  let df: number;
  let components: SeedInterval['components'];
  if (P === 1) {
    // One problem: no problem variance to estimate; the interval is about that problem.
    varMean = msSeed / S;
    df = S - 1;
    components = { seed: msSeed, problem: 0, residual: 0 };
  } else {
    const msProblem = (S * problemMeans.reduce((a, m) => a + (m - mean) ** 2, 0)) / (P - 1);
    let ssResidual = 0;
    for (let s = 0; s < S; s++) for (let p = 0; p < P; p++) ssResidual += (cells[s][p] - seedMeans[s] - problemMeans[p] + mean) ** 2;
    const msResidual = ssResidual / ((S - 1) * (P - 1));
    const seed = Math.max(0, (msSeed - msResidual) / P);
    const problem = Math.max(0, (msProblem - msResidual) / S);
    components = { seed, problem, residual: msResidual };
    varMean = seed / S + problem / P + msResidual / (S * P);
    // Satterthwaite: Var(mean)·S·P = [MS_seed] + [MS_problem] + c·MS_residual, where a component
    // floored at 0 drops its mean square and c = 1 − (the number of components kept).
    const kept = (seed > 0 ? 1 : 0) + (problem > 0 ? 1 : 0);
    const terms: [number, number][] = [
      [seed > 0 ? msSeed : 0, S - 1],
      [problem > 0 ? msProblem : 0, P - 1],
      [(1 - kept) * msResidual, (S - 1) * (P - 1)],
    ];
    df = satterthwaite(varMean * S * P, terms);
  }
  const se = Math.sqrt(varMean);
  const half = se === 0 ? 0 : tQuantile(1 - (1 - level) / 2, df) * se;
  return { mean, lo: mean - half, hi: mean + half, se, df, level, seeds: S, problems: P, components };
}

/** Welch–Satterthwaite degrees of freedom of a sum of mean-square terms (coefficient × MS, df). */
function satterthwaite(total: number, terms: readonly [number, number][]): number {
  const denominator = terms.reduce((a, [value, df]) => a + (value * value) / df, 0);
  return denominator > 0 ? (total * total) / denominator : Infinity;
}
