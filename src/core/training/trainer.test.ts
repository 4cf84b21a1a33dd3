import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import { parseExperimentConfig, type ExperimentConfigInput } from '../config';
import { trainingSet } from '../tasks/suites';
import { GrpoTrainer } from './trainer';

const tok = new CharTokenizer();
const modelCfg = { vocabSize: tok.vocabSize, contextLength: 64, nLayer: 1, nHead: 2, dModel: 16, dFF: 32, positional: 'rope' as const };
const trainSet = trainingSet({ trainSize: 40, minOps: 1, maxOps: 2 });

function trainer(overrides: ExperimentConfigInput, seed = 1): GrpoTrainer {
  const config = parseExperimentConfig({
    numGenerations: 4,
    promptsPerStep: 2,
    learningRate: 1e-2,
    stages: [{ maxCompletionLength: 24, sampleFilter: 'both', steps: 10 }],
    ...overrides,
  });
  return new GrpoTrainer({ config, policy: Policy.init(modelCfg, tok, seed), trainSet });
}

async function snapshot(t: GrpoTrainer): Promise<Float32Array[]> {
  return [...(await t.policy.weights()).values()].map((w) => w.slice());
}

function sameBits(a: Float32Array[], b: Float32Array[]): boolean {
  return a.every((w, i) => w.length === b[i].length && w.every((v, j) => Object.is(v, b[i][j])));
}

describe('GrpoTrainer', () => {
  it('leaves the weights bit-for-bit unchanged when every group is all-wrong and only positives are kept', async () => {
    // An untrained policy never writes a verified answer: every group is all-wrong.
    const t = trainer({ stages: [{ maxCompletionLength: 24, sampleFilter: 'positive', steps: 3 }] });
    const before = await snapshot(t);
    for (let i = 0; i < 2; i++) {
      const { metrics } = await t.runStep();
      expect(metrics.allWrongShare).toBe(1);
      expect(metrics.positiveUsed + metrics.negativeUsed).toBe(0);
      expect(metrics.skippedUpdate).toBe(true);
    }
    expect(sameBits(before, await snapshot(t))).toBe(true);
    t.policy.dispose();
    t.dispose();
  });

  it('leaves the weights unchanged when all groups have equal rewards and beta = 0, even with both filters', async () => {
    const t = trainer({});
    const before = await snapshot(t);
    const { metrics } = await t.runStep();
    expect(metrics.effectiveShare).toBe(0);
    expect(metrics.skippedUpdate).toBe(true);
    expect(sameBits(before, await snapshot(t))).toBe(true);
    t.policy.dispose();
    t.dispose();
  });

  it('updates once injection gives the groups a reward spread (control for the two tests above)', async () => {
    const t = trainer({ injection: { enabled: true, gamma: 1, numOffline: 2 } });
    const before = await snapshot(t);
    const { metrics, samples } = await t.runStep();
    expect(metrics.injected).toBe(4); // 2 prompts × 2 offline solutions
    expect(metrics.skippedUpdate).toBe(false);
    expect(metrics.positiveUsed).toBe(4);
    expect(metrics.negativeUsed).toBe(4);
    expect(samples.groups.every((g) => g.samples.filter((s) => s.offPolicy).every((s) => s.correct && s.advantage > 0))).toBe(true);
    expect(sameBits(before, await snapshot(t))).toBe(false);
    t.policy.dispose();
    t.dispose();
  });

  it('scales the advantages by the group std as scaleRewards says, with LUFFY on or off', async () => {
    // An untrained policy is always wrong; γ = 1 with K = 2 swaps in 2 verified solutions: rewards {1, 1, 0, 0}.
    // Centred ±0.5; std (N − 1) = √(4 · 0.25 / 3) = √(1/3); scaled ±0.5 / (√(1/3) + 1e-4) ≈ ±0.8658.
    const advantagesOf = async (luffy: boolean, scaleRewards: boolean) => {
      const t = trainer({ beta: 0, scaleRewards, injection: { enabled: true, gamma: 1, numOffline: 2, luffy } });
      const { samples } = await t.runStep();
      t.policy.dispose();
      t.dispose();
      return samples.groups.map((g) => g.samples.map((s) => s.advantage));
    };
    const scaled = 0.5 / (Math.sqrt(1 / 3) + 1e-4);
    const plain = await advantagesOf(false, true);
    const luffy = await advantagesOf(true, true);
    expect(luffy).toEqual(plain);
    for (const a of luffy.flat()) expect(Math.abs(a)).toBeCloseTo(scaled, 12);
    const unscaled = await advantagesOf(true, false);
    for (const a of unscaled.flat()) expect(Math.abs(a)).toBeCloseTo(0.5, 12);
  });

  it('keeps the number of live tensors flat across steps', async () => {
    const base = trainer({ injection: { enabled: true, gamma: 1, numOffline: 2, luffy: true }, numIterations: 2 }, 2);
    const reference = await base.policy.frozenCopy();
    const t2 = new GrpoTrainer({ config: { ...base.config, beta: 0.01 }, policy: base.policy, reference, trainSet });
    await t2.runStep();
    const count = tf.memory().numTensors;
    await t2.runStep();
    await t2.runStep();
    expect(tf.memory().numTensors).toBe(count);
    t2.dispose();
    base.dispose();
    reference.dispose();
    base.policy.dispose();
  });

  it('resumes from a checkpoint to exactly the numbers of an uninterrupted run', async () => {
    const cfg: ExperimentConfigInput = { injection: { enabled: true, gamma: 0.5, numOffline: 2 }, seed: 7, stages: [{ maxCompletionLength: 20, sampleFilter: 'both', steps: 2 }, { maxCompletionLength: 24, sampleFilter: 'negative', steps: 2 }] };
    const a = trainer(cfg, 3);
    for (let i = 0; i < 4; i++) await a.runStep();
    const b = trainer(cfg, 3);
    await b.runStep();
    await b.runStep();
    const state = structuredClone(await b.state());
    b.policy.dispose();
    b.dispose();
    const c = trainer(cfg, 99); // different init, overwritten by the checkpoint
    await c.restore(state);
    await c.runStep();
    await c.runStep();
    const strip = (m: GrpoTrainer['metrics']) => m.map(({ secondsSampling: _a, secondsScoring: _b, secondsUpdating: _c, ...rest }) => rest);
    expect(strip(c.metrics)).toEqual(strip(a.metrics));
    expect(sameBits(await snapshot(a), await snapshot(c))).toBe(true);
    for (const t of [a, c]) {
      t.policy.dispose();
      t.dispose();
    }
  });

  it('walks through the stages with their own length cap and filter', async () => {
    const t = trainer({ stages: [{ maxCompletionLength: 8, sampleFilter: 'negative', steps: 1 }, { maxCompletionLength: 16, sampleFilter: 'positive', steps: 1 }] });
    const m1 = (await t.runStep()).metrics;
    const m2 = (await t.runStep()).metrics;
    expect([m1.stage, m1.sampleFilter, m1.maxCompletionLength]).toEqual([0, 'negative', 8]);
    expect([m2.stage, m2.sampleFilter, m2.maxCompletionLength]).toEqual([1, 'positive', 16]);
    expect(t.done).toBe(true);
    await expect(t.runStep()).rejects.toThrow(/complete/);
    t.policy.dispose();
    t.dispose();
  });
});
