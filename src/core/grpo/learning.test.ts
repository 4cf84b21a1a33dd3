import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { parseExperimentConfig, type ExperimentConfigInput } from '../config';
import { teacherBatch, tokenLogprobs } from '../model/logprobs';
import type { Policy } from '../model/policy';
import { loadBasePolicy } from '../testing/base-checkpoint';
import { trainingSet } from '../tasks/suites';
import type { StepSamples } from './metrics';
import { GrpoTrainer } from './trainer';

/**
 * What the paper's Section 3 is about, on the shipped base checkpoint: an update with positive
 * advantages makes those samples more likely, one with negative advantages makes those less
 * likely. Short chains, so the base policy gets some right and some wrong in most groups.
 */
const trainSet = trainingSet({ trainSize: 200, minOps: 2, maxOps: 4 });

function trainer(policy: Policy, over: ExperimentConfigInput): GrpoTrainer {
  const config = parseExperimentConfig({
    seed: 5,
    numGenerations: 8,
    promptsPerStep: 4,
    temperature: 1,
    learningRate: 2e-5,
    microBatchSize: 32,
    stages: [{ maxCompletionLength: 96, sampleFilter: 'both', steps: 1 }],
    ...over,
  });
  return new GrpoTrainer({ config, policy, trainSet });
}

/** Log-likelihood of each sample's completion under the policy now, summed over its tokens. */
async function sequenceLogprobs(policy: Policy, samples: StepSamples): Promise<number[][]> {
  const prompts: number[][] = [];
  const completions: number[][] = [];
  for (const g of samples.groups) {
    for (const s of g.samples) {
      prompts.push(policy.encodePrompt(g.prompt));
      completions.push(s.tokens);
    }
  }
  const batch = teacherBatch(prompts, completions);
  const lp = tf.tidy(() => tokenLogprobs(policy.params, policy.config, batch).logprobs.mul(tf.tensor2d(batch.completionMask, [batch.B, batch.T - 1])).sum(1));
  const flat = Array.from(await lp.data());
  lp.dispose();
  let i = 0;
  return samples.groups.map((g) => g.samples.map(() => flat[i++]));
}

describe('a GRPO update on the base checkpoint', () => {
  it('raises the likelihood of positive-advantage samples and lowers that of negative ones', async () => {
    const policy = loadBasePolicy();
    try {
      const t = trainer(policy, {});
      const { samples, metrics } = await t.runStep();
      expect(metrics.skippedUpdate).toBe(false);
      expect(metrics.positiveUsed).toBeGreaterThan(0);
      expect(metrics.negativeUsed).toBeGreaterThan(0);
      const after = await sequenceLogprobs(policy, samples);
      const up: number[] = [];
      const down: number[] = [];
      samples.groups.forEach((g, gi) =>
        g.samples.forEach((s, si) => {
          // The sampler's own record of log π_old (temperature 1) is the "before".
          const before = s.logprobs.reduce((a, b) => a + b, 0);
          if (s.advantage > 0) up.push(after[gi][si] - before);
          if (s.advantage < 0) down.push(after[gi][si] - before);
        }),
      );
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(up)).toBeGreaterThan(0);
      expect(mean(down)).toBeLessThan(0);
    } finally {
      policy.dispose();
    }
  }, 120_000);

  it('is deterministic: the same seed gives the same samples and the same weights', async () => {
    const run = async () => {
      const policy = loadBasePolicy();
      try {
        const { samples, metrics } = await trainer(policy, {}).runStep();
        const w = await policy.weights();
        return { texts: samples.groups.flatMap((g) => g.samples.map((s) => s.text)), reward: metrics.reward, w: [...w.values()].map((a) => a.reduce((x, y) => x + y, 0)) };
      } finally {
        policy.dispose();
      }
    };
    const a = await run();
    const b = await run();
    expect(b.texts).toEqual(a.texts);
    expect(b.reward).toBe(a.reward);
    expect(b.w).toEqual(a.w);
  }, 120_000);
});
