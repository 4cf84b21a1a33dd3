import { describe, expect, it } from 'vitest';
import { KEPT_LABEL_CHARS, keptMarks } from './kept-marks';

describe('kept marks', () => {
  it('no finished run, no mark', () => {
    expect(keptMarks([])).toEqual([]);
  });
  it('one mark per kept step, each name once with its count, in the order the runs are on show', () => {
    const marks = keptMarks([
      { label: 'Neg', keptStep: 0 },
      { label: 'Both', keptStep: 40 },
      { label: 'Both', keptStep: 0 },
      { label: 'Neg', keptStep: 0 },
      { label: 'Pos', keptStep: 40 },
      { label: 'Neg', keptStep: 0 },
    ]);
    expect(marks).toEqual([
      { x: 0, label: 'kept: Neg ×3, Both' },
      { x: 40, label: 'kept: Both, Pos' },
    ]);
  });
  it('marks come in step order, whatever order the runs come in', () => {
    const marks = keptMarks([50, 10, 0, 30, 20].map((keptStep) => ({ label: 'A', keptStep })));
    expect(marks.map((m) => m.x)).toEqual([0, 10, 20, 30, 50]);
  });
  it('a label longer than KEPT_LABEL_CHARS gives the counts, unless one arm kept the step', () => {
    const arms = ['64(N)-96(N)-160(NP)', '64(N)-96(N)-160(N)', '64(NP)-96(NP)-160(NP)'];
    const marks = keptMarks([
      ...arms.flatMap((label) => [{ label, keptStep: 0 }, { label, keptStep: 0 }]),
      { label: arms[2], keptStep: 0 },
      { label: 'a'.repeat(KEPT_LABEL_CHARS), keptStep: 30 },
      { label: 'Neg', keptStep: 40 },
      { label: 'Both', keptStep: 40 },
    ]);
    expect(marks).toEqual([
      { x: 0, label: 'kept: 7 runs of 3 arms' },
      { x: 30, label: `kept: ${'a'.repeat(KEPT_LABEL_CHARS)}` },
      { x: 40, label: 'kept: Neg, Both' },
    ]);
    expect(`kept: ${arms[0]} ×2, ${arms[1]} ×2`.length).toBeGreaterThan(KEPT_LABEL_CHARS);
    expect('kept: Neg ×5, Both ×5, Pos ×5'.length).toBeLessThanOrEqual(KEPT_LABEL_CHARS);
  });
});
