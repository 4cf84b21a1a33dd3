import { describe, expect, it } from 'vitest';
import { incompleteBeta, tCdf, tQuantile } from './student-t';

describe("Student's t", () => {
  it('matches the printed table of two-sided 95 % and one-sided 80 % quantiles', () => {
    // Values from standard t tables (e.g. NIST/SEMATECH e-Handbook, Table 1.3.6.7.2).
    const table: [number, number, number][] = [
      [0.975, 1, 12.706],
      [0.975, 2, 4.303],
      [0.975, 4, 2.776],
      [0.975, 10, 2.228],
      [0.975, 30, 2.042],
      [0.975, 100, 1.984],
      [0.8, 4, 0.941],
      [0.8, 10, 0.879],
      [0.95, 5, 2.015],
    ];
    for (const [p, df, q] of table) expect(tQuantile(p, df), `t(${p}, ${df})`).toBeCloseTo(q, 3);
  });

  it('tends to the normal for many degrees of freedom, and is symmetric', () => {
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 4);
    expect(tQuantile(0.025, 7)).toBeCloseTo(-tQuantile(0.975, 7), 9);
    expect(tQuantile(0.5, 3)).toBe(0);
  });

  it('has the closed-form CDF at 1 and 2 degrees of freedom', () => {
    // df = 1 is Cauchy: F(t) = 1/2 + atan(t)/π; df = 2: F(t) = 1/2 + t / (2 √(2 + t²)).
    for (const t of [-3, -0.5, 0, 0.7, 2.5]) {
      expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 10);
      expect(tCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 10);
    }
  });

  it('takes fractional degrees of freedom between the integer ones', () => {
    const q = tQuantile(0.975, 1.5);
    expect(q).toBeLessThan(tQuantile(0.975, 1));
    expect(q).toBeGreaterThan(tQuantile(0.975, 2));
  });

  it('computes the incomplete beta of known cases', () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_0.5(a, a) = 0.5.
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.6, 3, 1)).toBeCloseTo(0.216, 12);
    expect(incompleteBeta(0.5, 4.5, 4.5)).toBeCloseTo(0.5, 12);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it('refuses what has no answer', () => {
    expect(() => tQuantile(0, 5)).toThrow('p must be in (0, 1)');
    expect(() => tQuantile(1, 5)).toThrow('p must be in (0, 1)');
    expect(() => tCdf(1, 0)).toThrow('degrees of freedom must be positive');
  });
});
