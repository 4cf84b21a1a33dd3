import { describe, expect, it } from 'vitest';
import { nextPhaseStart, runProgressDetail, studyProgressLine } from './progress-line';

describe('runProgressDetail', () => {
  it('before the first step ends, says which step it works on and for how long, not a bare "step 0"', () => {
    const line = runProgressDetail({ status: 'running', step: 0, totalSteps: 40, stepTimes: [1000] }, 25_000);
    expect(line).toBe('sampling and updating step 1 (24 s so far) · time left known after the first step');
  });
  it('gives a time left as soon as one step was timed', () => {
    const line = runProgressDetail({ status: 'running', step: 1, totalSteps: 40, stepTimes: [0, 2000] }, 3000);
    expect(line).toBe('sampling and updating step 2 (1 s so far) · about 1 min 18 s left');
  });
  it('a clock read just before the latest step event says 0 s, not a negative time', () => {
    expect(runProgressDetail({ status: 'running', step: 1, totalSteps: 4, stepTimes: [0, 2000] }, 1500)).toBe('sampling and updating step 2 (0 s so far) · about 6 s left');
  });
  it('paused or finished: only the count', () => {
    expect(runProgressDetail({ status: 'paused', step: 3, totalSteps: 40, stepTimes: [0, 1, 2, 3] }, 10)).toBeNull();
    expect(runProgressDetail({ status: 'running', step: 40, totalSteps: 40, stepTimes: [0] }, 10)).toBeNull();
  });
});

describe('studyProgressLine', () => {
  it('names the running suite, k of n, the count and the time left in it', () => {
    const line = studyProgressLine({ label: 'Orig: scorecard', progress: { phase: 'in-83', done: 332, total: 1328, part: 2, parts: 13 }, phaseStartedAt: 0 }, 10_000);
    expect(line).toBe('Running Orig: scorecard — in-83 (suite 2 of 13): 332 of 1,328 completions · about 30 s left in this suite');
  });
  it('at a suite\'s start says it samples the first batch; before any progress, that it starts', () => {
    expect(studyProgressLine({ label: 'x', progress: { phase: 'in-30', done: 0, total: 60 }, phaseStartedAt: 0 }, 5)).toBe('Running x — in-30: 0 of 60 completions · sampling the first batch…');
    expect(studyProgressLine({ label: 'x', progress: null, phaseStartedAt: 0 }, 5)).toBe('Running x: starting…');
  });
  it('restarts the phase clock on a new phase only', () => {
    expect(nextPhaseStart({ phase: 'a', done: 8, total: 60 }, 100, { phase: 'a', done: 16, total: 60 }, 500)).toBe(100);
    expect(nextPhaseStart({ phase: 'a', done: 60, total: 60 }, 100, { phase: 'b', done: 0, total: 60 }, 500)).toBe(500);
    expect(nextPhaseStart(null, 0, { phase: 'a', done: 8, total: 60 }, 500)).toBe(500);
  });
});
