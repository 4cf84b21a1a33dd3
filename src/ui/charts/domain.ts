/**
 * The value axis of every line chart, fitted to its data: from the smallest to the largest value,
 * rounded out to round ticks (niceAxis), never past the metric's natural bounds (a share stays in
 * [0, 1], a length or a norm ≥ 0). A flat series gets a band of its own size around it (5 % of its
 * value, or of the bounds' span at 0, or ±1), where recharts' automatic domain put a share that
 * is always 0 on an axis up to 400 %.
 */
export type Bounds = readonly [number, number];

export const UNBOUNDED: Bounds = [-Infinity, Infinity];
export const SHARE: Bounds = [0, 1];
export const NON_NEGATIVE: Bounds = [0, Infinity];

/** The band around a flat series, as a share of its value (or of the bounds' span at 0). */
const FLAT_BAND = 0.05;

export function fitDomain(values: Iterable<number | null | undefined>, bounds: Bounds = UNBOUNDED): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v == null || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const [min, max] = bounds;
  const span = Number.isFinite(max - min) ? max - min : null;
  if (lo > hi) return [Number.isFinite(min) ? min : 0, Number.isFinite(max) ? max : 1];
  const pad = hi > lo ? 0 : lo !== 0 ? Math.abs(lo) * FLAT_BAND : span !== null ? span * FLAT_BAND : 1;
  const a = Math.max(min, lo - pad);
  const b = Math.min(max, hi + pad);
  return [a, b];
}

/** 1, 2, 2.5 or 5 times a power of ten: the tick step nearest above `x`. */
function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}

/**
 * The axis drawn for a fitted domain: widened to round ticks (about `count` steps of 1, 2, 2.5 or
 * 5 × 10ⁿ) and again kept inside the bounds, so ticks read 0, 1 %, 2 % … rather than the domain's
 * own ends (0.21, 0.46 …).
 */
/** Decimals that write `step` (and so every tick of that step) exactly: 0.005 → 3, 2.5 → 1, 10 → 0. */
export function stepDecimals(step: number): number {
  let d = 0;
  while (d < 12 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-6) d++;
  return d;
}

export function niceAxis([a, b]: readonly [number, number], bounds: Bounds = UNBOUNDED, count = 4): { domain: [number, number]; ticks: number[]; step: number } {
  const step = niceStep((b - a) / count);
  const round = (x: number) => Number(x.toPrecision(12));
  const lo = Math.max(bounds[0], round(Math.floor(a / step + 1e-9) * step));
  const hi = Math.min(bounds[1], round(Math.ceil(b / step - 1e-9) * step));
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++) ticks.push(round(lo + i * step));
  return { domain: [lo, hi], ticks, step };
}
