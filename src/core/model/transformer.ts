import * as tf from '../tf';
import { Rng } from '../rng';
import type { ModelConfig } from './config';
import './wasm-kernels';

/**
 * A decoder-only transformer (pre-LN, causal self-attention, ReLU MLP, tied input/output
 * embedding), written with plain tfjs-core ops so it runs and trains on every backend.
 *
 * Token embeddings are looked up with a one-hot matmul rather than `gather`: the WASM backend has
 * no gradient for gather, and the one-hot product returns the same rows exactly.
 */
export type ParamName = string;
export type Params = Map<ParamName, tf.Variable>;

export function paramNames(c: ModelConfig): ParamName[] {
  const names = c.positional === 'learned' ? ['tok_emb', 'pos_emb'] : ['tok_emb'];
  for (let l = 0; l < c.nLayer; l++) {
    for (const p of ['ln1.g', 'ln1.b', 'attn.w_qkv', 'attn.b_qkv', 'attn.w_o', 'attn.b_o', 'ln2.g', 'ln2.b', 'mlp.w1', 'mlp.b1', 'mlp.w2', 'mlp.b2']) {
      names.push(`h${l}.${p}`);
    }
  }
  names.push('ln_f.g', 'ln_f.b');
  return names;
}

export function paramShape(c: ModelConfig, name: ParamName): number[] {
  const d = c.dModel;
  if (name === 'tok_emb') return [c.vocabSize, d];
  if (name === 'pos_emb') return [c.contextLength, d];
  const leaf = name.replace(/^h\d+\./, '');
  switch (leaf) {
    case 'attn.w_qkv': return [d, 3 * d];
    case 'attn.b_qkv': return [3 * d];
    case 'attn.w_o': return [d, d];
    case 'mlp.w1': return [d, c.dFF];
    case 'mlp.b1': return [c.dFF];
    case 'mlp.w2': return [c.dFF, d];
    default: return [d]; // layer-norm gains and biases, attention and MLP output biases
  }
}

let variableCounter = 0;
/** TF.js registers variables by name globally; several policies (policy, reference) live at once. */
export function uniqueVariableName(name: string): string {
  return `${name}#${variableCounter++}`;
}

/** GPT-2 style initialisation from a seeded stream, so weights are the same on every backend. */
export function initParams(c: ModelConfig, seed: number): Params {
  const rng = new Rng(seed);
  const gauss = (): number => {
    const u = Math.max(rng.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const params: Params = new Map();
  for (const name of paramNames(c)) {
    const shape = paramShape(c, name);
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith('.g')) data.fill(1);
    else if (/(emb|w_qkv|w1)$/.test(name)) for (let i = 0; i < size; i++) data[i] = 0.02 * gauss();
    else if (/(w_o|w2)$/.test(name)) for (let i = 0; i < size; i++) data[i] = (0.02 / Math.sqrt(2 * c.nLayer)) * gauss();
    params.set(name, tf.tidy(() => tf.variable(tf.tensor(data, shape), true, uniqueVariableName(name))));
  }
  return params;
}

export function disposeParams(params: Params): void {
  for (const v of params.values()) v.dispose();
}

function p(params: Params, name: ParamName): tf.Variable {
  const v = params.get(name);
  if (!v) throw new Error(`missing parameter ${name}`);
  return v;
}

/**
 * x·W for 2-D operands, with a gradient that transposes explicitly. TF.js's own matMul gradient
 * multiplies with transposeA/transposeB flags, which the WASM backend runs about ten times slower
 * than a plain product (only a plain 2-D product reaches XNNPACK there); the result is the same.
 */
export const linear = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: x.matMul(w),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const g = dy as tf.Tensor;
      return [g.matMul(saved[1].transpose()), saved[0].transpose().matMul(g)];
    },
  };
}) as (x: tf.Tensor, w: tf.Tensor) => tf.Tensor2D;

/** ∂L/∂x, ∂L/∂W and ∂L/∂b of x·W + b from ∂L/∂y, each a plain 2-D product (the bias: 1ᵀ·g). */
function affineGrads(g: tf.Tensor, x: tf.Tensor, w: tf.Tensor): tf.Tensor[] {
  const [rows, cols] = g.shape as [number, number];
  return [g.matMul(w.transpose()), x.transpose().matMul(g), tf.ones([1, rows]).matMul(g).reshape([cols])];
}

const affineOp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.fused.matMul({ a: x, b: w, bias: b }),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => affineGrads(dy as tf.Tensor, saved[0], saved[1]),
  };
}) as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

const affineReluOp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor, tf.GradSaveFunc];
  const y = tf.fused.matMul({ a: x, b: w, bias: b, activation: 'relu' });
  save([x, w, y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => affineGrads((dy as tf.Tensor).mul(tf.step(saved[2])), saved[0], saved[1]),
  };
}) as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

/** x·W + b (then ReLU) for 2-D x: one fused kernel forward, plain 2-D products backward. */
export function affine(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, activation: 'linear' | 'relu' = 'linear'): tf.Tensor2D {
  return activation === 'relu' ? affineReluOp(x, w, b) : affineOp(x, w, b);
}

/**
 * Attention's per-head products, with the scores laid out [T, N, Tc] (N = B·H heads of all rows).
 * The WASM backend runs a batched matMul with a scalar loop (about 2 GFLOP/s) but a convolution
 * with XNNPACK, so there each product is one depthwise convolution: channel n of the input
 * [M, K, N] is swept by its own filter [K, N, P] of width K, giving out[m, n, p] = Σ_k x[m, k, n]·f[k, n, p].
 * The score layout is the one that convolution writes, so no [N, T, Tc] tensor is transposed
 * but one per product (forward and backward). Other backends use matMul in the same layout.
 */
function depthwiseProduct(x: tf.Tensor3D, f: tf.Tensor3D): tf.Tensor3D {
  const [M, K, N] = x.shape;
  const P = f.shape[2];
  return tf.depthwiseConv2d(x.reshape([1, M, K, N]) as tf.Tensor4D, f.reshape([1, K, N, P]) as tf.Tensor4D, 1, 'valid').reshape([M, N, P]) as tf.Tensor3D;
}

type Grad = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => tf.Tensor[];
const customProduct = (value: (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D, grads: (g: tf.Tensor3D, a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor[]) =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, b, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
    save([a, b]);
    const gradFunc: Grad = (dy, saved) => grads(dy as tf.Tensor3D, saved[0] as tf.Tensor3D, saved[1] as tf.Tensor3D);
    return { value: value(a, b), gradFunc };
  }) as (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;

/** s[i, n, j] = Σ_d q[n, i, d]·k[n, j, d]: q [N, T, Dh], k [N, Tc, Dh] → [T, N, Tc]. */
const convScores = customProduct(
  (q, k) => depthwiseProduct(q.transpose([1, 2, 0]), k.transpose([2, 0, 1])),
  (g, q, k) => [
    depthwiseProduct(g.transpose([0, 2, 1]), k.transpose([1, 0, 2])).transpose([1, 0, 2]), // ∂q[n, i, d] = Σ_j g[i, n, j]·k[n, j, d]
    depthwiseProduct(q.transpose([2, 1, 0]), g).transpose([1, 2, 0]), // ∂k[n, j, d] = Σ_i q[n, i, d]·g[i, n, j]
  ],
);

/** y[i, n, d] = Σ_j a[i, n, j]·v[n, j, d]: a [T, N, Tc], v [N, Tc, Dh] → [T, N, Dh]. */
const convMix = customProduct(
  (a, v) => depthwiseProduct(a.transpose([0, 2, 1]), v.transpose([1, 0, 2])),
  (g, a, v) => [
    depthwiseProduct(g.transpose([0, 2, 1]), v.transpose([2, 0, 1])), // ∂a[i, n, j] = Σ_d g[i, n, d]·v[n, j, d]
    depthwiseProduct(g.transpose([2, 0, 1]), a).transpose([1, 2, 0]), // ∂v[n, j, d] = Σ_i g[i, n, d]·a[i, n, j]
  ],
);

/**
 * Whether to take the convolution: on WASM, for more than one query per head. A decode step's one
 * query makes a thin product that the scalar loop runs faster than XNNPACK packs a new filter.
 */
const convolve = (queries: number) => queries > 1 && tf.getBackend() === 'wasm';

function attentionScores(q: tf.Tensor3D, k: tf.Tensor3D): tf.Tensor3D {
  return convolve(q.shape[1]) ? convScores(q, k) : (tf.matMul(q, k, false, true).transpose([1, 0, 2]) as tf.Tensor3D);
}

function attentionMix(a: tf.Tensor3D, v: tf.Tensor3D): tf.Tensor3D {
  return convolve(a.shape[0]) ? convMix(a, v) : (tf.matMul(a.transpose([1, 0, 2]) as tf.Tensor3D, v).transpose([1, 0, 2]) as tf.Tensor3D);
}

/**
 * Rotary angles for the given positions, over the whole head width: cos and sin of each pair's
 * angle, written twice ([cos, cos], [sin, sin]), each [B, 1, T, Dh] (B = 1 broadcasts).
 */
export interface Rotary {
  cos: tf.Tensor4D;
  sin: tf.Tensor4D;
}

export function rotaryTables(c: ModelConfig, positions: ArrayLike<number>, B: number, T: number): Rotary {
  const half = c.dModel / c.nHead / 2;
  const Dh = 2 * half;
  const cos = new Float32Array(B * T * Dh);
  const sin = new Float32Array(B * T * Dh);
  for (let i = 0; i < B * T; i++) {
    for (let j = 0; j < half; j++) {
      const angle = positions[i] * Math.pow(10000, -j / half);
      cos[i * Dh + j] = cos[i * Dh + half + j] = Math.cos(angle);
      sin[i * Dh + j] = sin[i * Dh + half + j] = Math.sin(angle);
    }
  }
  return { cos: tf.tensor4d(cos, [B, 1, T, Dh]), sin: tf.tensor4d(sin, [B, 1, T, Dh]) };
}

/** [Dh, Dh]: x·R = [−x2, x1] for x = [x1, x2], the rotate-half of RoPE as one product; or Rᵀ. */
function rotateHalfMatrix(Dh: number, transposed = false): tf.Tensor2D {
  const half = Dh / 2;
  const r = new Float32Array(Dh * Dh);
  const at = (row: number, col: number) => (transposed ? col * Dh + row : row * Dh + col);
  for (let j = 0; j < half; j++) {
    r[at(half + j, j)] = -1; // out[j] = −x2[j]
    r[at(j, half + j)] = 1; // out[half + j] = x1[j]
  }
  return tf.tensor2d(r, [Dh, Dh]);
}

/**
 * x·R for a constant R, whose gradient is dy·Rᵀ only: `linear` would also form ∂L/∂R, a
 * [Dh, rows]·[rows, Dh] product and a transpose of the whole batch, for a matrix nobody trains.
 */
function rotateHalf(x: tf.Tensor2D): tf.Tensor2D {
  const Dh = x.shape[1];
  const product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor2D;
    return {
      value: input.matMul(rotateHalfMatrix(Dh)),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => (dy as tf.Tensor).matMul(rotateHalfMatrix(Dh, true)),
    };
  }) as (x: tf.Tensor) => tf.Tensor2D;
  return product(x);
}

/**
 * Rotates each (x1, x2) pair of the head dimension by its position's angle, x·cos + rotateHalf(x)·sin,
 * on [B, H, T, Dh] (queries or keys).
 */
function rotate(x: tf.Tensor, r: Rotary): tf.Tensor {
  const Dh = x.shape[x.rank - 1];
  const half = rotateHalf(x.reshape([-1, Dh]) as tf.Tensor2D).reshape(x.shape);
  return x.mul(r.cos).add(half.mul(r.sin));
}

function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(g).add(b);
}

/** Keys and values of one layer, [B·H, Tc, Dh] each. A type alias so tf.tidy can return it. */
export type KV = { k: tf.Tensor3D; v: tf.Tensor3D };

/**
 * A layer's cached keys and values in two parts: `k`, `v`, whole blocks, and `recent`, the positions
 * since (fewer than CACHE_BLOCK). A decode step appends its one position to `recent` only, and
 * attends to both parts; `recent` joins `k`, `v` once it is a block long. Appending to one tensor of
 * the whole cache re-copies all of it at every step (tensors cannot grow in place): a fifth of a
 * decode step's kernel time at batch 64.
 */
export type CachedKV = KV & { recent?: KV };
export const CACHE_BLOCK = 32;

/** What the blocks attend with: the score bias (causal and padding masks), rotary angles, earlier keys and values. */
interface Context {
  /** Added to the scores [T, B, H, Tc]; broadcast from [T, 1, 1, Tc], [1, B, 1, Tc] or [T, B, 1, Tc]. */
  bias: tf.Tensor;
  rotary: Rotary | null;
  past: CachedKV[] | null;
}

/**
 * The queries, keys and values of every head, [B, H, T, Dh] each, from the normed input h [B·T, d].
 * With many positions, one product per projection with its columns sliced out of the weights
 * ([d, d], cheap) rather than out of a [B, 3H, T, Dh] product (a strided copy of the whole batch,
 * 10 % of a train step). A decode step (T = 1) has so little to slice that one product is cheaper.
 */
function projections(w: tf.Tensor, b: tf.Tensor, h: tf.Tensor2D, B: number, T: number, H: number, Dh: number): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const d = H * Dh;
  if (T === 1) {
    const qkv = affine(h, w, b).reshape([B, 3 * H, 1, Dh]); // one position: [B, T, 3H, Dh] is [B, 3H, T, Dh]
    return [0, 1, 2].map((i) => qkv.slice([0, i * H, 0, 0], [B, H, 1, Dh])) as [tf.Tensor, tf.Tensor, tf.Tensor];
  }
  const heads = (i: number): tf.Tensor =>
    affine(h, w.slice([0, i * d], [d, d]), b.slice([i * d], [d]))
      .reshape([B, T, H, Dh])
      .transpose([0, 2, 1, 3]);
  return [heads(0), heads(1), heads(2)];
}

/** Causal self-attention of one block on the normed input h [B·T, d]; returns its output [B·T, d] and the keys and values. */
function attention(params: Params, c: ModelConfig, l: number, h: tf.Tensor2D, B: number, T: number, ctx: Context): { y: tf.Tensor2D; kv: CachedKV } {
  const H = c.nHead;
  const d = c.dModel;
  const Dh = d / H;
  // w_qkv [d, 3d]: the queries', keys' and values' columns, head by head.
  const [qHeads, kHeads, vHeads] = projections(p(params, `h${l}.attn.w_qkv`), p(params, `h${l}.attn.b_qkv`), h, B, T, H, Dh);
  const q = (ctx.rotary ? rotate(qHeads, ctx.rotary) : qHeads).reshape([B * H, T, Dh]) as tf.Tensor3D;
  const kNew = (ctx.rotary ? rotate(kHeads, ctx.rotary) : kHeads).reshape([B * H, T, Dh]) as tf.Tensor3D;
  const vNew = vHeads.reshape([B * H, T, Dh]) as tf.Tensor3D;
  const past = ctx.past?.[l];
  let parts: KV[]; // the keys and values attended to, in position order
  let kv: CachedKV;
  if (!past) {
    parts = [{ k: kNew, v: vNew }];
    kv = { k: kNew, v: vNew };
  } else {
    const recent = past.recent ? { k: tf.concat([past.recent.k, kNew], 1) as tf.Tensor3D, v: tf.concat([past.recent.v, vNew], 1) as tf.Tensor3D } : { k: kNew, v: vNew };
    parts = [{ k: past.k, v: past.v }, recent];
    kv = recent.k.shape[1] >= CACHE_BLOCK ? { k: tf.concat([past.k, recent.k], 1) as tf.Tensor3D, v: tf.concat([past.v, recent.v], 1) as tf.Tensor3D } : { k: past.k, v: past.v, recent };
  }
  const partScores = parts.map((part) => attentionScores(q, part.k)); // [T, B·H, Tc of the part]
  const scores = (partScores.length === 1 ? partScores[0] : tf.concat(partScores, 2)).mul(1 / Math.sqrt(Dh));
  const Tc = scores.shape[2]!;
  const att = tf.softmax(scores.reshape([T, B, H, Tc]).add(ctx.bias)).reshape([T, B * H, Tc]) as tf.Tensor3D;
  let mixed: tf.Tensor | null = null; // [T, B·H, Dh]
  let offset = 0;
  for (const part of parts) {
    const width = part.k.shape[1];
    const weights = parts.length === 1 ? att : (att.slice([0, 0, offset], [T, B * H, width]) as tf.Tensor3D);
    const y = attentionMix(weights, part.v);
    mixed = mixed ? mixed.add(y) : y;
    offset += width;
  }
  const merged = mixed!.reshape([T, B, d]).transpose([1, 0, 2]).reshape([B * T, d]); // [B·T, d]
  return { y: affine(merged, p(params, `h${l}.attn.w_o`), p(params, `h${l}.attn.b_o`)), kv };
}

/** The ReLU MLP of one block on the normed input [B·T, d]. */
function mlp(params: Params, l: number, h: tf.Tensor2D): tf.Tensor2D {
  const hidden = affine(h, p(params, `h${l}.mlp.w1`), p(params, `h${l}.mlp.b1`), 'relu'); // [B·T, dFF]
  return affine(hidden, p(params, `h${l}.mlp.w2`), p(params, `h${l}.mlp.b2`));
}

/** One pre-LN block on the residual stream x [B·T, d]: x + attention(ln1(x)), then + mlp(ln2(x)). */
function block(params: Params, c: ModelConfig, l: number, x: tf.Tensor2D, B: number, T: number, ctx: Context): { x: tf.Tensor2D; kv: CachedKV } {
  const a = attention(params, c, l, layerNorm(x, p(params, `h${l}.ln1.g`), p(params, `h${l}.ln1.b`)) as tf.Tensor2D, B, T, ctx);
  const x1 = x.add(a.y) as tf.Tensor2D;
  return { x: x1.add(mlp(params, l, layerNorm(x1, p(params, `h${l}.ln2.g`), p(params, `h${l}.ln2.b`)) as tf.Tensor2D)) as tf.Tensor2D, kv: a.kv };
}

/**
 * The model on ids [B, T] at the given positions ([B·T], row-major, or null for 0…T−1 in every
 * row): token embedding (a one-hot product: the WASM backend has no gradient for gather; the
 * rows are the same), positions, the blocks, the final layer norm and the tied output projection.
 * Only the residual rows `headRows` picks (or all) reach the head. Returns logits [rows, V] and
 * each layer's keys and values.
 */
function run(params: Params, c: ModelConfig, ids: tf.Tensor2D, positions: ArrayLike<number> | null, ctx: Omit<Context, 'rotary'>, headRows?: (x: tf.Tensor3D) => tf.Tensor3D): { logits: tf.Tensor2D; kv: CachedKV[] } {
  const [B, T] = ids.shape;
  const d = c.dModel;
  let x = linear(tf.oneHot(ids.reshape([B * T]), c.vocabSize), p(params, 'tok_emb')); // [B·T, d]
  let rotary: Rotary | null = null;
  if (c.positional === 'rope') rotary = rotaryTables(c, positions ?? Array.from({ length: T }, (_, t) => t), positions ? B : 1, T);
  else if (positions) x = x.add(tf.gather(p(params, 'pos_emb'), tf.tensor1d(Int32Array.from(positions), 'int32'))) as tf.Tensor2D;
  else x = x.add(p(params, 'pos_emb').slice([0, 0], [T, d]).tile([B, 1])) as tf.Tensor2D;
  const kv: CachedKV[] = [];
  for (let l = 0; l < c.nLayer; l++) {
    const o = block(params, c, l, x, B, T, { ...ctx, rotary });
    x = o.x;
    kv.push(o.kv);
  }
  const rows = headRows ? headRows(x.reshape([B, T, d]) as tf.Tensor3D) : (x.reshape([B, T, d]) as tf.Tensor3D);
  const h = layerNorm(rows.reshape([-1, d]), p(params, 'ln_f.g'), p(params, 'ln_f.b'));
  return { logits: linear(h, p(params, 'tok_emb').transpose()), kv };
}

const NEG = -1e9;

/** [T, 1, 1, T] (query, -, -, key): 0 on and below the diagonal, −1e9 above. */
export function causalBias(T: number): tf.Tensor4D {
  return tf.tidy(() => {
    const lower = tf.linalg.bandPart(tf.ones([T, T]), -1, 0);
    return tf.scalar(1).sub(lower).mul(NEG).reshape([T, 1, 1, T]) as tf.Tensor4D;
  });
}

/**
 * Teacher-forced logits for right-padded sequences `ids` [B, T] that start at position 0.
 * The causal mask alone keeps real tokens from seeing the padding after them. Differentiable
 * on every backend.
 */
export function forward(params: Params, c: ModelConfig, ids: tf.Tensor2D): tf.Tensor3D {
  const [B, T] = ids.shape;
  if (T > c.contextLength) throw new Error(`sequence of ${T} tokens exceeds the context length ${c.contextLength}`);
  return run(params, c, ids, null, { bias: causalBias(T), past: null }).logits.reshape([B, T, c.vocabSize]);
}

/**
 * Incremental decoding state for a batch of left-padded prompts: per-layer keys and values, the
 * padding bias over keys, and each row's next position. Owns its tensors; call dispose().
 */
export class KVCache {
  constructor(
    public layers: CachedKV[],
    public keyBias: tf.Tensor4D, // [1, B, 1, Tc], as the scores [T, B, H, Tc]
    /** Each row's next position, for the rotary tables or the learned position table. */
    public positions: number[],
  ) {}

  get length(): number {
    return this.keyBias.shape[3];
  }

  /** Takes the next step's layers and bias, releasing the tensors of this step's that they do not keep. */
  advance(layers: CachedKV[], keyBias: tf.Tensor4D): void {
    const kept = new Set(layers.flatMap(tensorsOf));
    tf.dispose(this.layers.flatMap(tensorsOf).filter((t) => !kept.has(t)));
    this.keyBias.dispose();
    this.layers = layers;
    this.keyBias = keyBias;
    this.positions = this.positions.map((q) => q + 1);
  }

  dispose(): void {
    tf.dispose(this.layers.flatMap(tensorsOf));
    this.keyBias.dispose();
  }
}

function tensorsOf(kv: CachedKV): tf.Tensor[] {
  return kv.recent ? [kv.k, kv.v, kv.recent.k, kv.recent.v] : [kv.k, kv.v];
}

/**
 * Runs the prompts through the model once, filling a KV cache. `ids` [B, P] is left-padded with
 * `padCounts[b]` pad tokens in row b; positions restart at 0 at each row's first real token.
 * Returns the logits of each row's last position [B, V] and the cache.
 */
export function prefill(params: Params, c: ModelConfig, ids: tf.Tensor2D, padCounts: readonly number[]): { logits: tf.Tensor2D; cache: KVCache } {
  const [B, P] = ids.shape;
  if (P > c.contextLength) throw new Error(`prompt of ${P} tokens exceeds the context length ${c.contextLength}`);
  const out = tf.tidy(() => {
    const positions = new Int32Array(B * P);
    const keyData = new Float32Array(B * P);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < P; j++) {
        positions[b * P + j] = Math.max(0, j - padCounts[b]);
        keyData[b * P + j] = j < padCounts[b] ? NEG : 0;
      }
    }
    const keyBias = tf.tensor4d(keyData, [1, B, 1, P]);
    const last = (x: tf.Tensor3D) => x.slice([0, P - 1, 0], [B, 1, c.dModel]);
    const { logits, kv } = run(params, c, ids, positions, { bias: keyBias.add(causalBias(P)), past: null }, last);
    return { logits, kv, keyBias };
  });
  return { logits: out.logits, cache: new KVCache(out.kv, out.keyBias, padCounts.map((pad) => P - pad)) };
}

/**
 * Feeds one token per row [B] through the model, extending the cache in place (the old cache
 * tensors it no longer needs are released). Returns the next-token logits [B, V].
 */
export function decodeStep(params: Params, c: ModelConfig, tokens: tf.Tensor1D, cache: KVCache): tf.Tensor2D {
  const [B] = tokens.shape;
  if (cache.length + 1 > c.contextLength) throw new Error(`decoding past the context length ${c.contextLength}`);
  const out = tf.tidy(() => {
    const keyBias = tf.concat([cache.keyBias, tf.zeros([1, B, 1, 1])], 3) as tf.Tensor4D;
    const { logits, kv } = run(params, c, tokens.reshape([B, 1]), cache.positions, { bias: keyBias, past: cache.layers });
    return { logits, kv, keyBias };
  });
  cache.advance(out.kv, out.keyBias);
  return out.logits;
}
