import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { extractAnswer, isCorrect, verificationReward } from './verifier';
import { applyOp, chainValues, makeProblem, questionText, randomProblem, randomSteps, BIG_OPERAND, FAMILIES } from './problems';
import { INJECTION_TEACHER, recheckCount, stepText, teacherTrace } from './teacher';
import { fakeAnswer, noisePrefix } from './noise';
import { SUITES, VALIDATION_SIZE, buildSuite, evaluationIds, heldOutIds, trainingSet, validationSet } from './suites';
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
  it('draws two-digit operands at the asked share, and none (with the same draws as before) at 0', () => {
    const steps = randomSteps(new Rng(5), 20_000, 'chain', 0.25);
    const big = steps.filter((s) => s.operand >= BIG_OPERAND.min).length / steps.length;
    expect(big).toBeGreaterThan(0.23);
    expect(big).toBeLessThan(0.27);
    expect(steps.every((s) => s.operand >= 1 && s.operand <= BIG_OPERAND.max)).toBe(true);
    // bigShare 0 draws exactly what the one-digit world drew: an op, then an operand in 1..9.
    const a = new Rng(9);
    const expected = Array.from({ length: 50 }, () => ({ op: a.pick(['+', '-', '*'] as const), operand: a.int(1, 9) }));
    expect(randomSteps(new Rng(9), 50, 'chain', 0)).toEqual(expected);
    expect(() => randomSteps(new Rng(9), 3, 'chain', 1.5)).toThrow(/bigShare/);
    expect(randomSteps(new Rng(9), 0, 'chain', 0.5)).toEqual([]);
  });
  it('gives the SFT data a wide spread of re-check rates and a small share of two-digit operands', () => {
    const rng = new Rng(11);
    const examples = Array.from({ length: 3000 }, () => sftExample(rng, DEFAULT_SFT_MIXTURE, new Set()));
    const chain = examples.filter((e) => e.problem.family === 'chain' && e.problem.steps.length >= 4 && !e.problem.noise);
    const rates = chain.map((e) => recheckCount(e.trace) / e.problem.steps.length);
    expect(Math.min(...rates)).toBe(0);
    expect(Math.max(...rates)).toBe(1);
    expect(rates.filter((r) => r < 0.25).length / rates.length).toBeGreaterThan(0.15);
    expect(rates.filter((r) => r > 0.75).length / rates.length).toBeGreaterThan(0.15);
    const steps = chain.flatMap((e) => e.problem.steps);
    const bigShare = steps.filter((s) => s.operand >= BIG_OPERAND.min).length / steps.length;
    expect(bigShare).toBeGreaterThan(0.01);
    expect(bigShare).toBeLessThan(0.03);
    expect(examples.filter((e) => e.problem.family !== 'chain').every((e) => e.problem.steps.every((s) => s.operand < BIG_OPERAND.min))).toBe(true);
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
        // Each of the n one-digit steps is 6 characters, plus one 10-character re-check per step when verbose.
        expect(concise.length).toBe(6 * p.steps.length + `\\boxed{${p.answer}}`.length);
        expect(verbose.length).toBe(concise.length + 10 * p.steps.length);
        expect(recheckCount(verbose)).toBe(p.steps.length);
        expect(recheckCount(concise)).toBe(0);
      }
    }
  });
  it('rejects a verbosity outside [0, 1]', () => {
    expect(() => teacherTrace(makeProblem('chain', 1, []), { verbosity: 2 }, new Rng(1))).toThrow(/verbosity/);
    expect(() => teacherTrace(makeProblem('chain', 1, []), { verbosity: Number.NaN }, new Rng(1))).toThrow(/verbosity/);
  });
  it('reduces a two-digit operand to its last digit before the step, and re-checks the reduced step', () => {
    // 3+47: 47 ends in 7, 3+7 = 10 → 0; then 0*20: 20 ends in 0, 0*0 = 0; then 0-5 → 5.
    const p = makeProblem('chain', 3, [{ op: '+', operand: 47 }, { op: '*', operand: 20 }, { op: '-', operand: 5 }]);
    expect(p.answer).toBe(5);
    expect(teacherTrace(p, { verbosity: 0 }, new Rng(1))).toBe('3+47=3+7=0;0*20=0*0=0;0-5=5;\\boxed{5}');
    expect(teacherTrace(p, { verbosity: 1 }, new Rng(1))).toBe('3+47=3+7=0;chk 3+7=0;0*20=0*0=0;chk 0*0=0;0-5=5;chk 0-5=5;\\boxed{5}');
    expect(stepText(9, '*', 13, 7)).toBe('9*13=9*3=7;');
    expect(stepText(9, '*', 3, 7)).toBe('9*3=7;');
  });
  it('writes the injection teacher in the expert notation, which no SFT trace uses', () => {
    const p = makeProblem('chain', 3, [{ op: '+', operand: 8 }, { op: '*', operand: 12 }]);
    // 3+8 = 11 → 1; 1*12 = 12 → 2.
    expect(teacherTrace(p, INJECTION_TEACHER, new Rng(1))).toBe('3,+8=1,*12=2,\\boxed{2}');
    expect(isCorrect(teacherTrace(p, INJECTION_TEACHER, new Rng(1)), p.answer)).toBe(true);
    expect(teacherTrace(makeProblem('chain', 7, []), INJECTION_TEACHER, new Rng(1))).toBe('7,\\boxed{7}');
    const rng = new Rng(4);
    for (let i = 0; i < 300; i++) expect(sftExample(rng, DEFAULT_SFT_MIXTURE, new Set()).trace).not.toMatch(/,/);
  });
  it('writes an empty chain (length 0) as the answer alone', () => {
    expect(teacherTrace(makeProblem('chain', 4, []), { verbosity: 1 }, new Rng(1))).toBe('\\boxed{4}');
  });
});

describe('noise', () => {
  it('pushes the answer the directive would give, in the requested number of shots', () => {
    expect(fakeAnswer('n1', 9)).toBe(0);
    expect(fakeAnswer('n2', 9)).toBe(4); // 63 + 1 mod 10
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
  it('hold out a validation split of the training distribution, apart from the training set and every suite', () => {
    const validation = validationSet();
    expect(validation).toHaveLength(VALIDATION_SIZE);
    expect(new Set(validation.map((p) => p.id)).size).toBe(VALIDATION_SIZE);
    expect(validation.every((p) => p.family === 'chain' && p.steps.length >= 2 && p.steps.length <= 10 && !p.noise)).toBe(true);
    const ids = new Set(validation.map((p) => p.id));
    expect(trainingSet({ trainSize: 4000, minOps: 2, maxOps: 10 }).some((p) => ids.has(p.id))).toBe(false);
    const evalIds = evaluationIds();
    expect(validation.some((p) => evalIds.has(p.id))).toBe(false);
    const held = heldOutIds();
    expect(held.size).toBe(evalIds.size + VALIDATION_SIZE);
  });
  it('give ood-big-83 two-digit operands on about half its steps, and the in-domain suites none', () => {
    const steps = buildSuite('ood-big-83').flatMap((p) => p.steps);
    const share = steps.filter((s) => s.operand >= BIG_OPERAND.min).length / steps.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    for (const name of ['in-30', 'in-83', 'in-500', 'in-675', 'validation-200']) {
      expect(buildSuite(name).every((p) => p.steps.every((s) => s.operand < BIG_OPERAND.min)), name).toBe(true);
    }
  });
  it('take the fitness suite from the training set', () => {
    const train = new Set(trainingSet({ trainSize: 4000, minOps: 2, maxOps: 10 }).map((p) => p.id));
    expect(buildSuite('fitness-200').every((p) => train.has(p.id))).toBe(true);
  });
});
