import './zod-csp';
import * as Comlink from 'comlink';
import * as tf from '../src/core/tf';
import { selectBackend } from '../src/core/backend';
import { parseOrThrow } from '../src/core/knobs';
import { ModelConfigSchema, type ModelConfig } from '../src/core/model/config';
import { completionSlice, teacherBatch, tokenLogprobs } from '../src/core/model/logprobs';
import { Policy, type WeightArrays } from '../src/core/model/policy';
import { sampleTokens, sampleTokensRecompute } from '../src/core/model/sampler';
import { CharTokenizer, EOS } from '../src/core/model/tokenizer';
import { paramNames, paramShape } from '../src/core/model/transformer';
import { Rng } from '../src/core/rng';
import { buildSuite, trainingSet } from '../src/core/tasks/suites';
import { teacherTrace } from '../src/core/tasks/teacher';
import { GrpoTrainer } from '../src/core/training/trainer';
import { sampleSuite, type SuiteResult } from '../src/core/training/sampling';
import { passAt1 } from '../src/core/eval';
import { studySeed } from '../src/core/studies/run-study';
import { BENCH_MODEL, BenchArgsSchema, ParityArgsSchema, type BenchApi, type BenchBackend, type BenchResult, type GrpoStepSample, type GrpoStepTiming, type Measured, type ParityResult, type Pass1Timing, type SamplingTiming, type Timing } from './bench-api';
import { grpoBenchConfig, grpoStepSample, median, suiteDecodeSteps, suiteMaxDecodeSteps, summariseGrpoSteps } from './bench-workload';
import { WASM_PATHS } from './wasm-paths';
import { fetchCheckpoint } from './checkpoint-fetch';
import { messageOf } from '../src/core/errors';

/** The shipped base checkpoint, served beside the page. */
const BASE_CHECKPOINT = () => new URL('/checkpoints/base/', self.location.href).href;

/** Starts exactly `backend` (no fallback: a fallback would measure another backend). */
async function startBackend(backend: BenchBackend) {
  const report = await selectBackend(backend, { wasmPaths: WASM_PATHS });
  if (report.fellBack) throw new Error(`${backend} could not start: ${report.failures[backend] ?? report.reason}`);
  return report;
}

/** GPT-2-scale random weights from a seeded stream: speed does not depend on what the weights say. */
function randomWeights(config: ModelConfig, seed: number): WeightArrays {
  const rng = new Rng(seed);
  const weights: WeightArrays = new Map();
  for (const name of paramNames(config)) {
    const size = paramShape(config, name).reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith('.g')) data.fill(1);
    else if (!/\.b(_\w+|\d)?$/.test(name)) for (let i = 0; i < size; i++) data[i] = 0.02 * Math.sqrt(-2 * Math.log(Math.max(rng.next(), 1e-12))) * Math.cos(2 * Math.PI * rng.next());
    weights.set(name, data);
  }
  return weights;
}

/** An optional untimed warm-up, then up to `reps` timed runs (at least one) within `budgetMs`. */
async function time(reps: number, warmup: boolean, budgetMs: number, once: () => Promise<void>): Promise<Timing> {
  let warmupMs: number | null = null;
  if (warmup) {
    const w0 = performance.now();
    await once();
    warmupMs = performance.now() - w0;
  }
  const ms: number[] = [];
  const start = performance.now();
  while (ms.length < reps && (ms.length === 0 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    await once();
    ms.push(performance.now() - t0);
  }
  return { warmupMs, ms, medianMs: median(ms) };
}

async function measured<T extends object>(what: string, progress: (m: string) => void, fn: () => Promise<T>): Promise<Measured<T>> {
  progress(`${what}…`);
  try {
    return { ok: true, ...(await fn()) };
  } catch (e) {
    const error = messageOf(e);
    progress(`${what} failed: ${error}`);
    return { ok: false, error };
  }
}

const api: BenchApi = {
  async run(raw, onProgress) {
    const args = parseOrThrow(BenchArgsSchema, raw, 'bench');
    const progress = (m: string) => onProgress?.(`${args.backend}: ${m}`);
    const report = await startBackend(args.backend);
    const tensorsBefore = tf.memory().numTensors;

    const tokenizer = new CharTokenizer();
    const config: ModelConfig = ModelConfigSchema.parse({ vocabSize: tokenizer.vocabSize, ...BENCH_MODEL });
    const policy = Policy.fromWeights(config, tokenizer, randomWeights(config, args.seed));
    const suite = buildSuite('in-83');
    const prompts = (n: number) => Array.from({ length: n }, (_, i) => tokenizer.encode(suite[i % suite.length].prompt));

    // Sampling. Rows that emit EOS keep being decoded with the batch (the sampler feeds them EOS),
    // so a call costs as many full-batch decode steps as its longest row has tokens. An untimed probe
    // with the KV-cache sampler picks the seed (of SEED_TRIES) whose longest row is longest, newTokens
    // at best; both samplers then run that seed, so the cache and recompute decode the same tokens.
    // Small batches of random weights often stop every row early: tokens/s counts the steps taken.
    const SEED_TRIES = 5;
    const seedFor = new Map<number, number>();
    const pickSeed = async (rows: number[][], batch: number): Promise<number> => {
      let best = { seed: args.seed, steps: -1 };
      for (let attempt = 0; attempt < SEED_TRIES && best.steps < args.newTokens; attempt++) {
        const seqs = await sampleTokens(policy.params, config, rows, { temperature: 1, topP: 1, maxNewTokens: args.newTokens, seed: args.seed + attempt, batchSize: batch });
        const steps = Math.max(...seqs.map((q) => q.tokens.length));
        if (steps > best.steps) best = { seed: args.seed + attempt, steps };
      }
      return best.seed;
    };
    type Sampler = typeof sampleTokens | typeof sampleTokensRecompute;
    const timeSampling = (what: string, fn: Sampler, batch: number, reps: number, warmup: boolean) =>
      measured(what, progress, async (): Promise<SamplingTiming> => {
        const rows = prompts(batch);
        if (!seedFor.has(batch)) seedFor.set(batch, await pickSeed(rows, batch));
        const seed = seedFor.get(batch)!;
        let decodeSteps = 0;
        const t = await time(reps, warmup, args.budgetMs, async () => {
          const seqs = await fn(policy.params, config, rows, { temperature: 1, topP: 1, maxNewTokens: args.newTokens, seed, batchSize: batch });
          decodeSteps = Math.max(...seqs.map((q) => q.tokens.length));
        });
        return { ...t, batch, seed, decodeSteps, tokensPerSecond: (batch * decodeSteps) / (t.medianMs / 1000) };
      });

    // One update at GRPO batch size: every row is a real prompt followed by random completion tokens.
    const timeTrainStep = () =>
      measured(`train step, ${args.trainBatch} × ${args.trainSeqLen} tokens`, progress, async (): Promise<Timing> => {
        const rng = new Rng(args.seed);
        const trainPrompts = prompts(args.trainBatch);
        const completions = trainPrompts.map((p) => Array.from({ length: args.trainSeqLen - 1 - p.length }, () => rng.int(3, config.vocabSize - 1)));
        const batch = teacherBatch(trainPrompts, completions);
        const mask = tf.tensor2d(batch.completionMask, [batch.B, batch.T - 1]);
        const optimizer = tf.train.adam(1e-4);
        try {
          return await time(args.reps.train, args.warmup.train, args.budgetMs, async () => {
            const loss = tf.tidy(() => {
              const { value, grads } = tf.variableGrads(() => {
                const { logprobs } = tokenLogprobs(policy.params, config, batch);
                return logprobs.mul(mask).sum().div(mask.sum()).neg() as tf.Scalar;
              }, policy.variables);
              optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
              return value;
            });
            await loss.data();
            loss.dispose();
          });
        } finally {
          mask.dispose();
          optimizer.dispose();
        }
      });

    // The GRPO step and Pass@1 each get their own policy with the same random weights: the train
    // step above has updated the shared one, and the GRPO step updates its own. The trainer's Adam
    // state is disposed with it.
    const freshPolicy = () => Policy.fromWeights(config, tokenizer, randomWeights(config, args.seed));
    const timeGrpoStep = () => {
      const g = args.grpoStep;
      return measured(`GRPO step, ${g.promptsPerStep} prompts × ${g.numGenerations}, ≤ ${g.maxCompletionLength} tokens, gradient: ${g.gradient}`, progress, async (): Promise<GrpoStepTiming> => {
        const warmup = args.warmup.train;
        const trainConfig = grpoBenchConfig(g, args.reps.grpoStep + (warmup ? 1 : 0), args.seed);
        const stepPolicy = freshPolicy();
        let trainer: GrpoTrainer | null = null;
        // The KL reference, as a run has one (the recipe's beta > 0 costs its forward pass per step).
        const reference = trainConfig.beta > 0 ? await stepPolicy.frozenCopy() : undefined;
        try {
          trainer = new GrpoTrainer({ config: trainConfig, policy: stepPolicy, trainSet: trainingSet(trainConfig.data), ...(reference ? { reference } : {}) });
          const step = async (): Promise<GrpoStepSample> => {
            const t0 = performance.now();
            const { metrics } = await trainer!.runStep();
            return grpoStepSample(metrics, (performance.now() - t0) / 1000);
          };
          const warmupSeconds = warmup ? (await step()).total : null;
          const steps: GrpoStepSample[] = [];
          const start = performance.now();
          while (steps.length < args.reps.grpoStep && (steps.length === 0 || performance.now() - start < args.budgetMs)) {
            steps.push(await step());
            const last = steps[steps.length - 1];
            progress(`GRPO step ${steps.length}: ${last.total.toFixed(1)} s (sampling ${last.sampling.toFixed(1)}, scoring ${last.scoring.toFixed(2)}, updating ${last.updating.toFixed(1)}${last.skippedUpdate ? ', update skipped' : ''})`);
          }
          const { promptsPerStep, numGenerations, maxCompletionLength, gradient } = g;
          return { promptsPerStep, numGenerations, maxCompletionLength, gradient, warmupSeconds, steps, ...summariseGrpoSteps(steps) };
        } finally {
          trainer?.dispose();
          stepPolicy.dispose();
          reference?.dispose();
        }
      });
    };

    // Pass@1 over many runs, sampled as the Pass@1 study samples (same seed derivation).
    const timePass1 = () => {
      const p = args.pass1;
      return measured(`Pass@1, ${p.runs} runs of ${p.suite}, temperature ${p.temperature}, top-p ${p.topP}, ≤ ${p.maxNewTokens} tokens`, progress, async (): Promise<Pass1Timing> => {
        const problems = buildSuite(p.suite);
        // The shipped checkpoint writes the lengths a real evaluation samples; random weights
        // rarely stop before the cap, which would time the worst case instead.
        let weights: Pass1Timing['weights'] = 'base checkpoint';
        const evalPolicy = await fetchCheckpoint(BASE_CHECKPOINT()).then(
          (ck) => Policy.fromWeights(ck.config, ck.tokenizer, ck.weights, false),
          () => {
            weights = 'random';
            return freshPolicy();
          },
        );
        let res: SuiteResult | undefined;
        let t: Timing;
        try {
          t = await time(args.reps.pass1, false, args.budgetMs, async () => {
            res = await sampleSuite(evalPolicy, problems, { runs: p.runs, temperature: p.temperature, topP: p.topP, maxNewTokens: p.maxNewTokens, seed: studySeed(args.seed, p.suite, p.temperature), batchSize: p.batchSize });
          });
        } finally {
          evalPolicy.dispose();
        }
        if (!res) throw new Error('no Pass@1 pass ran');
        const completionTokens = res.lengths.flat().reduce((a, b) => a + b, 0);
        const longestPrompt = Math.max(...problems.map((q) => tokenizer.encode(q.prompt).length));
        const decodeSteps = suiteDecodeSteps(res.lengths, p.batchSize);
        const maxDecodeSteps = suiteMaxDecodeSteps(problems.length * p.runs, p.batchSize, p.maxNewTokens, config.contextLength, longestPrompt);
        progress(`Pass@1 (${weights} weights): ${(t.medianMs / 1000).toFixed(1)} s, ${completionTokens} completion tokens, ${decodeSteps} of at most ${maxDecodeSteps} decode steps`);
        return {
          ...t,
          weights,
          suite: p.suite,
          problems: problems.length,
          runs: p.runs,
          temperature: p.temperature,
          topP: p.topP,
          maxNewTokens: p.maxNewTokens,
          batchSize: p.batchSize,
          completionTokens,
          tokensPerSecond: completionTokens / (t.medianMs / 1000),
          decodeSteps,
          maxDecodeSteps,
          pass1: passAt1(res.correct),
        };
      });
    };

    let result: Omit<BenchResult, 'tensorsAfter'>;
    try {
      const sampling = await timeSampling(`sampling, batch ${args.sampleBatch}, KV cache`, sampleTokens, args.sampleBatch, args.reps.sample, args.warmup.sample);
      const samplingEval = args.evalBatch ? await timeSampling(`sampling, batch ${args.evalBatch}, KV cache`, sampleTokens, args.evalBatch, args.reps.sample, args.warmup.sample) : null;
      const compare =
        args.reps.compare > 0
          ? {
              cached: await timeSampling(`sampling, batch ${args.compareBatch}, KV cache`, sampleTokens, args.compareBatch, args.reps.compare, args.warmup.compare),
              recompute: await timeSampling(`sampling, batch ${args.compareBatch}, recompute`, sampleTokensRecompute, args.compareBatch, args.reps.compare, args.warmup.compare),
            }
          : null;
      const trainStep = await timeTrainStep();
      const pass1 = args.reps.pass1 > 0 ? await timePass1() : null;
      const grpoStep = args.reps.grpoStep > 0 ? await timeGrpoStep() : null;
      result = { backend: report, crossOriginIsolated: self.crossOriginIsolated, sampling, samplingEval, compare, trainStep, grpoStep, pass1, tensorsBefore };
    } finally {
      policy.dispose();
    }
    return { ...result, tensorsAfter: tf.memory().numTensors };
  },

  async parity(raw) {
    const args = parseOrThrow(ParityArgsSchema, raw, 'parity');
    const report = await startBackend(args.backend);
    const tensorsBefore = tf.memory().numTensors;
    // The shipped weights, not random ones: they are what the lab runs, and their confident
    // log-probs and long greedy answers are what a backend's arithmetic must reproduce.
    const ck = await fetchCheckpoint(BASE_CHECKPOINT());
    const policy = Policy.fromWeights(ck.config, ck.tokenizer, ck.weights, false);
    let result: Omit<ParityResult, 'tensorsAfter'>;
    try {
      const problems = buildSuite(args.suite).slice(0, args.problems);
      const prompts = problems.map((p) => policy.encodePrompt(p.prompt));
      // The concise teacher trace (verbosity 0 draws nothing from the stream) and EOS, as injection writes it.
      const solutions = problems.map((p) => [...policy.tokenizer.encode(teacherTrace(p, { verbosity: 0 }, new Rng(0))), EOS]);
      const batch = teacherBatch(prompts, solutions);
      const { logprobs, entropy } = tokenLogprobs(policy.params, policy.config, batch);
      let values: Float32Array;
      try {
        values = (await logprobs.data()) as Float32Array;
      } finally {
        logprobs.dispose();
        entropy.dispose();
      }
      const greedy = await policy.sample(problems.map((p) => p.prompt), { temperature: 0, topP: 1, maxNewTokens: args.maxNewTokens, seed: 0 });
      result = {
        backend: report,
        suite: args.suite,
        problemIds: problems.map((p) => p.id),
        logprobs: problems.map((_, b) => completionSlice(values, batch, b)),
        greedy: greedy.map((c) => c.tokens),
        greedyTexts: greedy.map((c) => c.text),
        maxNewTokens: args.maxNewTokens,
        tensorsBefore,
      };
    } finally {
      policy.dispose();
    }
    return { ...result, tensorsAfter: tf.memory().numTensors };
  },
};

Comlink.expose(api);
