import * as tf from '../tf';
import { deriveSeed, Rng } from '../rng';
import type { ModelConfig } from './config';
import { decodeStep, prefill, type Params } from './transformer';
import { BOS, EOS, PAD } from './tokenizer';

export interface SamplingOptions {
  /** 0 means greedy decoding. */
  temperature: number;
  /** Nucleus sampling: keep the smallest set of tokens whose probability reaches topP. 1 keeps all. */
  topP: number;
  /** At most this many completion tokens (EOS included). */
  maxNewTokens: number;
  /** Seeds the per-row streams: row i of a call always draws from the same stream, whatever the batch. */
  seed: number;
}

export interface SampledSequence {
  /** Completion token ids, the EOS included when the row stopped by itself. */
  tokens: number[];
  /**
   * log π(token) for each completion token under the sampling distribution before top-p truncation:
   * softmax(logits / temperature), or temperature 1 when greedy (as TRL and verl score tokens).
   */
  logprobs: number[];
  /** Whether the row ended with EOS (false: cut at maxNewTokens). */
  finished: boolean;
}

/** Picks one token from a row of logits; returns the token and its log-probability. */
export function pickToken(logits: ArrayLike<number>, temperature: number, topP: number, rng: Rng): { token: number; logprob: number } {
  const V = logits.length;
  const t = temperature > 0 ? temperature : 1;
  let max = -Infinity;
  for (let i = 0; i < V; i++) max = Math.max(max, logits[i] / t);
  let z = 0;
  const probs = new Float64Array(V);
  for (let i = 0; i < V; i++) {
    probs[i] = Math.exp(logits[i] / t - max);
    z += probs[i];
  }
  const logZ = Math.log(z) + max;
  let token = 0;
  if (temperature <= 0) {
    for (let i = 1; i < V; i++) if (logits[i] > logits[token]) token = i;
  } else {
    const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => probs[b] - probs[a] || a - b);
    let kept = 0;
    let mass = 0;
    while (kept < V && (kept === 0 || mass < topP * z)) mass += probs[order[kept++]];
    let u = rng.next() * mass;
    token = order[kept - 1];
    for (let k = 0; k < kept; k++) {
      u -= probs[order[k]];
      if (u < 0) {
        token = order[k];
        break;
      }
    }
  }
  return { token, logprob: logits[token] / t - logZ };
}

/** Left-pads token rows with PAD; returns the matrix and each row's pad count. */
export function leftPad(rows: readonly number[][]): { ids: Int32Array; width: number; padCounts: number[] } {
  const width = Math.max(...rows.map((r) => r.length));
  const ids = new Int32Array(rows.length * width).fill(PAD);
  const padCounts = rows.map((r, b) => {
    const pad = width - r.length;
    ids.set(r, b * width + pad);
    return pad;
  });
  return { ids, width, padCounts };
}

/**
 * Batched sampling with a KV cache. `prompts` are token ids without BOS (it is prepended).
 * Rows are decoded together in chunks of `batchSize`; every row draws from its own seeded
 * stream, so results do not depend on how rows are chunked (up to the backend's arithmetic).
 */
export async function sampleTokens(
  params: Params,
  config: ModelConfig,
  prompts: readonly number[][],
  opts: SamplingOptions & { batchSize?: number; onChunk?: (done: number, total: number) => void },
): Promise<SampledSequence[]> {
  const out: SampledSequence[] = [];
  const batchSize = opts.batchSize ?? 256;
  for (let start = 0; start < prompts.length; ) {
    const rows = prefillRows(config, prompts.slice(start, start + batchSize));
    const chunk = prompts.slice(start, start + rows);
    const rngs = chunk.map((_, i) => new Rng(deriveSeed(opts.seed, `row${start + i}`)));
    out.push(...(await sampleChunk(params, config, chunk.map((p) => [BOS, ...p]), opts, rngs)));
    start += rows;
    opts.onChunk?.(start, prompts.length);
  }
  return out;
}

/** Elements of one layer's prefill attention scores [B, H, P, P] a chunk may hold (64 MiB of float32). */
export const PREFILL_SCORE_BUDGET = 2 ** 24;

/**
 * How many of `candidates` (the next rows, at most a batch) to prefill together: all of them,
 * unless their longest prompt would make the attention scores outgrow PREFILL_SCORE_BUDGET.
 * Long prompts (the distractor suites: ~230 tokens) at batch 256 need 200 MB per score tensor,
 * more than the WASM heap gives, and the backend then fails with an arithmetic trap.
 */
export function prefillRows(config: ModelConfig, candidates: readonly number[][]): number {
  const width = 1 + Math.max(0, ...candidates.map((p) => p.length));
  return Math.min(candidates.length, Math.max(1, Math.floor(PREFILL_SCORE_BUDGET / (config.nHead * width * width))));
}

async function sampleChunk(params: Params, config: ModelConfig, rows: number[][], opts: SamplingOptions, rngs: Rng[]): Promise<SampledSequence[]> {
  const B = rows.length;
  const { ids, width, padCounts } = leftPad(rows);
  const maxNew = Math.min(opts.maxNewTokens, config.contextLength - width);
  if (maxNew < 1) throw new Error(`prompt of ${width} tokens leaves no room in the context of ${config.contextLength}`);
  const seqs: SampledSequence[] = rows.map(() => ({ tokens: [], logprobs: [], finished: false }));
  const idsT = tf.tensor2d(ids, [B, width], 'int32');
  const first = prefill(params, config, idsT, padCounts);
  const cache = first.cache;
  let logits = first.logits;
  idsT.dispose();
  try {
    for (let step = 0; step < maxNew; step++) {
      const data = (await logits.data()) as Float32Array;
      logits.dispose();
      const V = config.vocabSize;
      const next = new Int32Array(B);
      let open = 0;
      for (let b = 0; b < B; b++) {
        const s = seqs[b];
        if (s.finished) {
          next[b] = EOS;
          continue;
        }
        const { token, logprob } = pickToken(data.subarray(b * V, (b + 1) * V), opts.temperature, opts.topP, rngs[b]);
        s.tokens.push(token);
        s.logprobs.push(logprob);
        next[b] = token;
        if (token === EOS) s.finished = true;
        else open++;
      }
      if (open === 0 || step === maxNew - 1) break;
      const tokens = tf.tensor1d(next, 'int32');
      logits = decodeStep(params, config, tokens, cache);
      tokens.dispose();
    }
  } finally {
    if (!logits.isDisposed) logits.dispose();
    cache.dispose();
  }
  return seqs;
}

/**
 * The same sampling without a KV cache: every step re-runs the whole prefix. Only for measuring
 * what the cache saves and for checking that it changes nothing.
 */
export async function sampleTokensRecompute(params: Params, config: ModelConfig, prompts: readonly number[][], opts: SamplingOptions): Promise<SampledSequence[]> {
  const rows = prompts.map((p) => [BOS, ...p]);
  const rngs = rows.map((_, i) => new Rng(deriveSeed(opts.seed, `row${i}`)));
  const seqs: SampledSequence[] = rows.map(() => ({ tokens: [], logprobs: [], finished: false }));
  const B = rows.length;
  const maxNew = Math.min(opts.maxNewTokens, config.contextLength - Math.max(...rows.map((r) => r.length)));
  for (let step = 0; step < maxNew; step++) {
    const { ids, width, padCounts } = leftPad(rows.map((r, b) => [...r, ...seqs[b].tokens]));
    const idsT = tf.tensor2d(ids, [B, width], 'int32');
    const { logits, cache } = prefill(params, config, idsT, padCounts);
    const data = (await logits.data()) as Float32Array;
    tf.dispose([idsT, logits]);
    cache.dispose();
    let open = 0;
    for (let b = 0; b < B; b++) {
      const s = seqs[b];
      if (s.finished) continue;
      const { token, logprob } = pickToken(data.subarray(b * config.vocabSize, (b + 1) * config.vocabSize), opts.temperature, opts.topP, rngs[b]);
      s.tokens.push(token);
      s.logprobs.push(logprob);
      if (token === EOS) s.finished = true;
      else open++;
    }
    if (open === 0) break;
  }
  return seqs;
}
