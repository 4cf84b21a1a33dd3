import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { Policy } from './policy';
import { CharTokenizer, EOS } from './tokenizer';
import { CACHE_BLOCK, decodeStep, forward, linear, prefill } from './transformer';
import { sampleTokens, sampleTokensRecompute, leftPad, pickToken, prefillRows, PREFILL_SCORE_BUDGET } from './sampler';
import { teacherBatch, tokenLogprobs, completionSlice } from './logprobs';
import { decodeCheckpoint, encodeCheckpoint, CheckpointError } from './checkpoint';
import { Rng } from '../rng';
import { parameterCount, type ModelConfig } from './config';

const tok = new CharTokenizer();
const cfg: ModelConfig = { vocabSize: tok.vocabSize, contextLength: 64, nLayer: 2, nHead: 2, dModel: 16, dFF: 32, positional: 'rope' };
const learnedCfg: ModelConfig = { ...cfg, positional: 'learned' };

function withPolicy<T>(f: (p: Policy) => Promise<T>, seed = 3): Promise<T> {
  const p = Policy.init(cfg, tok, seed);
  return f(p).finally(() => p.dispose());
}

describe('tokenizer', () => {
  it('round-trips every character of the alphabet and task texts', () => {
    const text = 'Q:3+8*2-5=?\n3+8=1;check 3+8=1 ok;\\boxed{7}';
    expect(tok.decode(tok.encode(text))).toBe(text);
    expect(tok.decode(tok.encode(tok.alphabet))).toBe(tok.alphabet);
  });
  it('rejects characters outside the alphabet and drops special tokens when decoding', () => {
    expect(() => tok.encode('Ä')).toThrow(/not in the tokenizer/);
    expect(tok.decode([...tok.encode('ab'), EOS])).toBe('ab');
  });
  it('rejects an alphabet with a repeated character', () => {
    expect(() => new CharTokenizer('abca')).toThrow(/repeats/);
  });
});

describe('linear', () => {
  it('has the gradient of a plain matMul', () => {
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 4], 0, 1, 'float32', 2);
    const ref = tf.grads((a: tf.Tensor, b: tf.Tensor) => a.matMul(b).square().sum())([x, w]);
    const got = tf.grads((a: tf.Tensor, b: tf.Tensor) => linear(a, b).square().sum())([x, w]);
    for (let i = 0; i < 2; i++) expect(Array.from(got[i].dataSync())).toEqual(Array.from(ref[i].dataSync()).map((v) => expect.closeTo(v, 5)));
    tf.dispose([x, w, ...ref, ...got]);
  });
});

describe.each([cfg, learnedCfg])('KV cache ($positional positions)', (cfg) => {
  const withPolicy = <T,>(f: (p: Policy) => Promise<T>, seed = 3): Promise<T> => {
    const p = Policy.init(cfg, tok, seed);
    return f(p).finally(() => p.dispose());
  };
  it('gives the logits of a full recompute, for left-padded rows of different lengths', () =>
    withPolicy(async (pol) => {
      const rows = [tok.encode('Q:1+2=?\n'), tok.encode('Q:3*4-5+6=?\n')];
      // Past the end of the cache's first block (CACHE_BLOCK positions): the rows attend across it.
      const extra = [tok.encode('1+2=3;'.repeat(8)), tok.encode('3*4=2;'.repeat(8))];
      expect(extra[0].length).toBeGreaterThan(CACHE_BLOCK);
      const { ids, width, padCounts } = leftPad(rows);
      const idsT = tf.tensor2d(ids, [2, width], 'int32');
      const pre = prefill(pol.params, cfg, idsT, padCounts);
      let logits = pre.logits;
      const cache = pre.cache;
      for (let t = 0; t < extra[0].length; t++) {
        const next = tf.tensor1d([extra[0][t], extra[1][t]], 'int32');
        logits.dispose();
        logits = decodeStep(pol.params, cfg, next, cache);
        next.dispose();
        // Reference: each row alone, unpadded, through the teacher-forced forward pass.
        for (let b = 0; b < 2; b++) {
          const full = [...rows[b], ...extra[b].slice(0, t + 1)];
          const ref = tf.tidy(() => forward(pol.params, cfg, tf.tensor2d(full, [1, full.length], 'int32')).slice([0, full.length - 1, 0], [1, 1, cfg.vocabSize]).reshape([cfg.vocabSize]));
          const got = tf.tidy(() => logits.slice([b, 0], [1, cfg.vocabSize]).reshape([cfg.vocabSize]));
          const diff = tf.tidy(() => ref.sub(got).abs().max().dataSync()[0]);
          expect(diff).toBeLessThan(1e-4);
          tf.dispose([ref, got]);
        }
      }
      logits.dispose();
      cache.dispose();
      idsT.dispose();
    }));

  it('samples the same tokens as recomputing the prefix every step', () =>
    withPolicy(async (pol) => {
      const prompts = [tok.encode('Q:1+2=?\n'), tok.encode('Q:3*4-5=?\n'), tok.encode('Q:9=?\n')];
      const opts = { temperature: 1, topP: 0.9, maxNewTokens: 2 * CACHE_BLOCK + 8, seed: 11 };
      const a = await sampleTokens(pol.params, cfg, prompts, opts);
      const b = await sampleTokensRecompute(pol.params, cfg, prompts, opts);
      expect(a.map((s) => s.tokens)).toEqual(b.map((s) => s.tokens));
      a.forEach((s, i) => s.logprobs.forEach((lp, j) => expect(lp).toBeCloseTo(b[i].logprobs[j], 4)));
    }));
});

describe.each([cfg, learnedCfg])('sampling ($positional positions)', (cfg) => {
  const withPolicy = <T,>(f: (p: Policy) => Promise<T>, seed = 3): Promise<T> => {
    const p = Policy.init(cfg, tok, seed);
    return f(p).finally(() => p.dispose());
  };
  it('is reproducible by seed and independent of chunking', () =>
    withPolicy(async (pol) => {
      const prompts = Array.from({ length: 6 }, (_, i) => `Q:${i}+1=?\n`);
      const opts = { temperature: 1, topP: 1, maxNewTokens: 16, seed: 5 };
      const a = await pol.sample(prompts, opts);
      const b = await pol.sample(prompts, { ...opts, batchSize: 2 });
      const c = await pol.sample(prompts, { ...opts, seed: 6 });
      expect(a.map((s) => s.text)).toEqual(b.map((s) => s.text));
      expect(a.map((s) => s.text)).not.toEqual(c.map((s) => s.text));
    }));

  it("sums its step log-probs to the teacher-forced log-prob of the completion, at the sampling temperature", () =>
    withPolicy(async (pol) => {
      const prompts = ['Q:1+2=?\n', 'Q:3*4-5=?\n'].map((p) => tok.encode(p));
      for (const temperature of [1, 0.7]) {
        const seqs = await sampleTokens(pol.params, cfg, prompts, { temperature, topP: 0.95, maxNewTokens: 12, seed: 2 });
        const batch = teacherBatch(prompts, seqs.map((s) => s.tokens));
        const { logprobs, entropy } = tokenLogprobs(pol.params, cfg, batch, temperature);
        const lp = logprobs.dataSync();
        seqs.forEach((s, b) => {
          const tf_ = completionSlice(lp, batch, b);
          expect(tf_.length).toBe(s.tokens.length);
          const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
          expect(sum(tf_)).toBeCloseTo(sum(s.logprobs), 3);
        });
        tf.dispose([logprobs, entropy]);
      }
    }));

  it('stops a row at EOS and keeps the EOS in its tokens', () =>
    withPolicy(async (pol) => {
      const seqs = await sampleTokens(pol.params, cfg, [tok.encode('Q:1=?\n')], { temperature: 2, topP: 1, maxNewTokens: 40, seed: 1 });
      const s = seqs[0];
      if (s.finished) expect(s.tokens[s.tokens.length - 1]).toBe(EOS);
      expect(s.tokens.slice(0, -1)).not.toContain(EOS);
    }));

  it('keeps the number of live tensors flat across repeated sampling', () =>
    withPolicy(async (pol) => {
      await pol.sample(['Q:1+1=?\n'], { temperature: 1, topP: 1, maxNewTokens: 8, seed: 1 });
      const before = tf.memory().numTensors;
      // Long enough to cross the cache's block ends, where it frees the parts it no longer needs.
      for (let i = 0; i < 3; i++) await pol.sample(['Q:1+1=?\n', 'Q:2*3=?\n'], { temperature: 1, topP: 0.9, maxNewTokens: 2 * CACHE_BLOCK + 8, seed: i });
      expect(tf.memory().numTensors).toBe(before);
    }));
});

describe('prefillRows', () => {
  const c = { nHead: 4 } as ModelConfig;
  const rows = (n: number, len: number) => Array.from({ length: n }, () => Array<number>(len).fill(5));
  it('keeps a whole batch of short prompts together', () => {
    // BOS + 29 tokens: 4 · 30² = 3600 scores per row, 4660 rows fit.
    expect(prefillRows(c, rows(256, 29))).toBe(256);
  });
  it('splits long prompts so one score tensor stays within the budget', () => {
    // BOS + 229 tokens: 4 · 230² = 211,600 scores per row; 2^24 / 211,600 = 79.3.
    expect(prefillRows(c, rows(256, 229))).toBe(79);
    expect(79 * 4 * 230 * 230).toBeLessThanOrEqual(PREFILL_SCORE_BUDGET);
    expect(80 * 4 * 230 * 230).toBeGreaterThan(PREFILL_SCORE_BUDGET);
  });
  it('takes the longest prompt of the candidates, and always at least one row', () => {
    expect(prefillRows(c, [...rows(100, 10), ...rows(1, 229)])).toBe(79);
    expect(prefillRows(c, rows(3, 5000))).toBe(1);
    expect(prefillRows(c, [])).toBe(0);
  });
});

describe('pickToken', () => {
  it('is greedy at temperature 0 and reports the temperature-1 log-prob', () => {
    const logits = [1, 3, 2];
    const z = Math.log(Math.exp(1) + Math.exp(3) + Math.exp(2));
    const r = pickToken(logits, 0, 1, new Rng(1));
    expect(r.token).toBe(1);
    expect(r.logprob).toBeCloseTo(3 - z, 10);
  });
  it('never picks outside the top-p nucleus', () => {
    // probabilities ∝ e^0, e^0, e^5: the third token alone holds > 98 % of the mass.
    const rng = new Rng(4);
    for (let i = 0; i < 200; i++) expect(pickToken([0, 0, 5], 1, 0.9, rng).token).toBe(2);
  });
});

describe('checkpoint', () => {
  it('round-trips weights, config and tokenizer', () =>
    withPolicy(async (pol) => {
      const { manifest, weights } = encodeCheckpoint(cfg, tok, await pol.weights(), { script: 'test' });
      const loaded = decodeCheckpoint(JSON.parse(JSON.stringify(manifest)), weights);
      expect(loaded.config).toEqual(cfg);
      expect(loaded.tokenizer.alphabet).toBe(tok.alphabet);
      const again = Policy.fromWeights(loaded.config, loaded.tokenizer, loaded.weights);
      const x = tf.tensor2d([[1, 5, 6]], [1, 3], 'int32');
      const a = forward(pol.params, cfg, x).dataSync();
      const b = forward(again.params, cfg, x).dataSync();
      expect(Array.from(b)).toEqual(Array.from(a));
      again.dispose();
    }));
  it('names what is wrong with a bad manifest or a truncated weights file', () =>
    withPolicy(async (pol) => {
      const { manifest, weights } = encodeCheckpoint(cfg, tok, await pol.weights(), {});
      expect(() => decodeCheckpoint({ ...manifest, format: 'other' }, weights)).toThrow(CheckpointError);
      expect(() => decodeCheckpoint({ ...manifest, modelConfig: { ...cfg, nHead: 3 } }, weights)).toThrow(/nHead|divisible/);
      expect(() => decodeCheckpoint(manifest, weights.slice(0, 400))).toThrow(/truncated/);
      expect(() => decodeCheckpoint('not json', weights)).toThrow(/manifest is not valid/);
    }));
});

describe('policy lifecycle', () => {
  it('leaves no tensor behind after init, copy and dispose', async () => {
    const before = tf.memory().numTensors;
    const p = Policy.init(cfg, tok, 1);
    const copy = await p.frozenCopy();
    expect(tf.memory().numTensors).toBe(before + 2 * p.variables.length);
    p.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('parameterCount', () => {
  it('counts the weights a policy holds, with and without a learned position table', () => {
    for (const c of [cfg, learnedCfg]) {
      const p = Policy.init(c, tok, 1);
      expect(parameterCount(c)).toBe(p.variables.reduce((n, v) => n + v.size, 0));
      p.dispose();
    }
    // 60 × 96 embedding, 3 blocks of 111,840, final norm 192: the shipped base model's shape.
    expect(parameterCount({ vocabSize: 60, contextLength: 320, nLayer: 3, nHead: 4, dModel: 96, dFF: 384, positional: 'rope' })).toBe(5760 + 3 * 111840 + 192);
  });
});
