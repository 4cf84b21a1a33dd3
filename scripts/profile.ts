/**
 * npx tsx scripts/profile.ts — where the WASM backend spends one train step and one decode step,
 * kernel by kernel, on the shipped base checkpoint in Node (1 thread, as the bench's WASM figures).
 *
 *   train step: 64 × 160 tokens, masked NLL, gradients, Adam (the bench's "train step")
 *   decode step: batch 64, one token per row against a KV cache of about 100 positions
 *
 * Each workload runs once to warm up, then `--reps` times under tf.profile; the table gives each
 * kernel's time per step (WASM kernels run synchronously, so the backend's timer is the kernel's
 * wall time), its calls per step and its share of the summed kernel time. The wall time per step
 * also counts what no kernel does: TF.js's bookkeeping and the tape. Scopes (a custom gradient's
 * forward) are left out, as the kernels inside them are counted.
 *
 *   npx tsx scripts/profile.ts [--reps 3] [--top 20] [--backend wasm|cpu]
 */
import * as tf from '../src/core/tf';
import { teacherBatch, tokenLogprobs } from '../src/core/model/logprobs';
import { decodeStep, prefill } from '../src/core/model/transformer';
import { leftPad } from '../src/core/model/sampler';
import { BOS } from '../src/core/model/tokenizer';
import { Rng } from '../src/core/rng';
import { buildSuite } from '../src/core/tasks/suites';
import { loadBasePolicy } from '../src/core/testing/base-checkpoint';
import { startNodeBackend } from './node-tf';

const TRAIN = { batch: 64, seqLen: 160 };
const DECODE = { batch: 64, cachedTokens: 64 };

function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

interface KernelRow {
  name: string;
  ms: number;
  calls: number;
}

/** Runs `once` untimed, then `reps` times under tf.profile; per-step kernel totals and wall time. */
async function profileSteps(reps: number, once: () => Promise<void>): Promise<{ rows: KernelRow[]; wallMs: number; kernelMs: number }> {
  await once();
  const byName = new Map<string, KernelRow>();
  let wallMs = 0;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const info = await tf.profile(once);
    wallMs += performance.now() - t0;
    for (const k of info.kernels) {
      // A custom gradient's forward (and an op built from one) is profiled as a scope around the
      // kernels it runs, which are profiled too: counting both would count their time twice.
      if (k.name === 'unnamed scope' || k.name.endsWith('__op')) continue;
      const row = byName.get(k.name) ?? { name: k.name, ms: 0, calls: 0 };
      row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      row.calls += 1;
      byName.set(k.name, row);
    }
  }
  const rows = [...byName.values()].map((r) => ({ name: r.name, ms: r.ms / reps, calls: r.calls / reps })).sort((a, b) => b.ms - a.ms);
  return { rows, wallMs: wallMs / reps, kernelMs: rows.reduce((a, r) => a + r.ms, 0) };
}

function table(title: string, res: { rows: KernelRow[]; wallMs: number; kernelMs: number }, top: number): string {
  const calls = res.rows.reduce((a, r) => a + r.calls, 0);
  const lines = [
    `### ${title}: ${res.wallMs.toFixed(1)} ms wall per step (profiled), kernels ${res.kernelMs.toFixed(1)} ms, ${calls.toFixed(0)} kernel calls`,
    '',
    '| kernel | ms / step | calls / step | share of kernel time |',
    '|---|---:|---:|---:|',
  ];
  for (const r of res.rows.slice(0, top)) lines.push(`| ${r.name} | ${r.ms.toFixed(1)} | ${r.calls.toFixed(0)} | ${((100 * r.ms) / res.kernelMs).toFixed(1)} % |`);
  const rest = res.rows.slice(top);
  if (rest.length) {
    const ms = rest.reduce((a, r) => a + r.ms, 0);
    lines.push(`| ${rest.length} others | ${ms.toFixed(1)} | ${rest.reduce((a, r) => a + r.calls, 0).toFixed(0)} | ${((100 * ms) / res.kernelMs).toFixed(1)} % |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const reps = Number(argValue('--reps', '3'));
  const top = Number(argValue('--top', '20'));
  const backend = argValue('--backend', 'wasm');
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error('--backend takes wasm or cpu');
  await startNodeBackend(backend);
  const policy = loadBasePolicy();
  const { config, tokenizer } = policy;
  const suite = buildSuite('in-83');
  const prompts = (n: number) => Array.from({ length: n }, (_, i) => tokenizer.encode(suite[i % suite.length].prompt));

  // Train step: real prompts followed by random completion tokens, as the bench's train step.
  const rng = new Rng(1);
  const trainPrompts = prompts(TRAIN.batch);
  const batch = teacherBatch(trainPrompts, trainPrompts.map((p) => Array.from({ length: TRAIN.seqLen - 1 - p.length }, () => rng.int(3, config.vocabSize - 1))));
  const mask = tf.tensor2d(batch.completionMask, [batch.B, batch.T - 1]);
  const optimizer = tf.train.adam(1e-4);
  const train = await profileSteps(reps, async () => {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tokenLogprobs(policy.params, config, batch).logprobs.mul(mask).sum().div(mask.sum()).neg() as tf.Scalar, policy.variables);
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      return value;
    });
    await loss.data();
    loss.dispose();
  });
  mask.dispose();
  optimizer.dispose();

  // Decode step: prefill real prompts, decode DECODE.cachedTokens steps, then profile the next ones.
  const { ids, width, padCounts } = leftPad(prompts(DECODE.batch).map((p) => [BOS, ...p]));
  const idsT = tf.tensor2d(ids, [DECODE.batch, width], 'int32');
  const { logits, cache } = prefill(policy.params, config, idsT, padCounts);
  tf.dispose([idsT, logits]);
  const tokens = tf.tensor1d(Array.from({ length: DECODE.batch }, (_, b) => 3 + (b % (config.vocabSize - 3))), 'int32');
  const step = async () => {
    const out = decodeStep(policy.params, config, tokens, cache);
    await out.data();
    out.dispose();
  };
  for (let s = 0; s < DECODE.cachedTokens; s++) await step();
  const decode = await profileSteps(reps, step);
  const cacheLength = cache.length;
  tokens.dispose();
  cache.dispose();

  console.log(`TF.js ${tf.version.tfjs}, backend ${tf.getBackend()}, Node ${process.version}; model ${config.nLayer} layers × ${config.dModel}, ${config.nHead} heads, MLP ${config.dFF}, vocabulary ${config.vocabSize}, ${config.positional}\n`);
  console.log(table(`Train step, ${TRAIN.batch} × ${batch.T} tokens`, train, top));
  console.log('');
  console.log(table(`Decode step, batch ${DECODE.batch}, cache ≈ ${cacheLength - reps} positions`, decode, top));
  policy.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
