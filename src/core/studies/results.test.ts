import { describe, expect, it } from 'vitest';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import { runStudy } from './run-study';
import { parseStudy, StudySchema, type StudyInput } from '../eval/studies';
import { StudyReportSchema } from '../eval/results';

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
