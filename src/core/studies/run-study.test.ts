import { describe, expect, it } from 'vitest';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import type { ModelConfig } from '../model/config';
import { parseStudy } from '../eval/studies';
import { runStudy, StudyStoppedError, type StudyProgress } from './run-study';

/** Stopping a study: it ends between sampling batches with a StudyStoppedError and gives no report. */
const tok = new CharTokenizer();
const cfg: ModelConfig = { vocabSize: tok.vocabSize, contextLength: 96, nLayer: 1, nHead: 2, dModel: 16, dFF: 32, positional: 'rope' };

describe('runStudy with a stop signal', () => {
  const study = parseStudy({ kind: 'pass1', suite: 'in-30', runs: 2, maxCompletionLength: 8, batchSize: 8 }, 'test');

  it('stopped after its first batch, fails with StudyStoppedError and samples no further batch', async () => {
    const policy = Policy.init(cfg, tok, 1);
    const abort = new AbortController();
    const seen: StudyProgress[] = [];
    try {
      const onProgress = (p: StudyProgress) => {
        seen.push(p);
        if (p.done > 0) abort.abort();
      };
      await expect(runStudy(study, { policy, backend: { name: 'cpu', adapter: '' }, onProgress, signal: abort.signal })).rejects.toBeInstanceOf(StudyStoppedError);
      // The suite is named before its first batch; 30 problems × 2 runs in batches of 8: the stop came after the first of eight batches.
      expect(seen).toEqual([
        { phase: 'in-30', done: 0, total: 60 },
        { phase: 'in-30', done: 8, total: 60 },
      ]);
    } finally {
      policy.dispose();
    }
  });

  it('already stopped, samples nothing; never stopped, it finishes', async () => {
    const policy = Policy.init(cfg, tok, 1);
    try {
      const seen: StudyProgress[] = [];
      await expect(runStudy(study, { policy, backend: { name: 'cpu', adapter: '' }, onProgress: (p) => seen.push(p), signal: AbortSignal.abort() })).rejects.toBeInstanceOf(StudyStoppedError);
      expect(seen).toEqual([]);
      const report = await runStudy(study, { policy, backend: { name: 'cpu', adapter: '' }, signal: new AbortController().signal });
      expect(report.kind).toBe('pass1');
    } finally {
      policy.dispose();
    }
  });
});

describe("a scorecard's progress", () => {
  it("names the suite it is sampling, k of n, before that suite's first batch ends", async () => {
    const policy = Policy.init(cfg, tok, 1);
    try {
      const seen: StudyProgress[] = [];
      const study = parseStudy({ kind: 'scorecard', groups: ['reasoning'], runs: 1, maxCompletionLength: 8, batchSize: 64, resamples: 10 }, 'test');
      await runStudy(study, { policy, backend: { name: 'cpu', adapter: '' }, onProgress: (p) => seen.push({ ...p }) });
      // The first word of each suite comes at done 0: while in-83 samples, the line says in-83, not in-30.
      expect(seen.filter((p) => p.done === 0)).toEqual([
        { phase: 'in-30', done: 0, total: 30, part: 1, parts: 2 },
        { phase: 'in-83', done: 0, total: 83, part: 2, parts: 2 },
      ]);
      expect(seen.at(-1)).toEqual({ phase: 'in-83', done: 83, total: 83, part: 2, parts: 2 });
    } finally {
      policy.dispose();
    }
  });
});

describe('a study with a problem limit (the quick size)', () => {
  it('scores the first N problems of each suite', async () => {
    const policy = Policy.init(cfg, tok, 1);
    try {
      const ctx = { policy, backend: { name: 'cpu', adapter: '' } };
      const all = await runStudy(parseStudy({ kind: 'pass1', suite: 'in-30', runs: 1, maxCompletionLength: 8, seed: 2 }), ctx);
      const first5 = await runStudy(parseStudy({ kind: 'pass1', suite: 'in-30', runs: 1, limit: 5, maxCompletionLength: 8, seed: 2 }), ctx);
      const r = (x: typeof all) => x.result as { problems: number; accuracies: number[] };
      expect(r(all).problems).toBe(30);
      expect(r(first5).problems).toBe(5);
      expect(r(first5).accuracies).toHaveLength(5);
      // Row seeds are per problem and run, so the first five score as they do inside the whole suite.
      expect(r(first5).accuracies).toEqual(r(all).accuracies.slice(0, 5));
      // A limit beyond the suite scores the whole suite.
      const beyond = await runStudy(parseStudy({ kind: 'pass1', suite: 'in-30', runs: 1, limit: 500, maxCompletionLength: 8, seed: 2 }), ctx);
      expect(r(beyond).problems).toBe(30);
      const card = await runStudy(parseStudy({ kind: 'scorecard', groups: ['reasoning'], runs: 1, limit: 3, maxCompletionLength: 8 }), ctx);
      expect((card.result as { columns: { key: string; accuracies: number[] }[] }).columns.map((c) => [c.key, c.accuracies.length])).toEqual([
        ['in-30', 3],
        ['in-83', 3],
      ]);
    } finally {
      policy.dispose();
    }
  });
});

describe("a scorecard's Training Set column", () => {
  it('scores the problems the named run trained on (3 steps × 2 prompts: 6), else the fixed sample fitness-200', async () => {
    const policy = Policy.init(cfg, tok, 1);
    const ctx = { policy, backend: { name: 'cpu', adapter: 'test' } };
    type Card = { columns: { key: string; suite: string; analog: string; accuracies: number[]; maxCompletionLength: number }[] };
    const trainSet = (card: { result: unknown }) => (card.result as Card).columns.find((c) => c.key === 'train-set')!;
    try {
      const trainedOn = { data: { trainSize: 10, minOps: 1, maxOps: 2 }, seed: 5, promptsPerStep: 2, steps: 3 };
      const study = { kind: 'scorecard', groups: ['fitness'], runs: 1, maxCompletionLength: 8, fitnessMaxLength: 8, resamples: 10 } as const;
      const trained = trainSet(await runStudy(parseStudy({ ...study, trainedOn }), ctx));
      expect([trained.suite, trained.analog, trained.accuracies.length]).toEqual(['trained', 'Training Set (trained on)', 6]);
      // Capped at 200 and limited like every column: a limit of 4 scores the first 4 problems the run met.
      expect(trainSet(await runStudy(parseStudy({ ...study, trainedOn, limit: 4 }), ctx)).accuracies).toHaveLength(4);
      const fixed = trainSet(await runStudy(parseStudy({ ...study, limit: 5 }), ctx));
      expect([fixed.suite, fixed.analog, fixed.accuracies.length]).toEqual(['fitness-200', 'Training Set (fitness-200)', 5]);
    } finally {
      policy.dispose();
    }
  });
  it('refuses a trainedOn that names an unknown key or no steps', () => {
    const trainedOn = { data: { trainSize: 10, minOps: 1, maxOps: 2 }, seed: 5, promptsPerStep: 2, steps: 3 };
    expect(() => parseStudy({ kind: 'scorecard', trainedOn: { ...trainedOn, step: 3 } })).toThrow(/step/);
    expect(() => parseStudy({ kind: 'scorecard', trainedOn: { ...trainedOn, steps: 0 } })).toThrow(/steps/);
  });
});
