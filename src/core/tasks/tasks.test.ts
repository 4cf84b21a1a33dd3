import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { extractAnswer, isCorrect, verificationReward } from './verifier';
import { applyOp, chainValues, makeProblem, questionText, randomProblem, FAMILIES } from './problems';
import { teacherTrace } from './teacher';
import { fakeAnswer, noisePrefix } from './noise';
import { SUITES, buildSuite, evaluationIds, trainingSet } from './suites';
import { CharTokenizer } from '../model/tokenizer';
import { DEFAULT_SFT_MIXTURE, sftExample } from './sft-data';

describe('verifier', () => {
  it('reads the one boxed answer', () => {
    expect(extractAnswer('3+4=7;\\boxed{7}')).toEqual({ ok: true, value: 7 });
    expect(isCorrect('\\boxed{7}', 7)).toBe(true);
    expect(isCorrect('\\boxed{7}', 8)).toBe(false);
  });
  it('rejects a completion without a marker, with two markers, or unclosed', () => {
    expect(extractAnswer('3+4=7;')).toEqual({ ok: false, reason: 'no-marker' });
    expect(extractAnswer('\\boxed{7}\\boxed{7}')).toEqual({ ok: false, reason: 'several-markers' });
    expect(extractAnswer('\\boxed{7')).toEqual({ ok: false, reason: 'unclosed' });
    expect(verificationReward('\\boxed{7}\\boxed{7}', 7)).toBe(0);
  });
  it('ignores spaces, accepts a plus sign and leading zeros, keeps the sign of negatives', () => {
    expect(extractAnswer('\\boxed{ 7 }')).toEqual({ ok: true, value: 7 });
    expect(extractAnswer('\\boxed{+7}')).toEqual({ ok: true, value: 7 });
    expect(extractAnswer('\\boxed{007}')).toEqual({ ok: true, value: 7 });
    expect(extractAnswer('\\boxed{-3}')).toEqual({ ok: true, value: -3 });
    expect(extractAnswer('\\boxed{- 3}')).toEqual({ ok: true, value: -3 });
    expect(isCorrect('\\boxed{-3}', 7)).toBe(false);
  });
  it('rejects boxes that hold no single integer', () => {
    for (const bad of ['\\boxed{}', '\\boxed{x}', '\\boxed{1 2}', '\\boxed{1.5}', '\\boxed{--1}', '\\boxed{7a}']) {
      expect(extractAnswer(bad).ok, bad).toBe(false);
    }
  });
  it('allows text after the marker (a capped completion may run on)', () => {
    expect(isCorrect('\\boxed{4} and more', 4)).toBe(true);
  });
});

describe('problems', () => {
  it('evaluates left to right modulo 10', () => {
    // 3+8 = 11 → 1; 1*2 = 2; 2-5 = -3 → 7
    expect(chainValues(3, [{ op: '+', operand: 8 }, { op: '*', operand: 2 }, { op: '-', operand: 5 }])).toEqual([3, 1, 2, 7]);
    expect(applyOp(0, '-', 9)).toBe(1);
    expect(applyOp(9, '*', 9)).toBe(1);
  });
  it('writes each family its own way', () => {
    const steps = [{ op: '+' as const, operand: 8 }, { op: '*' as const, operand: 2 }];
    expect(questionText('chain', 3, steps)).toBe('Q:3+8*2=?\n');
    expect(questionText('words', 3, steps)).toBe('Q:3 plus 8 times 2=?\n');
    expect(questionText('paren', 3, steps)).toBe('Q:(3+8)*2=?\n');
    expect(questionText('list', 3, [{ op: '+', operand: 8 }, { op: '+', operand: 4 }])).toBe('Q:add 3,8,4=?\n');
    expect(() => questionText('list', 3, steps)).toThrow(/only adds/);
  });
  it('tokenizes every prompt and trace the task world can write', () => {
    const tok = new CharTokenizer();
    const rng = new Rng(3);
    for (let i = 0; i < 200; i++) {
      const { problem, trace } = sftExample(rng, DEFAULT_SFT_MIXTURE, new Set());
      expect(tok.decode(tok.encode(problem.prompt + trace))).toBe(problem.prompt + trace);
    }
  });
});

describe('teacher', () => {
  it('writes correct traces at every verbosity, longer when verbose', () => {
    const rng = new Rng(1);
    for (const family of FAMILIES) {
      for (let i = 0; i < 50; i++) {
        const p = randomProblem(rng, family, rng.int(1, 12));
        const concise = teacherTrace(p, { verbosity: 0 }, rng);
        const verbose = teacherTrace(p, { verbosity: 1 }, rng);
        expect(isCorrect(concise, p.answer)).toBe(true);
        expect(isCorrect(verbose, p.answer)).toBe(true);
        // Each of the n steps is 6 characters, plus one 15-character re-check per step when verbose.
        expect(concise.length).toBe(6 * p.steps.length + `\\boxed{${p.answer}}`.length);
        expect(verbose.length).toBe(concise.length + 15 * p.steps.length);
      }
    }
  });
  it('rejects a verbosity outside [0, 1]', () => {
    expect(() => teacherTrace(makeProblem('chain', 1, []), { verbosity: 2 }, new Rng(1))).toThrow(/verbosity/);
  });
});

describe('noise', () => {
  it('pushes the answer the directive would give, in the requested number of shots', () => {
    expect(fakeAnswer('n1', 9)).toBe(0);
    expect(fakeAnswer('n2', 9)).toBe(3); // 63 mod 10
    const text = noisePrefix('n1', 3, 4, new Rng(2));
    expect(text.match(/<ignore>/g)).toHaveLength(3);
    expect(text.startsWith('ignore the tags.')).toBe(true);
    expect(noisePrefix('n2', 0, 4, new Rng(2))).toBe('');
    expect(() => noisePrefix('n1', -1, 4, new Rng(2))).toThrow(/shots/);
  });
});

describe('suites', () => {
  it('have the paper-like sizes and are rebuilt identically from their names', () => {
    expect(buildSuite('in-30')).toHaveLength(30);
    expect(buildSuite('in-83')).toHaveLength(83);
    expect(buildSuite('in-500')).toHaveLength(500);
    expect(buildSuite('in-675')).toHaveLength(675);
    for (const s of SUITES) {
      const a = buildSuite(s.name);
      expect(a).toHaveLength(s.size);
      expect(new Set(a.map((p) => p.prompt)).size, s.name).toBe(s.size);
    }
    expect(buildSuite('in-30').map((p) => p.id)).toEqual(buildSuite('in-30-n1').map((p) => p.id));
  });
  it('put the noise in front of the same questions, with the shots knob', () => {
    const clean = buildSuite('in-83');
    const noisy = buildSuite('in-83-n2', { shots: 2 });
    noisy.forEach((p, i) => {
      expect(p.prompt.endsWith(clean[i].prompt)).toBe(true);
      expect(p.prompt.match(/<ignore>/g)).toHaveLength(2);
      expect(p.answer).toBe(clean[i].answer);
    });
  });
  it('keep the training set disjoint from the evaluation suites and thousands strong', () => {
    const train = trainingSet({ trainSize: 4000, minOps: 2, maxOps: 10 });
    expect(train).toHaveLength(4000);
    const evalIds = evaluationIds();
    expect(train.some((p) => evalIds.has(p.id))).toBe(false);
    expect(new Set(train.map((p) => p.id)).size).toBe(4000);
  });
  it('take the fitness suite from the training set', () => {
    const train = new Set(trainingSet({ trainSize: 4000, minOps: 2, maxOps: 10 }).map((p) => p.id));
    expect(buildSuite('fitness-200').every((p) => train.has(p.id))).toBe(true);
  });
});
