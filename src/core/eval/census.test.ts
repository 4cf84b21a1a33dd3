import { describe, expect, it } from 'vitest';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import { runStudy } from '../studies/run-study';
import { parseStudy, StoredStudySchema } from './studies';
import { StudyReportSchema, type CensusResult } from './results';

/** The census study (Figure 2) at several decodings and group sizes, and the earlier form it replaced. */
describe('census study schema', () => {
  it('defaults to T = 1 and the paper\'s 0.6 / 0.95, at G = 4, 8, 16', () => {
    const s = parseStudy({ kind: 'census' });
    expect(s.kind === 'census' && [s.samplings, s.groupSizes]).toEqual([[{ temperature: 1, topP: 1 }, { temperature: 0.6, topP: 0.95 }], [4, 8, 16]]);
  });

  it('refuses empty, repeated and out-of-range lists with a message naming the field', () => {
    const bad = (input: object) => () => parseStudy({ kind: 'census', ...input });
    expect(bad({ groupSizes: [] })).toThrow(/groupSizes: groupSizes must list at least one group size/);
    expect(bad({ samplings: [] })).toThrow(/samplings: samplings must list at least one temperature and top-p/);
    expect(bad({ groupSizes: [0] })).toThrow(/groupSizes\.0: groupSizes must be integers in \[1, 64\]/);
    expect(bad({ groupSizes: [65] })).toThrow(/groupSizes must be integers in \[1, 64\]/);
    expect(bad({ groupSizes: [4, 4] })).toThrow(/groupSizes must not repeat/);
    expect(bad({ samplings: [{ temperature: 0 }] })).toThrow(/samplings\.0\.temperature: temperature must be a number in \[0\.05, 2\]/);
    expect(bad({ samplings: [{ temperature: 1, topP: 1 }, { temperature: 1, topP: 1 }] })).toThrow(/samplings must not repeat/);
    expect(bad({ samplings: [{ temperature: 1, topK: 5 }] })).toThrow(/samplings\.0\.topK: unknown key/);
  });

  it('reads the earlier form (rollouts at one temperature, 1 / 1 by default then) as what it measured', () => {
    for (const read of [(x: unknown) => parseStudy(x), (x: unknown) => StoredStudySchema.parse(x)]) {
      expect(read({ kind: 'census', rollouts: 8, limit: 5 })).toMatchObject({ groupSizes: [8], samplings: [{ temperature: 1, topP: 1 }], limit: 5 });
      expect(read({ kind: 'census', rollouts: 4, temperature: 0.6, topP: 0.95 })).toMatchObject({ groupSizes: [4], samplings: [{ temperature: 0.6, topP: 0.95 }] });
    }
  });
});

describe('census reports stored in the earlier form', () => {
  // 4 problems × 2 rollouts: one all right, two all wrong, one mixed.
  const old = {
    kind: 'census',
    study: { kind: 'census', rollouts: 2, temperature: 1, topP: 1, limit: 4, maxCompletionLength: 160, seed: 1, batchSize: 256, data: { trainSize: 4000, minOps: 2, maxOps: 10 } },
    backend: { name: 'wasm', adapter: 'x' },
    startedAt: '2026-01-01T00:00:00.000Z',
    seconds: 3,
    result: { problems: 4, rollouts: 2, counts: [2, 1, 1], allCorrectShare: 0.25, allWrongShare: 0.5, effectiveShare: 0.25, meanAccuracy: 0.375 },
  };

  it('load as one decoding and one group size, with the prediction computed from the counts', () => {
    const parsed = StudyReportSchema.parse(old);
    expect(parsed.kind).toBe('census');
    const r = parsed.result as CensusResult;
    expect(r.samplings).toHaveLength(1);
    const s = r.samplings[0];
    expect([s.temperature, s.topP, s.counts, s.meanAccuracy]).toEqual([1, 1, [2, 1, 1], 0.375]);
    expect(s.groups).toEqual([{ groupSize: 2, groups: 4, allCorrectShare: 0.25, allWrongShare: 0.5, effectiveShare: 0.25, predictedAllCorrectShare: 0.25, predictedAllWrongShare: 0.5 }]);
    // G = 1: every group of one is all-equal; G = 2 = n: the measured share itself.
    expect(s.predictedZeroShare).toEqual([1, 0.75]);
  });

  it('still refuse a malformed old result, naming the field', () => {
    const parsed = StudyReportSchema.safeParse({ ...old, result: { ...old.result, counts: [2, 1] } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain('result.samplings');
  });
});

describe('census study run', () => {
  it('measures every decoding and G from one pool; at G = 1 every group has zero advantage', async () => {
    const tokenizer = new CharTokenizer();
    const policy = Policy.init({ vocabSize: tokenizer.vocabSize, contextLength: 256, nLayer: 1, nHead: 2, dModel: 8, dFF: 16, positional: 'rope' }, tokenizer, 3);
    try {
      const study = parseStudy({ kind: 'census', groupSizes: [1, 3], samplings: [{ temperature: 1, topP: 1 }, { temperature: 0.6, topP: 0.95 }], limit: 5, maxCompletionLength: 8, batchSize: 64 });
      const r = (await runStudy(study, { policy, backend: { name: 'cpu', adapter: 'test' } })).result as CensusResult;
      expect([r.problems, r.rollouts, r.samplings.map((s) => s.temperature)]).toEqual([5, 3, [1, 0.6]]);
      for (const s of r.samplings) {
        expect(s.counts.reduce((a, b) => a + b, 0)).toBe(5);
        const [g1, g3] = s.groups;
        expect([g1.groupSize, g1.groups, g1.effectiveShare, g1.allCorrectShare + g1.allWrongShare]).toEqual([1, 15, 0, 1]);
        expect(g3.groups).toBe(5);
        expect(s.predictedZeroShare).toHaveLength(3);
        expect(s.predictedZeroShare[0]).toBeCloseTo(1, 12);
        // At G = n the prediction is the measurement.
        expect(s.predictedZeroShare[2]).toBeCloseTo(g3.allCorrectShare + g3.allWrongShare, 12);
      }
    } finally {
      policy.dispose();
    }
  });
});
