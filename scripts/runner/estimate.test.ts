import { describe, expect, it } from 'vitest';
import { parseStudy } from '../../src/core/eval/studies';
import { studyCompletions } from './estimate';

/**
 * What `--list` prices: the completions each study samples, counted by hand from the study's
 * definition (run-study.ts). The instability preset's max gap on in-83 showed 21,248 completions
 * in the runner's progress line, 83 problems × 64 runs × 4 trials.
 */
describe('completions a study samples', () => {
  it('Pass@1: problems × runs, the suite-size default when runs is 0, the first `limit` problems', () => {
    expect(studyCompletions(parseStudy({ kind: 'pass1', suite: 'in-30', runs: 0 }))).toBe(30 * 64);
    expect(studyCompletions(parseStudy({ kind: 'pass1', suite: 'in-500', runs: 0 }))).toBe(500 * 16);
    expect(studyCompletions(parseStudy({ kind: 'pass1', suite: 'in-83', runs: 3, limit: 10 }))).toBe(10 * 3);
  });

  it('max gap: one pool of the largest trial for each trial', () => {
    expect(studyCompletions(parseStudy({ kind: 'maxGap', suite: 'in-83', runsPerTrial: [4, 16, 64], trials: 4 }))).toBe(21_248);
    expect(studyCompletions(parseStudy({ kind: 'maxGap', suite: 'in-30', runsPerTrial: [8], trials: 2 }))).toBe(30 * 8 * 2);
  });

  it('temperature sweep: greedy decoding is one run, every other temperature `runs`', () => {
    expect(studyCompletions(parseStudy({ kind: 'temperatureSweep', suite: 'in-30', runs: 16, temperatures: [0, 0.2, 0.4, 0.6, 0.8, 1] }))).toBe(30 * (1 + 5 * 16));
    expect(studyCompletions(parseStudy({ kind: 'temperatureSweep', suite: 'in-30', runs: 4, temperatures: [0.6] }))).toBe(30 * 4);
  });

  it('greedy: the sampled runs, one decode per batch size and one per other backend', () => {
    expect(studyCompletions(parseStudy({ kind: 'greedy', suite: 'in-30', runs: 32, batchSizes: [1, 8, 64], backends: ['cpu'] }))).toBe(30 * (32 + 3 + 1));
    expect(studyCompletions(parseStudy({ kind: 'greedy', suite: 'in-83', runs: 2, batchSizes: [4], backends: [] }))).toBe(83 * 3);
  });
});
