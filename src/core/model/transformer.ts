import * as tf from '../tf';
import { Rng } from '../rng';
import type { ModelConfig } from './config';

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
 * than a plain product; the result is the same.
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

/** Rotary angles for the given positions: cos and sin, each [B, 1, T, Dh/2] (B = 1 broadcasts). */
export interface Rotary {
  cos: tf.Tensor4D;
  sin: tf.Tensor4D;
}

export function rotaryTables(c: ModelConfig, positions: ArrayLike<number>, B: number, T: number): Rotary {
  const half = c.dModel / c.nHead / 2;
  const cos = new Float32Array(B * T * half);
  const sin = new Float32Array(B * T * half);
  for (let i = 0; i < B * T; i++) {
    for (let j = 0; j < half; j++) {
      const angle = positions[i] * Math.pow(10000, -j / half);
      cos[i * half + j] = Math.cos(angle);
      sin[i * half + j] = Math.sin(angle);
    }
  }
  return { cos: tf.tensor4d(cos, [B, 1, T, half]), sin: tf.tensor4d(sin, [B, 1, T, half]) };
}

/** Rotates each (x1, x2) pair of the head dimension by its position's angle: [B, H, T, Dh]. */
function rotate(x: tf.Tensor4D, r: Rotary): tf.Tensor4D {
  const [B, H, T, Dh] = x.shape;
  const half = Dh / 2;
  const x1 = x.slice([0, 0, 0, 0], [B, H, T, half]);
  const x2 = x.slice([0, 0, 0, half], [B, H, T, half]);
  return tf.concat([x1.mul(r.cos).sub(x2.mul(r.sin)), x1.mul(r.sin).add(x2.mul(r.cos))], 3) as tf.Tensor4D;
}

function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(g).add(b);
}

/** [B, T] int32 → [B, T, d]. */
function embedTokens(params: Params, c: ModelConfig, ids: tf.Tensor2D): tf.Tensor3D {
  const [B, T] = ids.shape;
  const oneHot = tf.oneHot(ids.reshape([B * T]), c.vocabSize); // [B*T, V]
  return linear(oneHot, p(params, 'tok_emb')).reshape([B, T, c.dModel]);
}

/** [B*T, d] → [B, H, T, Dh]. */
function splitHeads(x: tf.Tensor, B: number, T: number, c: ModelConfig): tf.Tensor4D {
  return x.reshape([B, T, c.nHead, c.dModel / c.nHead]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
}

/** [B, H, T, Dh] → [B*T, d]. */
function mergeHeads(x: tf.Tensor, B: number, T: number, c: ModelConfig): tf.Tensor2D {
  return x.transpose([0, 2, 1, 3]).reshape([B * T, c.dModel]);
}

/** Keys and values of one layer, [B, H, Tc, Dh] each. A type alias so tf.tidy can return it. */
export type KV = { k: tf.Tensor4D; v: tf.Tensor4D };

/**
 * One transformer block over `x` [B, T, d]. `bias` is added to the attention scores (causal and
 * padding masks, broadcast to [B, H, T, Tc]). With `past`, keys and values of earlier positions
 * are prepended (KV cache); the block returns the keys and values it attended to.
 */
function block(params: Params, c: ModelConfig, l: number, x: tf.Tensor3D, bias: tf.Tensor, rotary: Rotary | null, past?: KV): { x: tf.Tensor3D; kv: KV } {
  const [B, T, d] = x.shape;
  const h = layerNorm(x, p(params, `h${l}.ln1.g`), p(params, `h${l}.ln1.b`)).reshape([B * T, d]);
  const qkv = linear(h, p(params, `h${l}.attn.w_qkv`)).add(p(params, `h${l}.attn.b_qkv`)); // [B*T, 3d]
  const [q0, k0, vNew] = tf.split(qkv, 3, 1).map((t) => splitHeads(t, B, T, c));
  const q = rotary ? rotate(q0, rotary) : q0;
  const kNew = rotary ? rotate(k0, rotary) : k0;
  const k = past ? (tf.concat([past.k, kNew], 2) as tf.Tensor4D) : kNew;
  const v = past ? (tf.concat([past.v, vNew], 2) as tf.Tensor4D) : vNew;
  const scale = 1 / Math.sqrt(d / c.nHead);
  const att = tf.softmax(q.matMul(k, false, true).mul(scale).add(bias)); // [B, H, T, Tc]
  const y = linear(mergeHeads(att.matMul(v), B, T, c), p(params, `h${l}.attn.w_o`)).add(p(params, `h${l}.attn.b_o`));
  const x1 = x.add(y.reshape([B, T, d])) as tf.Tensor3D;
  const h2 = layerNorm(x1, p(params, `h${l}.ln2.g`), p(params, `h${l}.ln2.b`)).reshape([B * T, d]);
  const m = linear(tf.relu(linear(h2, p(params, `h${l}.mlp.w1`)).add(p(params, `h${l}.mlp.b1`))), p(params, `h${l}.mlp.w2`)).add(p(params, `h${l}.mlp.b2`));
  return { x: x1.add(m.reshape([B, T, d])) as tf.Tensor3D, kv: { k, v } };
}

/** Final layer norm and tied output projection: [B, T, d] → [B, T, V]. */
function head(params: Params, c: ModelConfig, x: tf.Tensor3D): tf.Tensor3D {
  const [B, T, d] = x.shape;
  const h = layerNorm(x, p(params, 'ln_f.g'), p(params, 'ln_f.b')).reshape([B * T, d]);
  return linear(h, p(params, 'tok_emb').transpose()).reshape([B, T, c.vocabSize]);
}

const NEG = -1e9;

/** [T, T]: 0 on and below the diagonal, −1e9 above. */
export function causalBias(T: number): tf.Tensor2D {
  return tf.tidy(() => {
    const lower = tf.linalg.bandPart(tf.ones([T, T]), -1, 0);
    return tf.scalar(1).sub(lower).mul(NEG) as tf.Tensor2D;
  });
}

/**
 * Teacher-forced logits for right-padded sequences `ids` [B, T] that start at position 0.
 * The causal mask alone keeps real tokens from seeing the padding after them. Differentiable
 * on every backend.
 */
export function forward(params: Params, c: ModelConfig, ids: tf.Tensor2D): tf.Tensor3D {
  const [, T] = ids.shape;
  if (T > c.contextLength) throw new Error(`sequence of ${T} tokens exceeds the context length ${c.contextLength}`);
  let x = embedTokens(params, c, ids);
  let rotary: Rotary | null = null;
  if (c.positional === 'learned') x = x.add(p(params, 'pos_emb').slice([0, 0], [T, c.dModel])) as tf.Tensor3D;
  else rotary = rotaryTables(c, Array.from({ length: T }, (_, t) => t), 1, T);
  const bias = causalBias(T);
  for (let l = 0; l < c.nLayer; l++) x = block(params, c, l, x, bias, rotary).x;
  return head(params, c, x);
}

/**
 * Incremental decoding state for a batch of left-padded prompts: per-layer keys and values, the
 * padding bias over keys, and each row's next position. Owns its tensors; call dispose().
 */
export class KVCache {
  constructor(
    public layers: KV[],
    public keyBias: tf.Tensor4D, // [B, 1, 1, Tc]
    public nextPos: tf.Tensor1D, // [B] int32
    /** The same next positions on the JS side, for rotary tables. */
    public positions: number[],
  ) {}

  get length(): number {
    return this.keyBias.shape[3];
  }

  dispose(): void {
    for (const kv of this.layers) tf.dispose([kv.k, kv.v]);
    tf.dispose([this.keyBias, this.nextPos]);
  }
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
    const posData = new Int32Array(B * P);
    const keyData = new Float32Array(B * P);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < P; j++) {
        posData[b * P + j] = Math.max(0, j - padCounts[b]);
        keyData[b * P + j] = j < padCounts[b] ? NEG : 0;
      }
    }
    let x = embedTokens(params, c, ids);
    let rotary: Rotary | null = null;
    if (c.positional === 'learned') x = x.add(tf.gather(p(params, 'pos_emb'), tf.tensor2d(posData, [B, P], 'int32'))) as tf.Tensor3D; // [B, P, d]
    else rotary = rotaryTables(c, posData, B, P);
    const keyBias = tf.tensor4d(keyData, [B, 1, 1, P]);
    const bias = keyBias.add(causalBias(P));
    const layers: KV[] = [];
    for (let l = 0; l < c.nLayer; l++) {
      const out = block(params, c, l, x, bias, rotary);
      x = out.x;
      layers.push(out.kv);
    }
    const logits = head(params, c, x.slice([0, P - 1, 0], [B, 1, c.dModel])).reshape([B, c.vocabSize]) as tf.Tensor2D;
    const nextPos = tf.tensor1d(padCounts.map((pad) => P - pad), 'int32');
    return { logits, layers, keyBias, nextPos };
  });
  return { logits: out.logits, cache: new KVCache(out.layers, out.keyBias, out.nextPos, padCounts.map((pad) => P - pad)) };
}

/**
 * Feeds one token per row [B] through the model, extending the cache in place (the old cache
 * tensors are released). Returns the next-token logits [B, V].
 */
export function decodeStep(params: Params, c: ModelConfig, tokens: tf.Tensor1D, cache: KVCache): tf.Tensor2D {
  const [B] = tokens.shape;
  if (cache.length + 1 > c.contextLength) throw new Error(`decoding past the context length ${c.contextLength}`);
  const out = tf.tidy(() => {
    let x = embedTokens(params, c, tokens.reshape([B, 1]));
    let rotary: Rotary | null = null;
    if (c.positional === 'learned') x = x.add(tf.gather(p(params, 'pos_emb'), cache.nextPos).reshape([B, 1, c.dModel])) as tf.Tensor3D;
    else rotary = rotaryTables(c, cache.positions, B, 1);
    const keyBias = tf.concat([cache.keyBias, tf.zeros([B, 1, 1, 1])], 3) as tf.Tensor4D;
    const layers: KV[] = [];
    for (let l = 0; l < c.nLayer; l++) {
      const o = block(params, c, l, x, keyBias, rotary, cache.layers[l]);
      x = o.x;
      layers.push(o.kv);
    }
    const logits = head(params, c, x).reshape([B, c.vocabSize]) as tf.Tensor2D;
    return { logits, layers, keyBias, nextPos: cache.nextPos.add(tf.scalar(1, 'int32')) as tf.Tensor1D };
  });
  for (const kv of cache.layers) tf.dispose([kv.k, kv.v]);
  tf.dispose([cache.keyBias, cache.nextPos]);
  cache.layers = out.layers;
  cache.keyBias = out.keyBias;
  cache.nextPos = out.nextPos;
  cache.positions = cache.positions.map((q) => q + 1);
  return out.logits;
}
