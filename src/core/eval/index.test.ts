import { describe, expect, it } from 'vitest';
import * as evalMetrics from './index';

describe('src/core/eval index', () => {
  it('exports the metrics the evaluator studies use', () => {
    for (const name of [
      'passAt1',
      'passAtK',
      'meanPassAtK',
      'problemAccuracies',
      'runScores',
      'accuracyHistogram',
      'uncertainShare',
      'maxGap',
      'maxGapStudy',
      'bootstrapCI',
      'meanStd',
      'defaultRuns',
      'greedyFlips',
      'scoreDelta',
      'formatDelta',
      'rankMarks',
    ] as const) {
      expect(typeof evalMetrics[name], name).toBe('function');
    }
  });

  it('composes: per-run spread, uncertain share and gap on one matrix', () => {
    // 5 problems × 5 runs; problem accuracies 1, 0.8, 0.6, 0.2, 0
    const correct = [
      [true, true, true, true, true],
      [true, true, true, true, false],
      [true, false, true, false, true],
      [false, false, true, false, false],
      [false, false, false, false, false],
    ];
    const acc = evalMetrics.problemAccuracies(correct);
    expect(evalMetrics.accuracyHistogram(acc)).toEqual([1, 1, 0, 1, 2]);
    expect(evalMetrics.uncertainShare(acc)).toBeCloseTo(2 / 5, 14);
    // runs: 3/5, 2/5, 4/5, 2/5, 2/5 → gap 2/5, mean 13/25 = passAt1 (1+0.8+0.6+0.2+0)/5 = 0.52
    const perRun = evalMetrics.runScores(correct);
    expect(evalMetrics.maxGap(perRun)).toBeCloseTo(0.4, 14);
    expect(evalMetrics.meanStd(perRun).mean).toBeCloseTo(0.52, 14);
    expect(evalMetrics.passAt1(correct)).toBeCloseTo(0.52, 14);
  });
});
