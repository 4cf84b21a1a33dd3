import { describe, expect, it } from 'vitest';
import { fitDomain, niceAxis, NON_NEGATIVE, SHARE, stepDecimals } from './domain';

describe('fitDomain', () => {
  it('gives a share that is always 0 an axis of 0–5 %, not 0–400 %', () => {
    expect(fitDomain([0, 0, 0], SHARE)).toEqual([0, 0.05]);
  });

  it('spans the data', () => {
    expect(fitDomain([10, 12, 20])).toEqual([10, 20]);
    expect(fitDomain([-1, 0.5, 1])).toEqual([-1, 1]);
  });

  it('stays inside the natural bounds of the metric', () => {
    // A flat share at 0 bands upwards only, a flat norm at 0 too.
    expect(fitDomain([0], NON_NEGATIVE)).toEqual([0, 1]);
    expect(fitDomain([0, 0.6], SHARE)).toEqual([0, 0.6]);
  });

  it('bands a flat series by its own size, and a flat share at 100 % downwards', () => {
    // 48 tokens throughout: ±2.4
    expect(fitDomain([48, 48], NON_NEGATIVE)).toEqual([45.6, 50.4]);
    const [lo, hi] = fitDomain([1, 1], SHARE);
    expect(lo).toBeCloseTo(0.95, 12);
    expect(hi).toBe(1);
    // A flat 0 without bounds: ±1.
    expect(fitDomain([0])).toEqual([-1, 1]);
  });

  it('ignores gaps, and falls back to the bounds (or 0..1) without data', () => {
    expect(fitDomain([null, 2, undefined, 4, Number.NaN])).toEqual([2, 4]);
    expect(fitDomain([], SHARE)).toEqual([0, 1]);
    expect(fitDomain([null])).toEqual([0, 1]);
  });
});

describe('niceAxis', () => {
  it('rounds a fitted domain out to round ticks', () => {
    // A clip fraction that is always 0: 0–6 % in steps of 2 % (not 0–400 %).
    expect(niceAxis(fitDomain([0, 0], SHARE), SHARE)).toEqual({ domain: [0, 0.06], ticks: [0, 0.02, 0.04, 0.06], step: 0.02 });
    // Rewards 0.25..1: steps of 0.2.
    expect(niceAxis(fitDomain([0.25, 1]))).toEqual({ domain: [0.2, 1], ticks: [0.2, 0.4, 0.6, 0.8, 1], step: 0.2 });
    // 48 tokens throughout: 45.6..50.4 in steps of 2.
    expect(niceAxis(fitDomain([48, 48], NON_NEGATIVE), NON_NEGATIVE)).toEqual({ domain: [44, 52], ticks: [44, 46, 48, 50, 52], step: 2 });
    // Accuracy's fixed 0–100 %.
    expect(niceAxis([0, 1], SHARE)).toEqual({ domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], step: 0.25 });
  });

  it('stays inside the bounds it rounds towards', () => {
    // A flat share at 99 %: 94.05..100 rounds to 94..100, never 102 %.
    const axis = niceAxis(fitDomain([0.99], SHARE), SHARE);
    expect(axis.domain).toEqual([0.94, 1]);
    expect(Math.max(...axis.ticks)).toBeLessThanOrEqual(1);
    // Lengths 21..49 tokens: round tokens.
    expect(niceAxis(fitDomain([21, 49], NON_NEGATIVE), NON_NEGATIVE)).toEqual({ domain: [20, 50], ticks: [20, 30, 40, 50], step: 10 });
    // A loss of −0.043..0.91 crosses 0 with a tick at 0.
    expect(niceAxis(fitDomain([-0.043, 0.91])).ticks).toContain(0);
  });
});

describe('stepDecimals', () => {
  it('writes every tick of a step apart: entropy 0.100, 0.105, 0.110 … not 0.10, 0.11, 0.11', () => {
    expect(stepDecimals(0.005)).toBe(3);
    expect(stepDecimals(0.0025)).toBe(4);
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(2.5)).toBe(1);
    expect(stepDecimals(10)).toBe(0);
    // A share's step of 0.02 is 2 % on the axis: no decimals there.
    expect(stepDecimals(0.02 * 100)).toBe(0);
  });
});
