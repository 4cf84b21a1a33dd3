import { describe, expect, it } from 'vitest';
import { answerShown, classroomSummary, completionLine, expectedWastedShare, walkChain, walkText } from './classroom-math';

const g = (...spec: (boolean | [boolean, number])[]) => spec.map((s) => (Array.isArray(s) ? { correct: s[0], length: s[1] } : { correct: s, length: 20 }));
const rlr = { alpha: 0.75, lambda: 20, epsUp: 1, epsLow: -0.5 };

describe('the classroom’s zero-advantage share', () => {
  it('counts all-correct and all-wrong groups as wasted, and only they get zero advantages', () => {
    const s = classroomSummary([g(true, true, true, true), g(false, false, false, false), g(true, false, true, false), g(true, true, true, false)], { rlr: null, scaleRewards: true });
    expect(s.wastedShare).toBe(0.5);
    expect(s.allCorrectShare).toBe(0.25);
    expect(s.allWrongShare).toBe(0.25);
    expect(s.effectiveShare).toBe(0.5);
    expect(s.rows.map((r) => r.kind)).toEqual(['all-correct', 'all-wrong', 'effective', 'effective']);
    expect(s.rows.map((r) => r.noGradient)).toEqual([true, true, false, false]);
    expect(s.rows[0].advantages).toEqual([0, 0, 0, 0]);
    // Mean 0.5, std (N−1) √(1/3): ±0.5/0.57735 ≈ ±0.866 (minus the tiny eps).
    expect(s.rows[2].advantages[0]).toBeCloseTo(0.866, 3);
    expect(s.rows[2].advantages[1]).toBeCloseTo(-0.866, 3);
    expect(s.rows[3].accuracy).toBe(0.75);
  });

  it('wastes every group when G = 1', () => {
    expect(classroomSummary([g(true), g(false), g(true)], { rlr: null, scaleRewards: true }).wastedShare).toBe(1);
  });

  it('gives an all-correct group of different lengths a gradient again under RLR, shorter answers up', () => {
    const batch = [g([true, 10], [true, 30], [true, 20], [true, 20]), g(false, false, false, false)];
    const plain = classroomSummary(batch, { rlr: null, scaleRewards: true });
    const withRlr = classroomSummary(batch, { rlr, scaleRewards: true });
    expect(plain.wastedShare).toBe(1);
    expect(withRlr.wastedShare).toBe(0.5);
    expect(withRlr.rows[0].kind).toBe('effective');
    expect(withRlr.rows[0].rewards).toEqual([1.5, 0.5, 1, 1]);
    expect(withRlr.rows[0].advantages[0]).toBeGreaterThan(0);
    expect(withRlr.rows[0].advantages[1]).toBeLessThan(0);
    // RLR cannot rescue an all-wrong group: incorrect samples get no length reward.
    expect(withRlr.rows[1].noGradient).toBe(true);
  });

  it('leaves an all-correct group of equal lengths wasted even with RLR', () => {
    expect(classroomSummary([g(true, true, true)], { rlr, scaleRewards: true }).wastedShare).toBe(1);
  });

  it('counts mixed answers whose rewards come out equal as wasted, apart from all-correct and all-wrong', () => {
    // Both clips at −1: a correct answer in a group at accuracy ≥ α scores 1 − 1 = 0, like a wrong one.
    const clippedDown = { alpha: 0.5, lambda: 20, epsUp: -1, epsLow: -1 };
    const s = classroomSummary([g(true, true, false, false), g(true, false, false, false)], { rlr: clippedDown, scaleRewards: true });
    expect(s.rows[0].rewards).toEqual([0, 0, 0, 0]);
    // Accuracy 0.25 < α: no length reward, verifier rewards only.
    expect(s.rows[1].rewards).toEqual([1, 0, 0, 0]);
    expect(s.rows.map((r) => r.kind)).toEqual(['all-equal', 'effective']);
    expect(s).toMatchObject({ wastedShare: 0.5, otherEqualShare: 0.5, allCorrectShare: 0, allWrongShare: 0, effectiveShare: 0.5 });
  });

  it('handles an empty batch', () => {
    expect(classroomSummary([], { rlr: null, scaleRewards: true })).toMatchObject({ rows: [], wastedShare: 0 });
  });

  it('matches p^G + (1−p)^G for the expected wasted share', () => {
    expect(expectedWastedShare(0.5, 1)).toBe(1);
    expect(expectedWastedShare(0.5, 4)).toBeCloseTo(0.125, 12);
    expect(expectedWastedShare(0.9, 8)).toBeCloseTo(0.9 ** 8 + 0.1 ** 8, 12);
  });
});

describe('the notation line and the completions on the projector', () => {
  it('walks a problem left to right, mod 10: 5-5-6+1*4*5*2 is 0, as the task computes it', () => {
    const steps = [
      { op: '-', operand: 5 },
      { op: '-', operand: 6 },
      { op: '+', operand: 1 },
      { op: '*', operand: 4 },
      { op: '*', operand: 5 },
      { op: '*', operand: 2 },
    ] as const;
    // Not 5−5−6+(1·4·5·2) = 34 → 4 with precedence: each step in turn, keeping the last digit (−6 → 4).
    expect(walkChain(5, steps).map((s) => s.value)).toEqual([0, 4, 5, 0, 0, 0]);
    expect(walkText(5, steps)).toBe('5  −5 → 0  −6 → 4  +1 → 5  *4 → 0  *5 → 0  *2 → 0');
    expect(walkText(7, [])).toBe('7');
  });

  it('shows the answer a completion gave, or ? when the verifier reads none', () => {
    expect(answerShown('2-3=9;9-7=2;\\boxed{2}')).toBe('2');
    expect(answerShown('\\boxed{07}')).toBe('7');
    expect(answerShown('2-3=9;')).toBe('?');
    expect(answerShown('\\boxed{1}\\boxed{2}')).toBe('?');
  });

  it('folds a completion onto one line and cuts it with an ellipsis', () => {
    expect(completionLine('a\n b\t c')).toBe('a b c');
    expect(completionLine('  ')).toBe('(nothing)');
    const cut = completionLine('x'.repeat(200), 10);
    expect(cut).toBe(`${'x'.repeat(9)}…`);
    expect(cut).toHaveLength(10);
    expect(completionLine('x'.repeat(10), 10)).toBe('x'.repeat(10));
  });
});
