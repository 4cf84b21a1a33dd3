import { describe, expect, it } from 'vitest';
import { fileSlug, tableOf, toCsv, toMarkdown } from './table-export';

describe('CSV and markdown export', () => {
  it('writes RFC 4180 CSV: quotes fields with commas, quotes or line breaks, doubles quotes', () => {
    const csv = toCsv({ columns: ['run', 'note', 'pass@1'], rows: [['Neg, 8K', 'say "hi"', 0.25], ['two\nlines', null, NaN], [undefined, true, -0.5]] });
    expect(csv).toBe('run,note,pass@1\r\n"Neg, 8K","say ""hi""",0.25\r\n"two\nlines",,\r\n,true,-0.5\r\n');
  });

  it('guards text cells a spreadsheet would run as formulas, not negative numbers', () => {
    expect(toCsv({ columns: ['a'], rows: [['=SUM(A1)'], ['@cmd'], ['-2.5'], ['+1'], ['-x']] })).toBe("a\r\n'=SUM(A1)\r\n'@cmd\r\n-2.5\r\n+1\r\n'-x\r\n");
  });

  it('writes a GitHub markdown table, escaping pipes and flattening line breaks, with alignment', () => {
    const md = toMarkdown({ columns: ['Model', 'AIME24'], rows: [['a|b', 36.35], ['x\ny', null]] }, ['l', 'r']);
    expect(md).toBe('| Model | AIME24 |\n| --- | ---: |\n| a\\|b | 36.35 |\n| x y |  |\n');
  });

  it('builds a table from objects in column order', () => {
    expect(tableOf([{ step: 1, reward: 0.5 }], ['reward', 'step'])).toEqual({ columns: ['reward', 'step'], rows: [[0.5, 1]] });
  });

  it('makes file names from titles', () => {
    expect(fileSlug('Max gap vs number of runs (Table 7)')).toBe('max-gap-vs-number-of-runs-table-7');
    expect(fileSlug('!!!')).toBe('chart');
  });
});
