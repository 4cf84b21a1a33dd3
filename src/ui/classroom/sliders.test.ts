import { describe, expect, it } from 'vitest';
import { ClassroomArgsSchema, type ClassroomArgs } from '../../../workers/api';
import { defaultView, parseUrlState } from '../url-state';
import { SLIDERS, type SliderSpec } from './sliders';

/** Which worker argument each slider sets (as ClassroomView sends them). */
const ARG: Record<SliderSpec['key'], keyof ClassroomArgs> = { G: 'numGenerations', difficulty: 'ops', T: 'temperature', problems: 'numProblems' };

describe('the Classroom sliders', () => {
  const c = defaultView().classroom;
  const args = { numGenerations: c.G, numProblems: c.problems, ops: c.difficulty, temperature: c.T, seed: c.seed };

  for (const s of SLIDERS) {
    it(`${s.key}: a link and the worker take exactly the slider's range [${s.min}, ${s.max}]`, () => {
      for (const v of [s.min, s.max]) {
        expect(parseUrlState(`?${s.key}=${v}`).problems).toEqual([]);
        expect(ClassroomArgsSchema.safeParse({ ...args, [ARG[s.key]]: v }).success).toBe(true);
      }
      for (const v of [s.min - s.step, s.max + s.step]) {
        const [problem] = parseUrlState(`?${s.key}=${v}`).problems;
        expect(problem).toMatch(new RegExp(`^${s.key}: ${s.key} must be an? (integer|number) in \\[${s.min}, ${s.max}\\]$`));
        const r = ClassroomArgsSchema.safeParse({ ...args, [ARG[s.key]]: v });
        // The worker's message gives the same range, for a value out of it as for one of the wrong type.
        expect(r.success ? null : r.error.issues[0].message).toMatch(new RegExp(`must be an? (integer|number) in \\[${s.min}, ${s.max}\\]$`));
      }
    });
  }

  it('start inside their ranges, at the defaults a link leaves out', () => {
    for (const s of SLIDERS) {
      expect(c[s.key]).toBeGreaterThanOrEqual(s.min);
      expect(c[s.key]).toBeLessThanOrEqual(s.max);
    }
    expect(ClassroomArgsSchema.safeParse(args).success).toBe(true);
  });
});
