import { describe, expect, it } from 'vitest';
import { parseChain, makeProblem } from './problems';
import { HARD_ACCURACY_BELOW, HardSetSchema, hardSet } from './hard-set';
import file from './hard-set.json' with { type: 'json' };
import { heldOutIds, trainingSet } from './suites';

describe('parseChain', () => {
  it('reads back the chain a problem id carries, two-digit operands included', () => {
    const p = makeProblem('chain', 9, [{ op: '-', operand: 8 }, { op: '*', operand: 47 }, { op: '+', operand: 3 }]);
    expect(p.id).toBe('chain:9-8*47+3');
    expect(parseChain('9-8*47+3')).toEqual(p);
    // 9-8 = 1; 1*47 → 7; 7+3 → 0.
    expect(parseChain('9-8*47+3').answer).toBe(0);
    expect(parseChain('4').steps).toEqual([]);
  });
  it.each(['', '12+3', '3+', '3+123', '3/4', '3+0', 'a+1', '3 +4'])('refuses %j', (text) => {
    expect(() => parseChain(text)).toThrow(/chain problem|operand/);
  });
});

const measured = HardSetSchema.parse(file);

describe('the hard set', () => {
  it('refuses a file of another shape, naming the key', () => {
    expect(() => HardSetSchema.parse({ provenance: {}, problems: [{ q: '3+4', accuracy: 2 }] })).toThrow();
    expect(HardSetSchema.safeParse({ provenance: {}, problems: [], extra: 1 }).success).toBe(false);
  });
  it('holds measured problems below the threshold, apart from every suite and the validation split', () => {
    const held = heldOutIds();
    const problems = hardSet();
    expect(problems).toHaveLength(measured.problems.length);
    measured.problems.forEach((m, i) => {
      expect(m.accuracy).toBeLessThan(HARD_ACCURACY_BELOW);
      expect(problems[i].id).toBe(`chain:${m.q}`);
      expect(held.has(problems[i].id)).toBe(false);
    });
    expect(new Set(problems.map((p) => p.id)).size).toBe(problems.length);
  });
  it("is the training set of data.source 'hard', first trainSize problems first", () => {
    const n = Math.min(5, hardSet().length);
    expect(trainingSet({ source: 'hard', trainSize: n, minOps: 1, maxOps: 1 })).toEqual(hardSet().slice(0, n));
  });
});
