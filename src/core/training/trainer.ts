import * as tf from '../tf';
import { stageAt, totalSteps, type ExperimentConfig, type Stage } from '../config';
import { Rng, deriveSeed, type RngState } from '../rng';
import type { Policy, WeightArrays } from '../model/policy';
import { EOS } from '../model/tokenizer';
import { teacherBatch } from '../model/logprobs';
import type { Problem } from '../tasks/problems';
import { INJECTION_TEACHER, teacherTrace } from '../tasks/teacher';
import { verificationReward } from '../tasks/verifier';
import { groupAdvantages, rewardWithRelativeLength, sampleFilterMask, tokenWeights, zeroAdvantageStats, planInjection, buildInjectedGroup } from '../grpo';
import { addGradients, applyClipped, lengthBuckets, restoreAdam } from '../model/optim';
import { completionSlice, tokenLogprobs, type TeacherBatch } from '../model/logprobs';
import { grpoLoss } from './loss';
import { promptIndices } from './prompt-order';
import type { StepMetrics, StepSamples, SampleRecord } from '../grpo/metrics';

/**
 * The GRPO loop: prompts → G samples each → verifier reward (+ RLR) → offline injection →
 * group advantages → sample filter → μ clipped updates (+ k3 KL) with Adam and gradient
 * clipping → metrics. It composes the pure functions of ../grpo; everything random comes
 * from the trainer's Rng, whose state is saved with each checkpoint.
 */

export interface OptimizerSlot {
  param: string;
  slot: string;
  data: Float32Array;
}

export interface TrainerState {
  /** Steps completed. */
  step: number;
  rng: RngState;
  weights: WeightArrays;
  optimizer: { slots: OptimizerSlot[] };
  metrics: StepMetrics[];
}

export interface TrainerDeps {
  config: ExperimentConfig;
  policy: Policy;
  /** Frozen reference policy, needed when beta > 0 (the KL term is also reported when present). */
  reference?: Policy;
  trainSet: Problem[];
}

export class GrpoTrainer {
  readonly config: ExperimentConfig;
  readonly policy: Policy;
  private readonly reference?: Policy;
  private readonly trainSet: Problem[];
  private readonly optimizer: tf.AdamOptimizer;
  private rng: Rng;
  step = 0;
  readonly metrics: StepMetrics[] = [];

  constructor(deps: TrainerDeps) {
    this.config = deps.config;
    this.policy = deps.policy;
    this.reference = deps.reference;
    this.trainSet = deps.trainSet;
    if (this.trainSet.length === 0) throw new Error('the training set is empty');
    if (this.config.beta > 0 && !this.reference) throw new Error('beta > 0 needs a reference policy');
    this.optimizer = tf.train.adam(this.config.learningRate, 0.9, 0.999, 1e-8);
    this.rng = new Rng(deriveSeed(this.config.seed, 'trainer'));
  }

  get done(): boolean {
    return this.step >= totalSteps(this.config);
  }

  /** The problems of step `step`: consecutive slices of per-epoch permutations of the training set. */
  promptsFor(step: number): Problem[] {
    return promptIndices(this.trainSet.length, this.config.promptsPerStep, this.config.seed, step).map((i) => this.trainSet[i]);
  }

  async runStep(): Promise<{ metrics: StepMetrics; samples: StepSamples }> {
    if (this.done) throw new Error('training is already complete');
    const c = this.config;
    const { stage, index: stageIndex } = stageAt(c, this.step);
    const stepSeed = this.rng.seed();
    const problems = this.promptsFor(this.step);
    const G = c.numGenerations;

    // 1. Sample G completions per prompt.
    const t0 = performance.now();
    const prompts = problems.flatMap((p) => Array<string>(G).fill(p.prompt));
    const completions = await this.policy.sample(prompts, {
      temperature: c.temperature,
      topP: c.topP,
      maxNewTokens: stage.maxCompletionLength,
      seed: deriveSeed(stepSeed, 'sample'),
      batchSize: Math.max(G, 256),
    });
    const t1 = performance.now();

    // 2. Score: verifier reward (Eq. 5), plus the relative length reward (Eq. 6-7) when RLR is on.
    const groups: SampleRecord[][] = problems.map((p, g) =>
      completions.slice(g * G, (g + 1) * G).map((s) => {
        const correct = verificationReward(s.text, p.answer) === 1;
        return { text: s.text, tokens: s.tokens, length: s.tokens.length, correct, reward: 0, advantage: 0, kept: false, offPolicy: false, logprobs: s.logprobs, tokenWeight: 0 };
      }),
    );
    for (const group of groups) {
      const rewards = rewardWithRelativeLength(group, c.rlr.enabled && stage.lengthReward ? c.rlr : null);
      group.forEach((s, i) => (s.reward = rewards[i]));
    }
    const onlineCorrect = groups.map((g) => g.map((s) => s.correct));

    // 3. Offline injection (Section 4.3): verified teacher solutions replace online samples.
    let injected = 0;
    if (c.injection.enabled) {
      const injRng = new Rng(deriveSeed(stepSeed, 'inject'));
      problems.forEach((p, g) => {
        const solutions = this.offlineSolutions(p, stage, injRng);
        const plan = planInjection(onlineCorrect[g], { gamma: c.injection.gamma, numOffline: solutions.length }, injRng);
        // Eq. 8: each offline solution takes its swapped-out slot; its verified reward is 1.
        const union = buildInjectedGroup(groups[g].map((s) => s.reward), solutions.map(() => 1), plan);
        const online = groups[g];
        groups[g] = union.source.map((from, i) => {
          if (!from.offPolicy) return online[from.index];
          const text = solutions[from.index];
          const tokens = [...this.policy.tokenizer.encode(text), EOS];
          return { text, tokens, length: tokens.length, correct: true, reward: union.rewards[i], advantage: 0, kept: false, offPolicy: true, logprobs: [], tokenWeight: 0 };
        });
        injected += plan.swaps.length;
      });
    }

    // 4. Advantages over the whole group (Eq. 1 / Eq. 8), then the sample filter (Section 3.1).
    const rewards = groups.map((g) => g.map((s) => s.reward));
    // std scaling is scaleRewards alone: LUFFY changes the loss on injected tokens, not the advantages.
    const advantages = groupAdvantages(rewards, { scaleRewards: c.scaleRewards });
    const keep = sampleFilterMask(advantages, stage.sampleFilter);
    groups.forEach((g, i) => g.forEach((s, j) => {
      s.advantage = advantages[i][j];
      s.kept = keep[i][j];
    }));
    const census = zeroAdvantageStats(groups.map((g) => g.map((s) => s.correct)), rewards, advantages, keep);
    const t2 = performance.now();

    // 5. Update.
    const update = await this.update(problems, groups, stage);
    const t3 = performance.now();

    const all = groups.flat();
    const online = all.filter((s) => !s.offPolicy);
    const metrics: StepMetrics = {
      step: this.step + 1,
      stage: stageIndex,
      sampleFilter: stage.sampleFilter,
      maxCompletionLength: stage.maxCompletionLength,
      reward: mean(online.map((s) => s.reward)),
      accuracy: mean(online.map((s) => (s.correct ? 1 : 0))),
      meanLength: mean(online.map((s) => s.length)),
      meanLengthCorrect: mean(online.filter((s) => s.correct).map((s) => s.length)),
      truncatedShare: mean(completions.map((s) => (s.finished ? 0 : 1))),
      allCorrectShare: census.allCorrectShare,
      allWrongShare: census.allWrongShare,
      otherEqualShare: census.otherEqualShare,
      effectiveShare: census.effectiveShare,
      positiveUsed: census.positiveUsed,
      negativeUsed: census.negativeUsed,
      injected,
      ...update.stats,
      secondsSampling: (t1 - t0) / 1000,
      secondsScoring: (t2 - t1) / 1000,
      secondsUpdating: (t3 - t2) / 1000,
    };
    this.metrics.push(metrics);
    this.step++;
    return {
      metrics,
      samples: { step: metrics.step, groups: problems.map((p, i) => ({ problemId: p.id, prompt: p.prompt, answer: p.answer, samples: groups[i] })) },
    };
  }

  /**
   * Up to K verified teacher solutions, in the injection teacher's own notation (INJECTION_TEACHER:
   * one the SFT data never shows, as the paper's off-policy traces come from another model). That
   * teacher writes a problem one way, so the K solutions are copies; one that would not fit the
   * stage's length cap is left out.
   */
  private offlineSolutions(p: Problem, stage: Stage, rng: Rng): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.config.injection.numOffline; k++) {
      const trace = teacherTrace(p, INJECTION_TEACHER, rng);
      if (trace.length + 1 <= stage.maxCompletionLength && verificationReward(trace, p.answer) === 1) out.push(trace);
    }
    return out;
  }

  /**
   * μ passes over the batch; each pass splits it into `miniBatches` runs of consecutive samples
   * (whole groups when the sizes divide, as verl's ppo_mini_batch_size), and each mini-batch is one
   * Adam step with its own loss normalisation. π_old is the policy that sampled: the first
   * mini-batch of the first pass reads it off its own forward pass (ratio 1); the others get it
   * from a forward pass before any step, so after the first step they are off-policy and the clip
   * can act. A mini-batch whose samples carry no gradient takes no step.
   */
  private async update(problems: Problem[], groups: SampleRecord[][], stage: Stage): Promise<{ stats: UpdateStats }> {
    const c = this.config;
    const all: Row[] = [];
    problems.forEach((p, g) => {
      const prompt = this.policy.encodePrompt(p.prompt);
      for (const s of groups[g]) all.push({ prompt, sample: s });
    });
    const M = c.miniBatches;
    const parts: MiniBatch[] = [];
    for (let m = 0; m < M; m++) {
      const rows = all.slice(Math.floor((m * all.length) / M), Math.floor(((m + 1) * all.length) / M)).filter((r) => r.sample.kept && r.sample.length > 0);
      const carriesGradient = rows.some((r) => r.sample.advantage !== 0) || (c.beta > 0 && rows.length > 0);
      if (!carriesGradient) continue;
      const weights = tokenWeights(rows.map((r) => r.sample.length), c.lossType, stage.maxCompletionLength);
      rows.forEach((r, i) => (r.sample.tokenWeight = weights[i]));
      const chunks = lengthBuckets(rows.map((r) => r.sample.length + r.prompt.length), c.microBatchSize);
      const batches = chunks.map((idx) => teacherBatch(idx.map((i) => rows[i].prompt), idx.map((i) => rows[i].sample.tokens)));
      const refLogprobs = this.reference ? await Promise.all(batches.map((b) => teacherLogprobs(this.reference!, b, c.temperature))) : null;
      // The first mini-batch reads π_old off its first forward pass; the others need it before the first step.
      const oldLogprobs = parts.length === 0 ? batches.map(() => null) : await Promise.all(batches.map((b) => teacherLogprobs(this.policy, b, c.temperature)));
      parts.push({ rows, weights, chunks, batches, refLogprobs, oldLogprobs, tokens: rows.reduce((n, r) => n + r.sample.length, 0) });
    }
    if (parts.length === 0) return { stats: { loss: 0, gradNorm: 0, clipFraction: 0, kl: 0, entropy: 0, tokensUsed: 0, skippedUpdate: true } };

    // The step's statistics are those of the last pass, over all its mini-batches.
    const last = { loss: 0, gradNorm: 0, clipped: 0, kl: 0, entropy: 0 };
    for (let iter = 0; iter < c.numIterations; iter++) {
      for (const part of parts) {
        const { rows, weights, chunks, batches, refLogprobs, oldLogprobs } = part;
        let grads: tf.NamedTensorMap | null = null;
        const sums = { loss: 0, clipped: 0, kl: 0, entropy: 0 };
        for (let k = 0; k < batches.length; k++) {
          const idx = chunks[k];
          const kept: tf.Tensor[] = [];
          const { value, grads: g } = tf.variableGrads(() => {
            const out = grpoLoss(this.policy.params, this.policy.config, {
              batch: batches[k],
              advantages: idx.map((i) => rows[i].sample.advantage),
              weights: idx.map((i) => weights[i]),
              offPolicy: idx.map((i) => rows[i].sample.offPolicy),
              // null: π_old is the current policy (ratio 1, gradient through π_θ only).
              oldLogprobs: oldLogprobs[k],
              refLogprobs: refLogprobs ? refLogprobs[k] : null,
            }, {
              epsilon: c.epsilon,
              epsilonHigh: c.epsilonHigh,
              beta: c.beta,
              temperature: c.temperature,
              luffyGamma: c.injection.enabled && c.injection.luffy ? c.injection.luffyGamma : null,
            luffyMaxWeight: c.injection.luffyMaxWeight,
            });
            kept.push(tf.keep(out.clipped), tf.keep(out.klSum), tf.keep(out.entropySum), tf.keep(out.logprobs));
            return out.loss;
          }, this.policy.variables);
          const [cl, kl, ent, lp, v] = await Promise.all([...kept, value].map((t) => t.data()));
          const old = oldLogprobs[k];
          if (old === null) oldLogprobs[k] = lp as Float32Array;
          else if (iter === c.numIterations - 1) {
            idx.forEach((i, b) => {
              const before = completionSlice(old, batches[k], b);
              rows[i].sample.ratios = completionSlice(lp, batches[k], b).map((x, t) => Math.exp(x - before[t]));
            });
          }
          sums.clipped += cl[0];
          sums.kl += kl[0];
          sums.entropy += ent[0];
          sums.loss += v[0];
          tf.dispose([value, ...kept]);
          grads = addGradients(grads, g);
        }
        const gradNorm = await applyClipped(this.optimizer, grads!, c.maxGradNorm);
        if (iter === c.numIterations - 1) {
          last.loss += sums.loss / parts.length;
          last.gradNorm += gradNorm / parts.length;
          last.clipped += sums.clipped;
          last.kl += sums.kl;
          last.entropy += sums.entropy;
        }
      }
    }
    const tokens = parts.reduce((n, p) => n + p.tokens, 0);
    return { stats: { loss: last.loss, gradNorm: last.gradNorm, clipFraction: last.clipped / tokens, kl: last.kl / tokens, entropy: last.entropy / tokens, tokensUsed: tokens, skippedUpdate: false } };
  }

  async state(): Promise<TrainerState> {
    const byVar = new Map(this.policy.variables.map((v, i) => [v.name, [...this.policy.params.keys()][i]]));
    const slots: OptimizerSlot[] = [];
    for (const { name, tensor } of await this.optimizer.getWeights()) {
      const [varName, slot] = splitSlot(name);
      slots.push({ param: byVar.get(varName) ?? varName, slot, data: (await tensor.data()) as Float32Array });
    }
    return { step: this.step, rng: this.rng.state(), weights: await this.policy.weights(), optimizer: { slots }, metrics: [...this.metrics] };
  }

  async restore(state: TrainerState): Promise<void> {
    this.policy.setWeights(state.weights);
    const varOf = new Map([...this.policy.params].map(([param, v]) => [param, v.name]));
    await restoreAdam(
      this.optimizer,
      state.optimizer.slots.map((s) => ({ name: s.param === 'iter' ? 'iter' : `${varOf.get(s.param) ?? s.param}/${s.slot}`, tensor: s.slot === '' ? tf.scalar(s.data[0]) : tf.tensor(s.data, this.policy.params.get(s.param)?.shape) })),
    );
    this.rng = new Rng(deriveSeed(this.config.seed, 'trainer'), state.rng);
    this.step = state.step;
    this.metrics.splice(0, this.metrics.length, ...state.metrics);
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

interface Row {
  prompt: number[];
  sample: SampleRecord;
}

/** One optimizer step's share of a batch, with everything its passes reuse. */
interface MiniBatch {
  rows: Row[];
  weights: number[];
  chunks: number[][];
  batches: TeacherBatch[];
  refLogprobs: Float32Array[] | null;
  /** π_old per micro-batch: null until the first forward pass reads it (first mini-batch only). */
  oldLogprobs: (Float32Array | null)[];
  tokens: number;
}

interface UpdateStats {
  loss: number;
  gradNorm: number;
  clipFraction: number;
  kl: number;
  entropy: number;
  tokensUsed: number;
  skippedUpdate: boolean;
}

function splitSlot(name: string): [string, string] {
  if (name === 'iter') return ['iter', ''];
  const i = name.lastIndexOf('/');
  return [name.slice(0, i), name.slice(i + 1)];
}

/** Teacher-forced log-probs of a frozen policy, no gradient. */
async function teacherLogprobs(policy: Policy, batch: TeacherBatch, temperature: number): Promise<Float32Array> {
  const { logprobs, entropy } = tokenLogprobs(policy.params, policy.config, batch, temperature);
  const data = (await logprobs.data()) as Float32Array;
  tf.dispose([logprobs, entropy]);
  return data;
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
