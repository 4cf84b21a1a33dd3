import { describe, expect, it } from 'vitest';
import { defaultExperimentConfig } from '../src/core/config';
import type { StepMetrics } from '../src/core/grpo/metrics';
import { ConfigError, parseOrThrow } from '../src/core/knobs';
import { BenchArgsSchema, type GrpoStepSample } from './bench-api';
import { grpoBenchConfig, grpoStepSample, median, suiteDecodeSteps, suiteMaxDecodeSteps, summariseGrpoSteps } from './bench-workload';

const minimal = {
  backend: 'wasm',
  sampleBatch: 64,
  compareBatch: 8,
  newTokens: 128,
  trainBatch: 64,
  trainSeqLen: 160,
  reps: { sample: 1, compare: 0, train: 1 },
  warmup: { sample: false, compare: false, train: false },
  budgetMs: 1000,
};

function problems(input: unknown): string[] {
  try {
    parseOrThrow(BenchArgsSchema, input, 'bench');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('BenchArgsSchema', () => {
  it('defaults the new measurements to the default preset and the Pass@1 study', () => {
    const a = BenchArgsSchema.parse(minimal);
    const preset = defaultExperimentConfig();
    expect(a.reps).toMatchObject({ grpoStep: 3, pass1: 1 });
    expect(a.grpoStep).toEqual({ promptsPerStep: preset.promptsPerStep, numGenerations: preset.numGenerations, maxCompletionLength: preset.stages[0].maxCompletionLength, gradient: 'injection' });
    expect(a.grpoStep).toMatchObject({ promptsPerStep: 8, numGenerations: 8, maxCompletionLength: 160 });
    expect(a.pass1).toEqual({ suite: 'in-30', runs: 64, temperature: 0.6, topP: 0.95, maxNewTokens: 240, batchSize: 256 });
  });

  it('names the field and its range when a value is out of bounds', () => {
    expect(problems({ ...minimal, pass1: { runs: 0 } })).toEqual(['pass1.runs: pass1.runs must be an integer in [1, 1024]']);
    expect(problems({ ...minimal, pass1: { suite: 'in-31' } })[0]).toMatch(/^pass1.suite: pass1.suite must be one of in-30, in-83/);
    expect(problems({ ...minimal, pass1: { topP: 0 } })).toEqual(['pass1.topP: pass1.topP must be a number in [0.01, 1]']);
    expect(problems({ ...minimal, grpoStep: { gradient: 'rlr' } })).toEqual(['grpoStep.gradient: grpoStep.gradient must be one of injection, none']);
    expect(problems({ ...minimal, reps: { ...minimal.reps, grpoStep: 21, pass1: 1.5 } })).toEqual([
      'reps.grpoStep: reps.grpoStep must be an integer in [0, 20]',
      'reps.pass1: reps.pass1 must be an integer in [0, 5]',
    ]);
  });
});

describe('grpoBenchConfig', () => {
  const args = BenchArgsSchema.parse(minimal).grpoStep;

  it('keeps the preset and gives random weights a gradient through one injected solution per group', () => {
    const c = grpoBenchConfig(args, 4, 7);
    const preset = defaultExperimentConfig();
    expect(c).toMatchObject({ seed: 7, promptsPerStep: 8, numGenerations: 8, beta: preset.beta, learningRate: preset.learningRate, lossType: preset.lossType, microBatchSize: preset.microBatchSize });
    expect(c.stages).toEqual([{ maxCompletionLength: 160, sampleFilter: 'both', steps: 4, lengthReward: true }]);
    expect(c.injection).toMatchObject({ enabled: true, numOffline: 1, gamma: preset.injection.gamma, luffy: false });
    expect(c.rlr.enabled).toBe(false);
  });

  it('runs the preset untouched without a forced gradient', () => {
    const c = grpoBenchConfig({ ...args, gradient: 'none' }, 1, 1);
    expect(c.injection.enabled).toBe(false);
    expect(c.stages[0].steps).toBe(1);
  });
});

describe('summaries', () => {
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/no values/);
  });

  it('takes each part of a step from its metrics and the median of each part on its own', () => {
    const m = { secondsSampling: 2, secondsScoring: 0.01, secondsUpdating: 3, skippedUpdate: false, injected: 8, tokensUsed: 900, meanLength: 14, truncatedShare: 0.1 } as StepMetrics;
    expect(grpoStepSample(m, 5.2)).toEqual({ sampling: 2, scoring: 0.01, updating: 3, total: 5.2, skippedUpdate: false, injected: 8, tokensUsed: 900, meanLength: 14, truncatedShare: 0.1 });
    const step = (sampling: number, updating: number, total: number, tokensUsed: number, skippedUpdate = false): GrpoStepSample => ({ sampling, scoring: 0.1, updating, total, skippedUpdate, injected: 0, tokensUsed, meanLength: 0, truncatedShare: 0 });
    expect(summariseGrpoSteps([step(1, 9, 10, 3000), step(3, 0, 3.2, 0, true), step(2, 5, 7, 2000)])).toEqual({ median: { sampling: 2, scoring: 0.1, updating: 5, total: 7 }, skippedUpdates: 1, medianTokensUsed: 2000 });
  });

  it('counts a batch of a suite pass as long as its longest row, rows in run-major order', () => {
    // 3 problems × 2 runs; run-major rows: [p0r0, p1r0, p2r0, p0r1, p1r1, p2r1].
    const lengths = [
      [5, 1],
      [2, 7],
      [3, 4],
    ];
    expect(suiteDecodeSteps(lengths, 4)).toBe(5 + 7); // rows 0-3 (longest 5), rows 4-5 (longest 7)
    expect(suiteDecodeSteps(lengths, 6)).toBe(7);
    expect(suiteDecodeSteps(lengths, 1)).toBe(5 + 2 + 3 + 1 + 7 + 4);
    expect(() => suiteDecodeSteps([[1, 2], [3]], 2)).toThrow(/same number of runs/);
    expect(() => suiteDecodeSteps(lengths, 0)).toThrow(/batchSize/);
  });

  it('bounds the decode steps by the cap and the context window', () => {
    expect(suiteMaxDecodeSteps(1920, 256, 240, 320, 30)).toBe(8 * 240);
    expect(suiteMaxDecodeSteps(256, 256, 240, 320, 100)).toBe(320 - 1 - 100);
  });
});
