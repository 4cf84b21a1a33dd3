import { describe, it, expect } from 'vitest';
import { Rng } from '../rng';
import { groupAdvantages } from './advantages';

/** A reference written differently: one pass over Σx and Σx², std = sqrt((Σx² − (Σx)²/n) / (n − 1)). */
function onePassAdvantages(group: number[], scale: boolean, eps: number): number[] {
  let s = 0;
  let s2 = 0;
  for (const x of group) {
    s += x;
    s2 += x * x;
  }
  const n = group.length;
  const m = s / n;
  const std = Math.sqrt(Math.max(0, (s2 - (s * s) / n) / (n - 1)));
  return group.map((x) => (scale ? (x - m) / (std + eps) : x - m));
}

describe('groupAdvantages (Eq. 1)', () => {
  it('one correct of four, std with N−1, eps = 0', () => {
    // mean = 1/4; deviations .75, −.25 ×3; Σd² = .5625 + 3·.0625 = .75; var = .75/3 = .25; std = .5
    // A = [.75/.5, −.25/.5 ×3] = [1.5, −.5, −.5, −.5]
    const [a] = groupAdvantages([[1, 0, 0, 0]], { scaleRewards: true, eps: 0 });
    expect(a[0]).toBeCloseTo(1.5, 12);
    for (const x of a.slice(1)) expect(x).toBeCloseTo(-0.5, 12);
  });

  it('uses eps = 1e-4 by default', () => {
    // same group: std = .5 → A_0 = .75 / .5001
    const [a] = groupAdvantages([[1, 0, 0, 0]], { scaleRewards: true });
    expect(a[0]).toBeCloseTo(0.75 / 0.5001, 12);
    expect(a[1]).toBeCloseTo(-0.25 / 0.5001, 12);
  });

  it('two of four correct: ±0.5 / sqrt(1/3)', () => {
    // Σd² = 4·.25 = 1; var = 1/3; std = .577350…; A = ±.5/.577350 = ±.866025…
    const [a] = groupAdvantages([[1, 0, 1, 0]], { scaleRewards: true, eps: 0 });
    expect(a[0]).toBeCloseTo(0.8660254037844386, 12);
    expect(a[1]).toBeCloseTo(-0.8660254037844386, 12);
  });

  it('scaleRewards off only centres (Dr. GRPO / LUFFY)', () => {
    const [a] = groupAdvantages([[1, 0, 0, 0]], { scaleRewards: false });
    expect(a).toEqual([0.75, -0.25, -0.25, -0.25]);
  });

  it('handles each group on its own', () => {
    const out = groupAdvantages([[1, 0], [2, 2, 5]], { scaleRewards: false });
    // group 1: mean .5 → ±.5; group 2: mean 3 → [−1, −1, 2]
    expect(out).toEqual([[0.5, -0.5], [-1, -1, 2]]);
  });

  it('gives exact zeros to all-equal groups, even where the float mean is off', () => {
    // (0.1+0.1+0.1)/3 = 0.10000000000000002, so a naive r − mean would be −1.4e-17
    for (const scaleRewards of [true, false]) {
      const [a, b, c] = groupAdvantages([[0.1, 0.1, 0.1], [1, 1, 1, 1], [0, 0]], { scaleRewards });
      for (const x of [...a, ...b, ...c]) expect(x).toBe(0);
    }
  });

  it('gives zero to a group of one (std with N−1 is undefined there)', () => {
    expect(groupAdvantages([[1]], { scaleRewards: true })).toEqual([[0]]);
    expect(groupAdvantages([[0.3]], { scaleRewards: false })[0][0]).toBe(0);
  });

  it('handles empty input and empty groups', () => {
    expect(groupAdvantages([], { scaleRewards: true })).toEqual([]);
    expect(groupAdvantages([[]], { scaleRewards: true })).toEqual([[]]);
  });

  it('matches a one-pass reference on random groups', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = rng.int(2, 16);
      const group = Array.from({ length: n }, () => (rng.next() < 0.5 ? rng.int(0, 1) : rng.next() * 3 - 1));
      for (const scale of [true, false]) {
        const [got] = groupAdvantages([group], { scaleRewards: scale, eps: 1e-4 });
        const want = onePassAdvantages(group, scale, 1e-4);
        got.forEach((x, i) => expect(x).toBeCloseTo(want[i], 9));
      }
    }
  });

  it('scaled advantages sum to 0 and have sample std 1 when eps = 0', () => {
    const [a] = groupAdvantages([[0.2, 1.7, -0.4, 3, 3, 0]], { scaleRewards: true, eps: 0 });
    const s = a.reduce((x, y) => x + y, 0);
    expect(s).toBeCloseTo(0, 12);
    const sampleVar = a.reduce((x, y) => x + y * y, 0) / (a.length - 1);
    expect(sampleVar).toBeCloseTo(1, 12);
  });

  it('rejects non-finite rewards and a negative eps', () => {
    expect(() => groupAdvantages([[1, Number.NaN]], { scaleRewards: true })).toThrow(/rewards\[0\]\[1\]/);
    expect(() => groupAdvantages([[1, 0]], { scaleRewards: true, eps: -1 })).toThrow(/eps/);
  });
});
