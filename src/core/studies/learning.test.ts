import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { parseExperimentConfig, type ExperimentConfigInput } from '../config';
import { teacherBatch, tokenLogprobs } from '../model/logprobs';
import type { Policy } from '../model/policy';
import { loadBasePolicy } from '../testing/base-checkpoint';
import { trainingSet } from '../tasks/suites';
import { sampleSuite } from '../training/sampling';
import { passAt1 } from '../eval';
import { parseStudy } from '../eval/studies';
import { runStudy } from './run-study';
import type { StepSamples } from '../grpo/metrics';
import { GrpoTrainer } from '../training/trainer';
import { useWasmBackend } from '../testing/wasm-backend';

// The shipped checkpoint on WASM, in a tenth of the time of the CPU backend (19 s against 218 s for
// this file on the 2-core machine); on the previous checkpoint both backends gave the same numbers.
beforeAll(useWasmBackend);

/**
 * What the paper's Section 3 is about, on the shipped base checkpoint: an update with positive
 * advantages makes those samples more likely, one with negative advantages makes those less
 * likely. Short chains, so the base policy gets some right and some wrong in most groups.
 */
const trainSet = trainingSet({ trainSize: 200, minOps: 2, maxOps: 4 });

function trainer(policy: Policy, over: ExperimentConfigInput, problems = trainSet): GrpoTrainer {
  const config = parseExperimentConfig({
    seed: 5,
    numGenerations: 8,
    promptsPerStep: 4,
    // Its numbers were measured sampling at T = 1, top-p 1, not at the rollout default.
    temperature: 1,
    topP: 1,
    // ... and with one update per batch and no KL term, before the recipe's defaults.
    beta: 0,
    miniBatches: 1,
    learningRate: 2e-5,
    microBatchSize: 32,
    stages: [{ maxCompletionLength: 64, sampleFilter: 'both', steps: 1 }],
    ...over,
  });
  return new GrpoTrainer({ config, policy, trainSet: problems });
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

  it('raises the reward on its training problems over a short run (fixed seed)', async () => {
    const policy = loadBasePolicy();
    try {
      // Eight problems of 3-5 operations, trained on and then probed: Pass@1 over 8 samples each at
      // the training temperature. Measured with this seed on the shipped checkpoint: 56.3 % before, 64.1 % after 5 steps.
      const data = { trainSize: 8, minOps: 3, maxOps: 5 };
      const problems = trainingSet(data);
      const reward = async () => passAt1((await sampleSuite(policy, problems, { runs: 8, temperature: 1, topP: 1, maxNewTokens: 64, seed: 77, batchSize: 64 })).correct);
      const before = await reward();
      const t = trainer(policy, { learningRate: 3e-5, data, stages: [{ maxCompletionLength: 64, sampleFilter: 'both', steps: 5 }] }, problems);
      while (!t.done) await t.runStep();
      const after = await reward();
      // Seeded, so the same numbers on every run of this backend; the margin (3 of 64 samples) is
      // under the measured gain (5 of 64).
      expect(after).toBeGreaterThan(before + 0.045);
    } finally {
      policy.dispose();
    }
  }, 600_000);
});

describe('studies on the base checkpoint', () => {
  it('give the same result for the same seed', async () => {
    const policy = loadBasePolicy(false);
    try {
      const study = parseStudy({ kind: 'pass1', suite: 'in-30', runs: 1, maxCompletionLength: 64, seed: 3 });
      const ctx = { policy, backend: { name: 'wasm', adapter: 'test' } };
      const a = await runStudy(study, ctx);
      const b = await runStudy(study, ctx);
      expect(b.result).toEqual(a.result);
      const other = await runStudy(parseStudy({ kind: 'pass1', suite: 'in-30', runs: 1, maxCompletionLength: 64, seed: 4 }), ctx);
      // A control: another seed draws other samples (else the test could not fail).
      expect(other.result).not.toEqual(a.result);
    } finally {
      policy.dispose();
    }
  }, 300_000);
});
