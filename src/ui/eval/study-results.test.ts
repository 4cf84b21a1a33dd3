import { describe, expect, it } from 'vitest';
import type { StudyReport } from '../../core/studies/run-study';
import { labelReports, meanBinShares, meanMaxGapAt, repeatGroups, type MaxGapResult } from './study-results';

const report = (kind: string, suite: string, seed: number, result: unknown = {}, extra: object = {}) =>
  ({ kind, study: { kind, suite, runs: 4, seed, ...extra }, backend: { name: 'wasm', adapter: '' }, startedAt: '', seconds: 1, result }) as unknown as StudyReport;

describe('repeats of a study', () => {
  it('are the same study but for its seed, of the same policy and suite; they keep their numbered labels and group under the first', () => {
    const labelled = labelReports([
      { source: 'base', sourceLabel: 'Orig', reports: [report('pass1', 'in-30', 1), report('pass1', 'in-83', 1), report('pass1', 'in-30', 2), report('pass1', 'in-30', 3, {}, { runs: 64 })] },
      { source: 'run-a', sourceLabel: 'Neg', reports: [report('pass1', 'in-30', 1)] },
    ]);
    expect(labelled.map((r) => r.label)).toEqual(['Orig · in-30', 'Orig · in-83', 'Orig · in-30 #2', 'Orig · in-30 #3', 'Neg · in-30']);
    // in-30 at 4 runs twice (seeds 1, 2); at 64 runs is another study; Neg is another policy.
    expect(repeatGroups(labelled).map((g) => [g.label, g.members.map((m) => m.label)])).toEqual([
      ['Orig · in-30 · mean of 2 reports', ['Orig · in-30', 'Orig · in-30 #2']],
      ['Orig · in-83', ['Orig · in-83']],
      ['Orig · in-30 #3', ['Orig · in-30 #3']],
      ['Neg · in-30', ['Neg · in-30']],
    ]);
    expect(repeatGroups([])).toEqual([]);
  });

  it('average each bin’s share of its suite, over suites of any size', () => {
    // 10 problems [6, 4] and 20 problems [5, 15]: shares 0.6/0.4 and 0.25/0.75.
    expect(meanBinShares([{ histogram: [6, 4], problems: 10 }, { histogram: [5, 15], problems: 20 }])).toEqual([0.425, 0.575]);
    expect(meanBinShares([{ histogram: [0, 3], problems: 3 }])).toEqual([0, 1]);
  });

  it('average the max gap at n runs only where every repeat has n runs', () => {
    const gap = (rows: MaxGapResult['rows']): MaxGapResult => ({ suite: 'in-30', problems: 30, totalRuns: 32, rows, runScores: [] });
    const a = gap([{ runs: 4, available: true, meanPass1: 0.2, maxGap: 0.1, trialScores: [] }, { runs: 8, available: true, meanPass1: 0.3, maxGap: 0.05, trialScores: [] }]);
    const b = gap([{ runs: 4, available: true, meanPass1: 0.4, maxGap: 0.2, trialScores: [] }, { runs: 8, available: false, reason: 'needs 32 runs' }]);
    const at4 = meanMaxGapAt([a, b], 4)!;
    expect(at4.meanPass1).toBeCloseTo(0.3, 12);
    expect(at4.maxGap).toBeCloseTo(0.15, 12);
    expect(meanMaxGapAt([a, b], 8)).toBeNull();
    expect(meanMaxGapAt([a], 8)).toEqual({ meanPass1: 0.3, maxGap: 0.05 });
    expect(meanMaxGapAt([a], 16)).toBeNull();
  });
});
