import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { fakeAnswer, noisePrefix, otherDigit } from './noise';
import { buildSuite, DEFAULT_NOISE_SHOTS, SUITES } from './suites';
import { DEFAULT_SFT_MIXTURE } from './sft-data';
import { ScorecardStudySchema } from '../eval/studies';
import { NOISE_KINDS } from './problems';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const fakesOf = (prefix: string) => [...prefix.matchAll(/answer (\d+)<\/ignore>/g)].map((m) => Number(m[1]));

describe('noise fake answers', () => {
  it('follow each directive: N1 adds 1, N2 multiplies by 7 and adds 1, mod 10 (worked by hand)', () => {
    expect(DIGITS.map((a) => fakeAnswer('n1', a))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
    expect(DIGITS.map((a) => fakeAnswer('n2', a))).toEqual([1, 8, 5, 2, 9, 6, 3, 0, 7, 4]);
  });
  it('never equal the answer, at 0 and 5 included (where times 7 alone had a fixed point)', () => {
    for (const kind of NOISE_KINDS) for (const a of DIGITS) expect(fakeAnswer(kind, a), `${kind} ${a}`).not.toBe(a);
    expect(fakeAnswer('n2', 0)).toBe(1);
    expect(fakeAnswer('n2', 5)).toBe(6);
  });
  it('state the rule the fake answer follows in the directive text', () => {
    expect(noisePrefix('n2', 1, 3, new Rng(1))).toMatch(/times 7 plus 1 at the end!/);
    expect(noisePrefix('n1', 1, 3, new Rng(1))).toMatch(/add 1 at the end!/);
  });
});

describe('otherDigit', () => {
  it('maps the nine draws onto the nine other digits, skipping the answer', () => {
    // rng.int(0, 8) = floor(u · 9): u just below k/9 + 1/9 draws k.
    const at = (k: number) => ({ int: () => k }) as unknown as Rng;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => otherDigit(0, at(k)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => otherDigit(5, at(k)))).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => otherDigit(9, at(k)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
  it('reaches every other digit and never the answer over many draws', () => {
    const rng = new Rng(7);
    for (const a of DIGITS) {
      const seen = new Set(Array.from({ length: 400 }, () => otherDigit(a, rng)));
      expect([...seen].sort()).toEqual(DIGITS.filter((d) => d !== a));
    }
  });
});

describe('noisePrefix', () => {
  it('carries no shot whose fake is the answer, for every answer 0-9 over many seeds', () => {
    let shots = 0;
    for (const kind of NOISE_KINDS)
      for (const a of DIGITS)
        for (let seed = 1; seed <= 60; seed++) {
          const fakes = fakesOf(noisePrefix(kind, 8, a, new Rng(seed)));
          expect(fakes).toHaveLength(8);
          expect(fakes.includes(a), `${kind} answer ${a} seed ${seed}`).toBe(false);
          shots += fakes.length;
        }
    expect(shots).toBe(2 * 10 * 60 * 8);
  });
  it('holds no true answer in any shot of the shipped noisy suites', () => {
    for (const s of SUITES.filter((x) => x.noise)) for (const p of buildSuite(s.name)) expect(fakesOf(p.noise!.prefix).includes(p.answer), `${s.name} ${p.id}`).toBe(false);
  });
  it('refuses an answer that is not a digit', () => {
    expect(() => noisePrefix('n1', 2, 10, new Rng(1))).toThrow(/digit/);
    expect(() => noisePrefix('n2', 2, -1, new Rng(1))).toThrow(/digit/);
    expect(() => noisePrefix('n2', 2, 1.5, new Rng(1))).toThrow(/digit/);
  });
});

describe('noise shot counts', () => {
  it('score the suites at a shot count inside the range the SFT data was written with', () => {
    const [lo, hi] = DEFAULT_SFT_MIXTURE.noiseShots;
    expect(DEFAULT_NOISE_SHOTS).toBeGreaterThanOrEqual(lo);
    expect(DEFAULT_NOISE_SHOTS).toBeLessThanOrEqual(hi);
    expect(ScorecardStudySchema.parse({ kind: 'scorecard' }).shots).toBe(DEFAULT_NOISE_SHOTS);
  });
});
