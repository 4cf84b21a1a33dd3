import { Rng } from '../rng';
import { assertFinite, assertInteger, assertNonEmpty, extent, sum } from './checks';

/**
 * A spread, an interval or an uncertain share needs runs that can disagree: with fewer than this
 * many they do not exist (null), and are shown as "—" with {@link NEEDS_RUNS}, never as 0.
 */
export const MIN_RUNS_FOR_SPREAD = 2;
export const NEEDS_RUNS = `needs ≥ ${MIN_RUNS_FOR_SPREAD} runs`;

/** `compute()` when `runs` can disagree, else null: a statistic of the spread between runs. */
export function overRuns<T>(runs: number, compute: () => T): T | null {
  return runs >= MIN_RUNS_FOR_SPREAD ? compute() : null;
}

export interface MeanStd {
  mean: number;
  /** Sample standard deviation (divides by N − 1); null for a single value, which has none. */
  std: number | null;
}

/** Mean and sample standard deviation, e.g. of the per-run Pass@1 scores behind Figure 4. */
export function meanStd(values: readonly number[]): MeanStd {
  assertNonEmpty(values, 'meanStd', 'the list of values');
  assertFinite(values, 'meanStd');
  const mean = sum(values) / values.length;
  if (values.length < MIN_RUNS_FOR_SPREAD) return { mean, std: null };
  const squares = sum(values.map((v) => (v - mean) ** 2));
  return { mean, std: Math.sqrt(squares / (values.length - 1)) };
}

export interface BootstrapOptions {
  /** Coverage of the interval, e.g. 0.95. */
  level: number;
  /** Number of bootstrap resamples. */
  resamples: number;
  seed: number;
}

/**
 * Percentile bootstrap confidence interval of the mean: resample `values` with replacement,
 * take the mean of each resample, and report the (1−level)/2 and (1+level)/2 quantiles of those
 * means. Pass problem accuracies to get an interval for Pass@1 that reflects which problems a
 * suite happens to hold, the other face of the instability of Section 5.
 *
 * Same seed, same interval. Quantiles interpolate linearly between order statistics (numpy's
 * default). The ends are clamped to [min, max] of `values`, which every resample mean lies in
 * anyway; that only removes rounding error, so a constant vector gives exactly [c, c].
 * A single value has no interval (null): every resample is that value, which says nothing.
 */
export function bootstrapCI(values: readonly number[], opts: BootstrapOptions): [number, number] | null {
  const { level, resamples, seed } = opts;
  if (!(level > 0 && level < 1)) throw new Error(`bootstrapCI: level must be in (0, 1), got ${level}`);
  assertInteger(resamples, 'bootstrapCI', 'resamples', 1);
  assertNonEmpty(values, 'bootstrapCI', 'the list of values');
  assertFinite(values, 'bootstrapCI');
  if (values.length < MIN_RUNS_FOR_SPREAD) return null;

  const rng = new Rng(seed);
  const n = values.length;
  const means: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += values[rng.int(0, n - 1)];
    means.push(total / n);
  }
  means.sort((a, b) => a - b);

  const [lo, hi] = extent(values);
  const clamp = (x: number) => Math.min(hi, Math.max(lo, x));
  const tail = (1 - level) / 2;
  return [clamp(quantile(means, tail)), clamp(quantile(means, 1 - tail))];
}

/** Linear-interpolation quantile of an ascending, non-empty list (type 7 of Hyndman & Fan). */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
}
