import { describe, expect, it } from 'vitest';
import { progressText } from './progress-reporter';

describe('the progress line', () => {
  const state = {
    finished: 1,
    total: 12,
    elapsedSeconds: 30,
    current: { unit: 'u', phase: 'train' as const, label: 'runner-e2e (numGenerations=2) with a long arm label', done: 10, total: 40, metric: 'reward 0.412, length 57' },
  };
  it('keeps the counts and the ETA at 80 columns, shortening the label instead', () => {
    const line = progressText(state, 79);
    expect(line.length).toBeLessThanOrEqual(79);
    expect(line).toMatch(/^\[1\/12\] /);
    expect(line).toMatch(/ 10\/40 ETA 1 min 30 s$/);
  });
  it('shows everything when there is room, and keeps counts even in a narrow terminal', () => {
    expect(progressText(state, 200)).toBe(`[1/12] ${state.current.label} train ██████░░░░░░░░░░░░░░░░░░ 10/40 ETA 1 min 30 s · reward 0.412, length 57`);
    expect(progressText(state, 30)).toMatch(/^\[1\/12\] .*10\/40 ETA 1 min 30 s$/);
    expect(progressText({ ...state, current: null }, 80)).toBe('[1/12]');
  });
});
