import { describe, expect, it } from 'vitest';
import { bootstrapCI, meanStd } from './stats';

describe('meanStd', () => {
  it('uses the sample (N − 1) standard deviation', () => {
    // mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; 32 / 7
    const { mean, std } = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean).toBeCloseTo(5, 14);
    expect(std).toBeCloseTo(Math.sqrt(32 / 7), 14);
    // mean 2; squared deviations 1 + 1 = 2; 2 / 1
    expect(meanStd([1, 3]).std).toBeCloseTo(Math.SQRT2, 14);
  });

  it('has no std for one value (null, not 0), and 0 for values that agree', () => {
    expect(meanStd([0.37])).toEqual({ mean: 0.37, std: null });
    expect(meanStd([0.37, 0.37]).std).toBe(0);
  });

  it('rejects empty lists and non-numbers', () => {
    expect(() => meanStd([])).toThrow(/empty/);
    expect(() => meanStd([1, Number.NaN])).toThrow(/finite/);
  });
});

describe('bootstrapCI', () => {
  // 50 uneven values in [0, 1)
  const values = Array.from({ length: 50 }, (_, i) => ((i * i) % 17) / 17);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const opts = { level: 0.95, resamples: 1000, seed: 7 };

  it('is reproducible by seed and changes with the seed', () => {
    expect(bootstrapCI(values, opts)).toEqual(bootstrapCI(values, opts));
    expect(bootstrapCI(values, opts)).not.toEqual(bootstrapCI(values, { ...opts, seed: 8 }));
  });

  it('contains the mean of reasonable data, lower end first', () => {
    const [lo, hi] = bootstrapCI(values, opts)!;
    expect(lo).toBeLessThan(mean);
    expect(hi).toBeGreaterThan(mean);
  });

  it('has about the normal-theory width for a large sample', () => {
    // 200 values alternating 0/1: mean 0.5, plug-in SE 0.5/√200 ≈ 0.0354, so a 95% interval of
    // about 0.5 ± 1.96·0.0354 = [0.431, 0.569].
    const coin = Array.from({ length: 200 }, (_, i) => i % 2);
    const [lo, hi] = bootstrapCI(coin, { level: 0.95, resamples: 4000, seed: 1 })!;
    expect(lo).toBeGreaterThan(0.42);
    expect(lo).toBeLessThan(0.44);
    expect(hi).toBeGreaterThan(0.56);
    expect(hi).toBeLessThan(0.58);
    // and symmetric about the mean, as the resample means of a 50/50 sample are
    expect(Math.abs(hi - 0.5 - (0.5 - lo))).toBeLessThan(0.01);
  });

  it('reads quantiles off the resample means', () => {
    // Resampling [0, 1] gives means 0, 0.5, 1 with probabilities 1/4, 1/2, 1/4, so the 30% and
    // 70% quantiles (level 0.4) both sit well inside the 0.5 mass.
    expect(bootstrapCI([0, 1], { level: 0.4, resamples: 4000, seed: 3 })).toEqual([0.5, 0.5]);
  });

  it('puts the upper end at the (1 + level)/2 quantile', () => {
    // Resampling [0, 0, 1] gives means 0, 1/3, 2/3, 1 with probabilities 8/27, 12/27, 6/27, 1/27;
    // cumulative 0.296, 0.741, 0.963, 1. At level 0.95 the 97.5% quantile is past 0.963, so 1,
    // while the 95% quantile (a wrong upper tail) would be 2/3.
    expect(bootstrapCI([0, 0, 1], { level: 0.95, resamples: 4000, seed: 5 })).toEqual([0, 1]);
  });

  it('widens with the level', () => {
    const [lo90, hi90] = bootstrapCI(values, { ...opts, level: 0.9 })!;
    const [lo99, hi99] = bootstrapCI(values, { ...opts, level: 0.99 })!;
    expect(lo99).toBeLessThan(lo90);
    expect(hi99).toBeGreaterThan(hi90);
  });

  it('gives [c, c] for a constant vector, exactly', () => {
    // 0.1 summed seven times and divided by 7 is not exactly 0.1; the interval still must be.
    expect(bootstrapCI(Array<number>(7).fill(0.1), opts)).toEqual([0.1, 0.1]);
  });

  it('has no interval for a single value (null): resampling one value says nothing', () => {
    expect(bootstrapCI([0.42], opts)).toBeNull();
  });

  it('gives a single point for a single resample', () => {
    const [lo, hi] = bootstrapCI(values, { ...opts, resamples: 1 })!;
    expect(lo).toBe(hi);
  });

  it('validates its options and values', () => {
    expect(() => bootstrapCI(values, { ...opts, level: 0 })).toThrow(/level/);
    expect(() => bootstrapCI(values, { ...opts, level: 1 })).toThrow(/level/);
    expect(() => bootstrapCI(values, { ...opts, level: Number.NaN })).toThrow(/level/);
    expect(() => bootstrapCI(values, { ...opts, resamples: 0 })).toThrow(/resamples/);
    expect(() => bootstrapCI(values, { ...opts, resamples: 2.5 })).toThrow(/resamples/);
    expect(() => bootstrapCI([], opts)).toThrow(/empty/);
    expect(() => bootstrapCI([0.5, Number.NaN], opts)).toThrow(/finite/);
  });
});
