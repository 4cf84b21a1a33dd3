import { describe, expect, it } from 'vitest';
import { toCsv, toMarkdown } from '../charts/table-export';
import { compareCsv, compareMarkdown, compareTable, readoutParts, type ScorecardRow } from './scorecard-table';

const col = (key: string, analog: string, group: string, pass1: number, delta: number | null = null) => ({ key, suite: key, analog, group, runs: 4, maxCompletionLength: 240, pass1, ci: [pass1 - 0.05, pass1 + 0.05] as [number, number], delta });

const rows: ScorecardRow[] = [
  { label: 'Orig', source: 'base', result: { columns: [col('in-30', 'AIME24', 'reasoning', 0.2), col('in-30 (short)', 'AIME24 (short)', 'fitness', 0.15, -0.05)], groups: [{ group: 'reasoning', average: 0.2 }, { group: 'fitness', average: 0.15 }] } },
  { label: 'Neg', source: 'run-n', result: { columns: [col('in-30', 'AIME24', 'reasoning', 0.3), col('in-30 (short)', 'AIME24 (short)', 'fitness', 0.25, -0.05)], groups: [{ group: 'reasoning', average: 0.3 }, { group: 'fitness', average: 0.25 }] } },
  { label: 'Pos', source: 'run-p', result: { columns: [col('in-30', 'AIME24', 'reasoning', 0.3)], groups: [{ group: 'reasoning', average: 0.3 }] } },
];

describe('the compare table', () => {
  it('lines runs up by scorecard column with marks, the paper’s deltas and deltas against a baseline', () => {
    const t = compareTable(rows, 'base');
    expect(t.columns.map((c) => c.key)).toEqual(['in-30', 'in-30 (short)']);
    expect(t.groups).toEqual(['reasoning', 'fitness']);
    const [orig, neg, pos] = t.rows;
    expect(orig.cells[0]).toMatchObject({ pass1: 0.2, vsBaseline: null, mark: 'second' });
    expect(neg.cells[0]).toMatchObject({ mark: 'best' });
    expect(neg.cells[0]!.vsBaseline).toBeCloseTo(0.1, 12);
    expect(pos.cells[0]).toMatchObject({ mark: 'best' });
    expect(pos.cells[1]).toBeNull();
    expect(neg.cells[1]).toMatchObject({ columnDelta: -0.05, mark: 'best' });
    expect(pos.groupAverages).toEqual({ reasoning: 0.3, fitness: null });
  });

  it('has no baseline deltas when the baseline is not among the rows', () => {
    expect(compareTable(rows, 'nobody').rows.every((r) => r.cells.every((c) => c === null || c.vsBaseline === null))).toBe(true);
  });

  it('exports a long CSV with every number of a cell', () => {
    const csv = toCsv(compareCsv(compareTable(rows, 'base')));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('run,source,group,column,benchmark analog,pass@1 %,ci low %,ci high %,delta vs clean %,delta vs baseline %,pass@k k,pass@k %,entropy (nats/token)');
    expect(lines[1]).toBe('Orig,base,reasoning,in-30,AIME24,20.00,15.00,25.00,,,,,');
    expect(lines[4]).toBe('Neg,run-n,fitness,in-30 (short),AIME24 (short),25.00,20.00,30.00,-5.00,10.00,,,');
    expect(lines[6]).toBe('Pos,run-p,fitness,in-30 (short),AIME24 (short),,,,,,,,');
  });

  it('carries each column\'s pass@k and entropy into its cell and the CSV, and none for a scorecard stored before them', () => {
    const withReadouts: ScorecardRow = { ...rows[1], result: { ...rows[1].result, columns: [{ ...rows[1].result.columns[0], passAtK: { k: 4, value: 0.55 }, entropy: { nats: 0.41234, tokens: 1200 } }, { ...rows[1].result.columns[1], passAtK: null, entropy: null }] } };
    const t = compareTable([rows[0], withReadouts], 'base');
    expect(t.rows[1].cells[0]!.readouts).toEqual({ passAtK: { k: 4, value: 0.55 }, entropy: 0.41234 });
    expect(readoutParts(t.rows[1].cells[0]!.readouts)).toEqual({ passAtK: 'pass@4 55.0', entropy: 'H 0.412' });
    expect(t.rows[1].cells[1]!.readouts).toEqual({ passAtK: null, entropy: null });
    expect(readoutParts(t.rows[1].cells[1]!.readouts)).toEqual({ passAtK: null, entropy: null });
    expect(t.rows[0].cells[0]!.readouts).toEqual({ passAtK: null, entropy: null });
    const lines = toCsv(compareCsv(t)).trim().split('\r\n');
    expect(lines[3]).toBe('Neg,run-n,reasoning,in-30,AIME24,30.00,25.00,35.00,,10.00,4,55.00,0.4123');
  });

  it('exports Table 1 as markdown: bold best, underlined second, arrows, baseline deltas', () => {
    const md = toMarkdown(compareMarkdown(compareTable(rows, 'base')));
    expect(md.split('\n')).toEqual([
      '| Model | AIME24 | AIME24 (short) | reasoning avg | fitness avg |',
      '| --- | --- | --- | --- | --- |',
      '| Orig | <u>20.00</u> | <u>15.00</u> (5.00↓) | 20.00 | 15.00 |',
      '| Neg | **30.00** [+10.00] | **25.00** (5.00↓) [+10.00] | 30.00 | 25.00 |',
      '| Pos | **30.00** [+10.00] | — | 30.00 | — |',
      '',
    ]);
  });
});
