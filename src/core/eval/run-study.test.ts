import { describe, expect, it } from 'vitest';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import type { ModelConfig } from '../model/config';
import { parseStudy } from './studies';
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
        abort.abort();
      };
      await expect(runStudy(study, { policy, backend: { name: 'cpu', adapter: '' }, onProgress, signal: abort.signal })).rejects.toBeInstanceOf(StudyStoppedError);
      // 30 problems × 2 runs in batches of 8: the stop came after the first of eight batches.
      expect(seen).toEqual([{ phase: 'in-30', done: 8, total: 60 }]);
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
