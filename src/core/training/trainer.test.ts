import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import { parseExperimentConfig, type ExperimentConfigInput } from '../config';
import { trainingSet } from '../tasks/suites';
import type { Problem } from '../tasks/problems';
import { GrpoTrainer } from './trainer';

const tok = new CharTokenizer();
const modelCfg = { vocabSize: tok.vocabSize, contextLength: 64, nLayer: 1, nHead: 2, dModel: 16, dFF: 32, positional: 'rope' as const };
const trainSet = trainingSet({ trainSize: 40, minOps: 1, maxOps: 2 });

function trainer(overrides: ExperimentConfigInput, seed = 1): GrpoTrainer {
  const config = parseExperimentConfig({
    numGenerations: 4,
    promptsPerStep: 2,
    learningRate: 1e-2,
    // One update per batch and no KL: what these tests are about is not the recipe's defaults.
    beta: 0,
    miniBatches: 1,
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
    const base = trainer({ injection: { enabled: true, gamma: 1, numOffline: 2, luffy: true }, numIterations: 2, miniBatches: 2 }, 2);
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

  it('miniBatches = 1 reproduces the numbers of one update per batch (the trainer before mini-batches)', async () => {
    // Hand-written problems, so the pinned numbers do not move with the task generators. Nothing is
    // solved, so the gradient is the KL's to a reference that differs from the policy; μ = 2 goes
    // through π_old. The numbers are those the single-update trainer gave for this config.
    const problems: Problem[] = ['3+4', '7*2', '9-5', '6+8'].map((q, i) => ({ id: `p${i}`, family: 'chain', start: 0, steps: [], answer: i, prompt: `${q}=` }));
    const config = parseExperimentConfig({ numGenerations: 4, promptsPerStep: 2, learningRate: 1e-2, temperature: 1, topP: 1, beta: 0.05, numIterations: 2, miniBatches: 1, seed: 5, stages: [{ maxCompletionLength: 16, sampleFilter: 'both', steps: 2 }] });
    const policy = Policy.init(modelCfg, tok, 1);
    const reference = Policy.init(modelCfg, tok, 2);
    const t = new GrpoTrainer({ config, policy, reference, trainSet: problems });
    const got = [];
    for (let i = 0; i < 2; i++) {
      const { loss, gradNorm, kl, entropy, tokensUsed, clipFraction } = (await t.runStep()).metrics;
      got.push({ loss, gradNorm, kl, entropy, tokensUsed, clipFraction });
    }
    expect(got).toEqual([
      { loss: 0.00014046396245248616, gradNorm: 0.0028252461925148964, kl: 0.0030965440127314354, entropy: 4.090517939353476, tokensUsed: 98, clipFraction: 0 },
      { loss: 0.00014199267025105655, gradNorm: 0.0016383278416469693, kl: 0.002952216991356441, entropy: 4.09112194606236, tokensUsed: 112, clipFraction: 0 },
    ]);
    let sum = 0;
    let sq = 0;
    for (const w of (await policy.weights()).values()) for (const v of w) {
      sum += v;
      sq += v * v;
    }
    expect([sum, sq]).toEqual([45.5755704398689, 48.80428009986544]);
    t.dispose();
    for (const p of [policy, reference]) p.dispose();
  });

  it('miniBatches = 2 takes two Adam steps per batch, and the clip acts on the second, which is off-policy', async () => {
    const adamSteps = async (t: GrpoTrainer) => (await t.state()).optimizer.slots.find((s) => s.param === 'iter')!.data[0];
    // A tight clip, so one step of lr 1e-2 moves some ratios past it.
    const cfg: ExperimentConfigInput = { injection: { enabled: true, gamma: 1, numOffline: 2 }, epsilon: 0.01, epsilonHigh: 0.01 };
    const one = trainer({ ...cfg, miniBatches: 1 });
    const two = trainer({ ...cfg, miniBatches: 2 });
    const m1 = (await one.runStep()).metrics;
    const { metrics: m2, samples } = await two.runStep();
    expect(await adamSteps(one)).toBe(1);
    expect(await adamSteps(two)).toBe(2);
    // One update per batch: π_old is the policy itself, ratio 1, nothing clipped.
    expect(m1.clipFraction).toBe(0);
    expect(m2.clipFraction).toBeGreaterThan(0);
    expect(m2.tokensUsed).toBe(m1.tokensUsed);
    // The first group is the first mini-batch (on-policy, no ratios recorded); the second group's
    // samples were scored after one step: their ratios leave 1, some beyond the clip.
    const [first, second] = samples.groups;
    expect(first.samples.every((s) => s.ratios === undefined)).toBe(true);
    const ratios = second.samples.flatMap((s) => s.ratios ?? []);
    expect(ratios.length).toBeGreaterThan(0);
    expect(ratios.some((r) => Math.abs(r - 1) > 0.01)).toBe(true);
    for (const t of [one, two]) {
      t.policy.dispose();
      t.dispose();
    }
  });

  it('miniBatches larger than the batch: the empty mini-batches take no step', async () => {
    // 2 prompts × 4 samples split 16 ways: 8 mini-batches of one sample, 8 empty.
    const t = trainer({ injection: { enabled: true, gamma: 1, numOffline: 2 }, miniBatches: 16 });
    const { metrics } = await t.runStep();
    expect(metrics.skippedUpdate).toBe(false);
    expect((await t.state()).optimizer.slots.find((s) => s.param === 'iter')!.data[0]).toBe(8);
    t.policy.dispose();
    t.dispose();
  });
});
