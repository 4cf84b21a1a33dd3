import { describe, expect, it } from 'vitest';
import { keptMarks, MARK_LABEL_ROWS } from './kept-marks';

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
      { x: 0, row: 0, label: 'kept: Neg ×3, Both' },
      { x: 40, row: 1, label: 'kept: Both, Pos' },
    ]);
  });
  it('marks in step order take the label rows in turn, whatever order the runs come in', () => {
    const steps = [50, 10, 0, 30, 20];
    const marks = keptMarks(steps.map((keptStep) => ({ label: 'A', keptStep })));
    expect(marks.map((m) => m.x)).toEqual([0, 10, 20, 30, 50]);
    expect(marks.map((m) => m.row)).toEqual([0, 1, 2, 0, 1].map((r) => r % MARK_LABEL_ROWS));
    expect(MARK_LABEL_ROWS).toBe(3);
  });
});
