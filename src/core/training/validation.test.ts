import { describe, expect, it } from 'vitest';
import { keepCandidates, keepReason, keptIndex, plateaued, suitePoints, validationPoints, type ValidationPoint } from './validation';
import { VALIDATION_SUITE } from '../tasks/suites';

/** Points at steps 0, 10, 20, … from Pass@1 percentages and mean lengths. */
const pts = (...rows: [number, number][]): ValidationPoint[] => rows.map(([pct, len], i) => ({ step: i * 10, pass1: pct / 100, meanLength: len }));
const rule = { patience: 3, minImprovement: 1 };

describe('plateaued', () => {
  it('never plateaus on an empty history, one point, or fewer than P + 1 points', () => {
    expect(plateaued([], rule)).toBe(false);
    expect(plateaued(pts([50, 40]), rule)).toBe(false);
    // Three evaluations, all equal: still only P of them, nothing before to compare with.
    expect(plateaued(pts([50, 40], [50, 40], [50, 40]), rule)).toBe(false);
  });

  it('plateaus once P evaluations in a row bring no more than X points over the best before them', () => {
    // Best before the last three: 52. Last three best: 53 = 52 + 1, not more than 1 point.
    expect(plateaued(pts([40, 50], [52, 50], [51, 50], [53, 50], [50, 50]), rule)).toBe(true);
    // 53.5 is more than 1 point over 52: still improving.
    expect(plateaued(pts([40, 50], [52, 50], [51, 50], [53.5, 50], [50, 50]), rule)).toBe(false);
  });

  it('all equal plateaus as soon as there are P + 1 of them', () => {
    expect(plateaued(pts([50, 40], [50, 40], [50, 40], [50, 40]), rule)).toBe(true);
  });

  it('a fall counts as no improvement, and an improvement earlier than the window does not help', () => {
    expect(plateaued(pts([30, 50], [60, 50], [40, 50], [41, 50], [42, 50]), rule)).toBe(true);
  });

  it('treats exactly X points as no improvement even where the shares differ in the last bits', () => {
    // 0.1 + 0.02 is 0.12000000000000001 in floating point: still exactly 2 points.
    const a: ValidationPoint[] = [{ step: 0, pass1: 0.1, meanLength: 1 }, { step: 1, pass1: 0.1 + 0.02, meanLength: 1 }];
    expect(plateaued(a, { patience: 1, minImprovement: 2 })).toBe(true);
    expect(plateaued(a, { patience: 1, minImprovement: 1.99 })).toBe(false);
  });

  it('patience 0 never stops early', () => {
    expect(plateaued(pts([50, 40], [50, 40], [50, 40], [50, 40]), { patience: 0, minImprovement: 1 })).toBe(false);
  });

  it('refuses a NaN instead of comparing with it', () => {
    expect(() => plateaued(pts([50, 40], [Number.NaN, 40]), rule)).toThrow(/step 10.*non-finite/);
    expect(() => keptIndex(pts([50, Number.NaN]), 'best')).toThrow(/non-finite/);
  });
});

describe('keptIndex', () => {
  it('keeps nothing of an empty history, and the one point of a single one', () => {
    for (const r of ['best', 'shortest-within-1pt', 'last'] as const) {
      expect(keptIndex([], r)).toBeNull();
      expect(keepCandidates([], r)).toEqual([]);
      expect(keptIndex(pts([50, 40]), r)).toBe(0);
    }
  });

  it('best: the highest Pass@1, the earliest of a tie', () => {
    expect(keptIndex(pts([40, 50], [55, 60], [52, 30], [55, 20], [54, 10]), 'best')).toBe(1);
  });

  it('all equal: best and shortest keep the first, last the last', () => {
    const flat = pts([50, 40], [50, 40], [50, 40]);
    expect(keptIndex(flat, 'best')).toBe(0);
    expect(keptIndex(flat, 'shortest-within-1pt')).toBe(0);
    expect(keptIndex(flat, 'last')).toBe(2);
  });

  it('shortest-within-1pt: the shortest length whose Pass@1 is within 1 point of the best, the 1-point edge included', () => {
    // Best 55. 54 (len 30) is exactly 1 point below: in. 53.9 (len 10) is out.
    const h = pts([40, 50], [55, 60], [54, 30], [53.9, 10]);
    expect(keptIndex(h, 'shortest-within-1pt')).toBe(2);
    // Equal lengths in the window: the higher Pass@1.
    expect(keptIndex(pts([55, 60], [54.5, 30], [55, 30]), 'shortest-within-1pt')).toBe(2);
    // Equal length and Pass@1: the earliest.
    expect(keptIndex(pts([55, 60], [55, 30], [55, 30]), 'shortest-within-1pt')).toBe(1);
  });

  it('shortest-within-1pt moves its pick when a later best pushes the earlier pick out of the window', () => {
    const h = pts([50, 60], [49.5, 30]);
    expect(keptIndex(h, 'shortest-within-1pt')).toBe(1);
    expect(keptIndex([...h, { step: 20, pass1: 0.52, meanLength: 45 }], 'shortest-within-1pt')).toBe(2);
  });
});

describe('keepCandidates', () => {
  it('best: the best point alone; last: none', () => {
    const h = pts([40, 50], [55, 60], [52, 30]);
    expect(keepCandidates(h, 'best')).toEqual([1]);
    expect(keepCandidates(h, 'last')).toEqual([]);
  });

  it('shortest-within-1pt: the window points no other point beats with at least their Pass@1', () => {
    // 0 is out of the window (40 < 55 − 1). 1 (55, 60) is the best: only a higher Pass@1 could
    // dominate it. 2 (54.5, 30) is shorter, so kept. 3 (54.2, 35) is beaten by 2. 4 (54, 20) is the shortest.
    const h = pts([40, 50], [55, 60], [54.5, 30], [54.2, 35], [54, 20]);
    expect(keepCandidates(h, 'shortest-within-1pt')).toEqual([1, 2, 4]);
  });

  it('always holds the point kept now and every point that any continuation could keep', () => {
    // Every continuation by one more point, from a grid of Pass@1 and lengths: the kept point of
    // the longer history is either the new point or one of today's candidates.
    const h = pts([40, 50], [55, 60], [54.5, 30], [54.2, 35], [54, 20], [53, 5]);
    for (const r of ['best', 'shortest-within-1pt'] as const) {
      const cands = keepCandidates(h, r);
      expect(cands).toContain(keptIndex(h, r));
      for (let pct = 50; pct <= 60; pct += 0.25) {
        for (const len of [1, 20, 25, 40, 70]) {
          const k = keptIndex([...h, { step: 60, pass1: pct / 100, meanLength: len }], r)!;
          expect(k === h.length || cands.includes(k)).toBe(true);
        }
      }
    }
  });
});

describe('keepReason', () => {
  it('says which rule chose the point and with what numbers', () => {
    const h = pts([40, 50], [55, 60], [54.5, 30]);
    expect(keepReason(h, 1, 'best')).toBe('best validation Pass@1 (55.0 %) of 3 evaluations');
    expect(keepReason(h, 2, 'shortest-within-1pt')).toBe('shortest mean validation length (30.0 tokens) with Pass@1 54.5 %, within 1 point of the best 55.0 %');
  });
});

describe('validationPoints and suitePoints', () => {
  it('split a run\'s evaluation list into the validation split\'s points and the curve suite\'s', () => {
    const evals = [{ step: 0, suite: 'in-30' }, { step: 0, suite: VALIDATION_SUITE }, { step: 5, suite: 'in-30' }, { step: 5, suite: VALIDATION_SUITE }];
    expect(validationPoints(evals).map((p) => p.step)).toEqual([0, 5]);
    expect(suitePoints(evals).map((p) => p.suite)).toEqual(['in-30', 'in-30']);
  });
});
