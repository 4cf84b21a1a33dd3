import { describe, expect, it } from 'vitest';
import { ExperimentConfigSchema, type ExperimentConfig } from '../../core/config';
import { tQuantile } from '../../core/eval/student-t';
import type { ScorecardColumn, ScorecardResult } from '../../core/studies/run-study';
import { toCsv, toMarkdown } from '../charts/table-export';
import { differenceReading, hasSeedGroups, seedCsv, seedGroupsOfRows, seedMarkdown, seedsText, seedTable, type SeedScorecard } from './seed-table';

const base = ExperimentConfigSchema.parse({});
const cfg = (seed: number, patch: Record<string, unknown> = {}): ExperimentConfig => ExperimentConfigSchema.parse({ ...base, name: `run-${seed}`, seed, ...patch });

/** A reasoning column: Pass@1, and the per-problem accuracies when given (Pass@1 is then their mean). */
function col(key: string, pass1OrAccuracies: number | number[]): ScorecardColumn {
  const accuracies = Array.isArray(pass1OrAccuracies) ? pass1OrAccuracies : undefined;
  const pass1 = accuracies ? accuracies.reduce((a, b) => a + b, 0) / accuracies.length : (pass1OrAccuracies as number);
  return { key, suite: key, analog: key.toUpperCase(), group: 'reasoning', runs: 2, maxCompletionLength: 240, pass1, ci: null, ...(accuracies ? { accuracies } : {}), delta: null };
}
const result = (...columns: ScorecardColumn[]): ScorecardResult => ({ columns, groups: [{ group: 'reasoning', average: columns.reduce((a, c) => a + c.pass1, 0) / columns.length }] });
const scored = (source: string, config: ExperimentConfig | null, ...columns: ScorecardColumn[]): SeedScorecard => ({ row: { label: source, source, result: result(...columns) }, config });

describe('seed groups of scored rows', () => {
  it('joins runs that differ only by seed (and name), keeps other knobs and the checkpoint apart, and leaves out a repeated seed', () => {
    const groups = seedGroupsOfRows([
      scored('base', null, col('in-30', 0.1)),
      scored('a11', cfg(11), col('in-30', 0.4)),
      scored('lr', cfg(11, { learningRate: 3e-4 }), col('in-30', 0.2)),
      scored('a12', cfg(12), col('in-30', 0.6)),
      scored('a12-again', cfg(12), col('in-30', 0.6)),
    ]);
    expect(groups.map((g) => [g.key, g.members.map((m) => m.source), g.repeated])).toEqual([
      ['base', ['base'], []],
      ['a11', ['a11', 'a12'], ['a12-again']],
      ['lr', ['lr'], []],
    ]);
    // Picking the left-out run as the reference picks its group.
    expect(seedTable([scored('a11', cfg(11), col('in-30', 0.4)), scored('a12', cfg(12), col('in-30', 0.6)), scored('a12-again', cfg(12), col('in-30', 0.6))], 'a12-again').reference).toBe('a11');
    expect(hasSeedGroups([scored('a11', cfg(11)), scored('lr', cfg(11, { learningRate: 3e-4 }))])).toBe(false);
    expect(hasSeedGroups([scored('a11', cfg(11)), scored('a12', cfg(12))])).toBe(true);
  });
});

describe('a seed group row', () => {
  it('2 seeds without per-problem accuracies: the mean of the seeds’ Pass@1 with a t interval over seeds (df 1)', () => {
    const t = seedTable([scored('a11', cfg(11), col('in-30', 0.4)), scored('a12', cfg(12), col('in-30', 0.6))], null);
    expect(t.rows).toHaveLength(1);
    const [row] = t.rows;
    expect(row.seeds).toEqual([11, 12]);
    expect(seedsText(row.seeds)).toBe('2 seeds (11, 12)');
    const cell = row.cells[0]!;
    expect(cell.method).toBe('seeds');
    expect(cell.mean).toBeCloseTo(0.5, 12);
    // sd 0.1414, se = 0.1, t(0.975, 1) = 12.7062.
    expect(cell.interval!.se).toBeCloseTo(0.1, 12);
    expect(cell.interval!.df).toBe(1);
    expect(cell.interval!.lo).toBeCloseTo(0.5 - 1.27062, 4);
    expect(cell.interval!.hi).toBeCloseTo(0.5 + 1.27062, 4);
    expect(row.groupAverages.reasoning).toBeCloseTo(0.5, 12);
  });

  it('3 seeds × 2 problems: the crossed seed × problem interval, as worked by hand', () => {
    const t = seedTable([scored('a1', cfg(1), col('in-30', [0.5, 1])), scored('a2', cfg(2), col('in-30', [0, 0.5])), scored('a3', cfg(3), col('in-30', [0.5, 0.5]))], null);
    const cell = t.rows[0].cells[0]!;
    expect(cell.method).toBe('seeds × problems');
    expect(cell.seeds).toEqual([1, 2, 3]);
    // MS_seed 1/8, MS_problem 1/6, MS_residual 1/24 → components 1/24, 1/24, 1/24;
    // Var(mean) = (1/24)(1/3 + 1/2 + 1/6) = 1/24; Satterthwaite df = (1/4)² / ((1/8)²/2 + (1/6)²/1 + (1/24)²/2) = 12/7.
    const i = cell.interval!;
    expect(i.mean).toBeCloseTo(0.5, 12);
    expect(i.se).toBeCloseTo(Math.sqrt(1 / 24), 12);
    expect(i.df).toBeCloseTo(12 / 7, 10);
    expect(i.components.seed).toBeCloseTo(1 / 24, 12);
    expect(i.hi - i.mean).toBeCloseTo(tQuantile(0.975, 12 / 7) * Math.sqrt(1 / 24), 10);
  });

  it('one seed: its Pass@1 and no interval (never one of zero width)', () => {
    const t = seedTable([scored('a11', cfg(11), col('in-30', [0.25, 0.75]))], null);
    const cell = t.rows[0].cells[0]!;
    expect(cell.mean).toBe(0.5);
    expect(cell.interval).toBeNull();
    expect(seedsText(t.rows[0].seeds)).toBe('1 seed (11)');
  });

  it('a group missing a suite: the cell holds the seeds that scored it, and a suite no seed scored is empty', () => {
    const t = seedTable([scored('a11', cfg(11), col('in-30', 0.4), col('in-83', 0.3)), scored('a12', cfg(12), col('in-30', 0.6)), scored('lr', cfg(11, { learningRate: 3e-4 }), col('in-30', 0.2), col('ood', 0.1))], null);
    expect(t.columns.map((c) => c.key)).toEqual(['in-30', 'in-83', 'ood']);
    const [a, lr] = t.rows;
    expect(a.cells[0]!.seeds).toEqual([11, 12]);
    expect(a.cells[1]).toMatchObject({ mean: 0.3, interval: null, seeds: [11] });
    expect(a.cells[2]).toBeNull();
    expect(lr.cells[1]).toBeNull();
    // Marks rank the group means: 0.5 beats 0.2 on in-30.
    expect(a.cells[0]!.mark).toBe('best');
    expect(lr.cells[0]!.mark).toBe('second');
  });
});

describe('paired differences against a reference row', () => {
  it('3 paired seeds whose differences all lie above 0: the interval excludes 0, read "above 0"; the other way round "below 0"', () => {
    const rows = [
      scored('a1', cfg(1), col('in-30', 0.5)),
      scored('a2', cfg(2), col('in-30', 0.6)),
      scored('a3', cfg(3), col('in-30', 0.55)),
      scored('b1', cfg(1, { learningRate: 3e-4 }), col('in-30', 0.3)),
      scored('b2', cfg(2, { learningRate: 3e-4 }), col('in-30', 0.3)),
      scored('b3', cfg(3, { learningRate: 3e-4 }), col('in-30', 0.3)),
    ];
    const t = seedTable(rows, 'b2');
    expect(t.reference).toBe('b1');
    const [a, b] = t.rows;
    expect(b.cells[0]!.vsReference).toBeNull();
    const d = a.cells[0]!.vsReference!;
    // Differences 0.2, 0.3, 0.25: mean 0.25, sd 0.05, se 0.05/√3, t(0.975, 2) = 4.30265.
    expect(d.pairedSeeds).toEqual([1, 2, 3]);
    expect(d.unpaired).toEqual({ own: [], reference: [] });
    expect(d.mean).toBeCloseTo(0.25, 12);
    expect(d.interval!.lo).toBeCloseTo(0.25 - (4.30265 * 0.05) / Math.sqrt(3), 4);
    expect(d.reading).toBe('above 0');
    expect(seedTable(rows, 'a1').rows[1].cells[0]!.vsReference!.reading).toBe('below 0');
  });

  it('unequal seed sets: pairs only the common seeds and names the ones left out', () => {
    const rows = [
      scored('a1', cfg(1), col('in-30', 0.9)),
      scored('a2', cfg(2), col('in-30', 0.5)),
      scored('a3', cfg(3), col('in-30', 0.7)),
      scored('b2', cfg(2, { learningRate: 3e-4 }), col('in-30', 0.3)),
      scored('b3', cfg(3, { learningRate: 3e-4 }), col('in-30', 0.4)),
      scored('b4', cfg(4, { learningRate: 3e-4 }), col('in-30', 0.1)),
    ];
    const d = seedTable(rows, 'b4').rows[0].cells[0]!.vsReference!;
    expect(d.pairedSeeds).toEqual([2, 3]);
    expect(d.unpaired).toEqual({ own: [1], reference: [4] });
    // Differences 0.2 and 0.3 (seeds 1 and 4 play no part): mean 0.25, se 0.05, t(0.975, 1) = 12.7062.
    expect(d.mean).toBeCloseTo(0.25, 12);
    expect(d.interval!.hi).toBeCloseTo(0.25 + 12.7062 * 0.05, 3);
    expect(d.reading).toBe('includes 0');
  });

  it('one common seed: the difference, with no interval and no reading', () => {
    const rows = [scored('a1', cfg(1), col('in-30', 0.5)), scored('a2', cfg(2), col('in-30', 0.7)), scored('b2', cfg(2, { learningRate: 3e-4 }), col('in-30', 0.4))];
    const d = seedTable(rows, 'b2').rows[0].cells[0]!.vsReference!;
    expect(d.pairedSeeds).toEqual([2]);
    expect(d.mean).toBeCloseTo(0.3, 12);
    expect(d.interval).toBeNull();
    expect(d.reading).toBeNull();
  });

  it('against the base checkpoint every seed pairs with it, problem by problem', () => {
    const rows = [scored('base', null, col('in-30', [0.5, 0.5])), scored('a1', cfg(1), col('in-30', [1, 0.5])), scored('a2', cfg(2), col('in-30', [0.5, 0.5]))];
    const t = seedTable(rows, 'base');
    expect(t.rows[0].seeds).toBeNull();
    expect(seedsText(null)).toBe('checkpoint');
    expect(t.rows[0].cells[0]!.interval).toBeNull();
    const d = t.rows[1].cells[0]!.vsReference!;
    // Differences [[0.5, 0], [0, 0]]: mean 1/8; every component floors at 0, so Var(mean) = MS_residual / 4 = 1/64, df 1.
    expect(d.method).toBe('seeds × problems');
    expect(d.pairedSeeds).toEqual([1, 2]);
    expect(d.mean).toBeCloseTo(0.125, 12);
    expect(d.interval!.se).toBeCloseTo(0.125, 12);
    expect(d.interval!.df).toBeCloseTo(1, 12);
    expect(d.reading).toBe('includes 0');
    // The base against the group: the same pairs, the sign turned.
    const back = seedTable(rows, 'a2').rows[0].cells[0]!.vsReference!;
    expect(back.mean).toBeCloseTo(-0.125, 12);
    expect(back.pairedSeeds).toEqual([1, 2]);
  });

  it('falls back to the seeds’ Pass@1 when the two sides hold different problems', () => {
    const rows = [scored('a1', cfg(1), col('in-30', [1, 0.5])), scored('a2', cfg(2), col('in-30', [0.5, 0.5])), scored('b1', cfg(1, { learningRate: 3e-4 }), col('in-30', 0.5)), scored('b2', cfg(2, { learningRate: 3e-4 }), col('in-30', 0.25))];
    const d = seedTable(rows, 'b1').rows[0].cells[0]!.vsReference!;
    expect(d.method).toBe('seeds');
    // Differences 0.25 and 0.25: no spread between the seeds.
    expect(d.mean).toBeCloseTo(0.25, 12);
    expect(d.interval!.se).toBe(0);
  });

  it('a reading is the ordering rule of verdicts.ts', () => {
    const i = (lo: number, hi: number) => ({ mean: (lo + hi) / 2, lo, hi, se: 1, df: 1, level: 0.95, seeds: 2, problems: 1, components: { seed: 0, problem: 0, residual: 0 } });
    expect(differenceReading(i(0.01, 0.2))).toBe('above 0');
    expect(differenceReading(i(-0.2, -0.01))).toBe('below 0');
    expect(differenceReading(i(0, 0.2))).toBe('includes 0');
  });
});

describe('the seed table’s exports', () => {
  const rows = [
    scored('a11', cfg(11), col('in-30', 0.4)),
    scored('a12', cfg(12), col('in-30', 0.6)),
    scored('b11', cfg(11, { learningRate: 3e-4 }), col('in-30', 0.3)),
    scored('b12', cfg(12, { learningRate: 3e-4 }), col('in-30', 0.4)),
  ];

  it('markdown: a row per group with its seed count, the interval across seeds and the paired Δ with its reading', () => {
    // a: 0.4, 0.6 → 50 ± 12.7062·10; Δ against b: 0.1, 0.2 → 15 ± 12.7062·5.
    expect(toMarkdown(seedMarkdown(seedTable(rows, 'b11'))).split('\n')).toEqual([
      '| Model | seeds | IN-30 | reasoning avg |',
      '| --- | --- | --- | --- |',
      '| a11 | 2 | **50.00** (-77.06–177.06) [Δ +15.00, -48.53 to +78.53: includes 0] | 50.00 |',
      '| b11 | 2 | <u>35.00</u> (-28.53–98.53) | 35.00 |',
      '',
    ]);
  });

  it('CSV: every number of a cell, the seeds scored and the seeds paired', () => {
    const lines = toCsv(seedCsv(seedTable(rows, 'b11'))).trim().split('\r\n');
    expect(lines[0]).toBe('group,runs,seeds,column group,column,benchmark analog,pass@1 % (mean over seeds),ci low %,ci high %,seeds scored,interval over,delta vs reference %,delta ci low %,delta ci high %,delta reading,paired seeds,pass@k k,pass@k %,entropy (nats/token)');
    expect(lines[1]).toBe('a11,a11 a12,11 12,reasoning,in-30,IN-30,50.00,-77.06,177.06,11 12,seeds,15.00,-48.53,78.53,includes 0,11 12,,,');
    expect(lines[2]).toBe('b11,b11 b12,11 12,reasoning,in-30,IN-30,35.00,-28.53,98.53,11 12,seeds,,,,,,,,');
  });

  it("readouts: each cell holds the mean over its seeds of pass@k and the entropy, where every seed has them", () => {
    const withReadouts = (c: ScorecardColumn, value: number | null, nats: number | null, k = 2): ScorecardColumn => ({ ...c, passAtK: value === null ? null : { k, value }, entropy: nats === null ? null : { nats, tokens: 50 } });
    const t = seedTable(
      [
        scored('a11', cfg(11), withReadouts(col('in-30', 0.4), 0.5, 0.3), withReadouts(col('in-83', 0.4), 0.5, 0.3)),
        scored('a12', cfg(12), withReadouts(col('in-30', 0.6), 0.7, 0.4), withReadouts(col('in-83', 0.4), null, 0.5)),
        scored('old', cfg(11, { learningRate: 3e-4 }), col('in-30', 0.2)),
      ],
      'a11',
    );
    // in-30: (0.5 + 0.7) / 2 = 0.6 and (0.3 + 0.4) / 2 = 0.35; in-83: seed 12 has no pass@k, so none.
    expect(t.rows[0].cells[0]!.readouts).toEqual({ passAtK: { k: 2, value: expect.closeTo(0.6, 12) }, entropy: expect.closeTo(0.35, 12) });
    expect(t.rows[0].cells[1]!.readouts).toEqual({ passAtK: null, entropy: expect.closeTo(0.4, 12) });
    // A scorecard stored before the readouts has none.
    expect(t.rows[1].cells[0]!.readouts).toEqual({ passAtK: null, entropy: null });
    const csv = toCsv(seedCsv(t)).trim().split('\r\n');
    expect(csv[1].endsWith(',2,60.00,0.3500')).toBe(true);
  });

  it('readouts: seeds scored at different k have no pass@k mean', () => {
    const at = (k: number): ScorecardColumn => ({ ...col('in-30', 0.5), passAtK: { k, value: 0.8 }, entropy: null });
    const t = seedTable([scored('a11', cfg(11), at(2)), scored('a12', cfg(12), at(4))], 'a11');
    expect(t.rows[0].cells[0]!.readouts.passAtK).toBeNull();
  });
});
