import { describe, expect, it } from 'vitest';
import { MARK_LABEL_ROWS, markRows } from './mark-rows';

describe('mark label rows', () => {
  it('no marks, no rows', () => {
    expect(markRows([])).toEqual([]);
  });
  it('marks in step order take the rows in turn, whichever kind and order they come in', () => {
    const boundaries = [{ x: 34.5, label: 'stage 3' }, { x: 17.5, label: 'stage 2' }];
    const kept = [{ x: 0, label: 'kept: N ×5' }, { x: 40, label: 'kept: NP ×3' }, { x: 30, label: 'kept: NP' }];
    expect(markRows([...boundaries, ...kept])).toEqual([
      { x: 0, label: 'kept: N ×5', row: 0 },
      { x: 17.5, label: 'stage 2', row: 1 },
      { x: 30, label: 'kept: NP', row: 2 },
      { x: 34.5, label: 'stage 3', row: 0 },
      { x: 40, label: 'kept: NP ×3', row: 1 },
    ]);
    expect(MARK_LABEL_ROWS).toBe(3);
  });
  it('leaves the marks it was given as they were', () => {
    const marks = [{ x: 2, label: 'b' }, { x: 1, label: 'a' }];
    markRows(marks);
    expect(marks).toEqual([{ x: 2, label: 'b' }, { x: 1, label: 'a' }]);
  });
});
