import { describe, expect, it } from 'vitest';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import { runStudy } from './run-study';
import { parseStudy, StudySchema, type StudyInput } from '../eval/studies';
import { StudyReportSchema, type ScorecardColumn } from '../eval/results';
import { passAtK } from '../eval/passAtK';

/**
 * The result schemas are the one declaration of what a study returns: a report straight from
 * runStudy must parse unchanged, else an export of it could not be imported again. Every kind, on
 * a tiny random policy and a few short completions, so it runs in seconds.
 */
const tokenizer = new CharTokenizer();
const config = { vocabSize: tokenizer.vocabSize, contextLength: 512, nLayer: 1, nHead: 2, dModel: 8, dFF: 16, positional: 'rope' as const };
const short = { maxCompletionLength: 8, batchSize: 64, seed: 2 };
const studies: StudyInput[] = [
  { kind: 'pass1', suite: 'in-30', runs: 2, resamples: 10, ...short },
  { kind: 'maxGap', suite: 'in-30', runsPerTrial: [1, 4], trials: 2, ...short },
  { kind: 'temperatureSweep', suite: 'in-30', temperatures: [0, 1], runs: 2, ...short },
  { kind: 'greedy', suite: 'in-30', runs: 2, batchSizes: [1, 8], backends: [], ...short },
  { kind: 'census', groupSizes: [1, 2], samplings: [{ temperature: 1, topP: 1 }, { temperature: 0.6, topP: 0.95 }], limit: 4, ...short },
  { kind: 'perturbation', suite: 'in-30', train: { numGenerations: 2, promptsPerStep: 1, microBatchSize: 2, stages: [{ steps: 1, maxCompletionLength: 8 }] }, ...short },
  { kind: 'scorecard', runs: 1, groups: ['reasoning', 'fitness'], fitnessMaxLength: 8, resamples: 10, ...short },
];

describe('StudyReportSchema', () => {
  it('covers every study kind', () => {
    expect(new Set(studies.map((s) => s.kind))).toEqual(new Set(StudySchema.options.map((o) => o.shape.kind.value)));
  });

  it.each(studies.map((s) => [s.kind, s] as const))('parses a %s report from runStudy unchanged', async (_kind, input) => {
    const policy = Policy.init(config, tokenizer, 1);
    try {
      const report = await runStudy(parseStudy(input), { policy, backend: { name: 'cpu', adapter: 'test' } });
      const json = JSON.parse(JSON.stringify(report)) as unknown;
      const parsed = StudyReportSchema.safeParse(json);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(parsed.data).toEqual(json);
    } finally {
      policy.dispose();
    }
  });
});

describe('scorecard results', () => {
  it("keep each column's per-problem accuracies, whose mean is the column's Pass@1", async () => {
    const policy = Policy.init(config, tokenizer, 1);
    try {
      const report = await runStudy(parseStudy(studies.find((s) => s.kind === 'scorecard')!), { policy, backend: { name: 'cpu', adapter: 'test' } });
      const { columns } = StudyReportSchema.parse(report).result as { columns: { suite: string; pass1: number; accuracies?: number[] }[] };
      expect(columns.length).toBeGreaterThan(0);
      for (const c of columns) {
        expect(c.accuracies, c.suite).toHaveLength(Number(c.suite.match(/\d+$/)![0]));
        expect(c.accuracies!.reduce((a, b) => a + b, 0) / c.accuracies!.length).toBeCloseTo(c.pass1, 12);
      }
    } finally {
      policy.dispose();
    }
  });
});

describe("a scorecard's readouts of diffuse against concentrated", () => {
  const card = (input: StudyInput) => {
    const policy = Policy.init(config, tokenizer, 1);
    return runStudy(parseStudy(input), { policy, backend: { name: 'cpu', adapter: 'test' } }).finally(() => policy.dispose());
  };
  const columnsOf = (report: unknown) => (StudyReportSchema.parse(report).result as { columns: ScorecardColumn[] }).columns;

  it('report pass@k at k = the runs, from the same samples as Pass@1, and the mean surprisal of the sampled tokens', async () => {
    const columns = columnsOf(await card({ kind: 'scorecard', runs: 3, groups: ['reasoning'], limit: 4, resamples: 10, ...short }));
    expect(columns.length).toBeGreaterThan(0);
    for (const c of columns) {
      // Each problem's pass@3 from its correct count (accuracy · 3), then the mean over problems.
      const expected = c.accuracies!.reduce((a, acc) => a + passAtK(3, Math.round(acc * 3), 3), 0) / c.accuracies!.length;
      expect(c.passAtK).toEqual({ k: 3, value: expect.closeTo(expected, 12) });
      expect(c.passAtK!.value).toBeGreaterThanOrEqual(c.pass1);
      // 4 problems × 3 runs of at most 8 tokens each; a random policy is far from certain of its tokens.
      expect(c.entropy!.tokens).toBeGreaterThanOrEqual(12);
      expect(c.entropy!.tokens).toBeLessThanOrEqual(96);
      expect(c.entropy!.nats).toBeGreaterThan(0);
    }
  });

  it('have no pass@k with one run per problem and no entropy under greedy decoding', async () => {
    const columns = columnsOf(await card({ kind: 'scorecard', runs: 1, temperature: 0, groups: ['reasoning'], limit: 2, resamples: 10, ...short }));
    expect(columns.every((c) => c.passAtK === null && c.entropy === null)).toBe(true);
  });

  it('are optional: a scorecard stored before them loads, and says nothing about them', () => {
    const stored = {
      kind: 'scorecard',
      study: { kind: 'scorecard' },
      backend: { name: 'wasm', adapter: 'x' },
      startedAt: '2025-01-01T00:00:00.000Z',
      seconds: 1,
      result: { columns: [{ key: 'in-30', suite: 'in-30', analog: 'AIME24', group: 'reasoning', runs: 8, maxCompletionLength: 240, pass1: 0.5, ci: [0.4, 0.6], accuracies: [0.5], delta: null }], groups: [{ group: 'reasoning', average: 0.5 }] },
    };
    const parsed = StudyReportSchema.safeParse(stored);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const column = (parsed.data!.result as { columns: ScorecardColumn[] }).columns[0];
    expect(column.passAtK).toBeUndefined();
    expect(column.entropy).toBeUndefined();
  });

  it('refuse a pass@k below k = 2 and a negative entropy, by path', () => {
    const bad = (extra: object) => StudyReportSchema.safeParse({ kind: 'scorecard', study: { kind: 'scorecard' }, backend: { name: 'wasm', adapter: 'x' }, startedAt: 't', seconds: 1, result: { columns: [{ key: 'in-30', suite: 'in-30', analog: 'A', group: 'reasoning', runs: 1, maxCompletionLength: 8, pass1: 0.5, ci: null, delta: null, ...extra }], groups: [] } }).error?.issues.map((i) => i.path.join('.'));
    expect(bad({ passAtK: { k: 1, value: 0.5 } })).toEqual(['result.columns.0.passAtK.k']);
    expect(bad({ entropy: { nats: -0.1, tokens: 3 } })).toEqual(['result.columns.0.entropy.nats']);
  });
});
