import { describe, expect, it } from 'vitest';
import { stageMarks } from './stage-marks';

describe('stageMarks', () => {
  it('puts a boundary between the stages and a cap over each stage (48(NP)x6-32(N)x5)', () => {
    const m = stageMarks([[{ maxCompletionLength: 48, sampleFilter: 'both', steps: 6, lengthReward: true }, { maxCompletionLength: 32, sampleFilter: 'negative', steps: 5, lengthReward: true }]]);
    expect(m.boundaries).toEqual([{ x: 6.5, label: 'stage 2' }]);
    expect(m.caps).toEqual([
      { x1: 1, x2: 6, y: 48, label: 'cap 48' },
      { x1: 7, x2: 11, y: 32, label: 'cap 32' },
    ]);
  });

  it('draws no boundary for one stage, and shares the marks of runs with the same stages', () => {
    const one = [{ maxCompletionLength: 48, sampleFilter: 'both' as const, steps: 6, lengthReward: true }];
    expect(stageMarks([one, one])).toEqual({ boundaries: [], caps: [{ x1: 1, x2: 6, y: 48, label: 'cap 48' }] });
    expect(stageMarks([])).toEqual({ boundaries: [], caps: [] });
  });
});
