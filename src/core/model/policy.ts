import * as tf from '../tf';
import type { ModelConfig } from './config';
import { CharTokenizer } from './tokenizer';
import { sampleTokens, type SampledSequence, type SamplingOptions } from './sampler';
import { disposeParams, initParams, paramNames, paramShape, uniqueVariableName, type Params } from './transformer';

/** A named set of plain float arrays: how weights travel between checkpoints, workers and policies. */
export type WeightArrays = Map<string, Float32Array>;

export interface Completion extends SampledSequence {
  text: string;
}

/** The policy: model shape, tokenizer and parameters together. */
export class Policy {
  constructor(
    readonly config: ModelConfig,
    readonly tokenizer: CharTokenizer,
    readonly params: Params,
  ) {}

  static init(config: ModelConfig, tokenizer: CharTokenizer, seed: number): Policy {
    if (config.vocabSize !== tokenizer.vocabSize) throw new Error(`model vocabSize ${config.vocabSize} differs from the tokenizer's ${tokenizer.vocabSize}`);
    return new Policy(config, tokenizer, initParams(config, seed));
  }

  static fromWeights(config: ModelConfig, tokenizer: CharTokenizer, weights: WeightArrays, trainable = true): Policy {
    const params: Params = new Map();
    try {
      for (const name of paramNames(config)) {
        const data = weights.get(name);
        const shape = paramShape(config, name);
        const size = shape.reduce((a, b) => a * b, 1);
        if (!data) throw new Error(`weights lack ${name}`);
        if (data.length !== size) throw new Error(`weight ${name} has ${data.length} values, expected ${size} for shape [${shape}]`);
        params.set(name, tf.tidy(() => tf.variable(tf.tensor(data, shape), trainable, uniqueVariableName(name))));
      }
    } catch (e) {
      disposeParams(params);
      throw e;
    }
    return new Policy(config, tokenizer, params);
  }

  async weights(): Promise<WeightArrays> {
    const out: WeightArrays = new Map();
    for (const [name, v] of this.params) out.set(name, (await v.data()) as Float32Array);
    return out;
  }

  /** Overwrites the parameters in place (shapes must match). */
  setWeights(weights: WeightArrays): void {
    for (const [name, v] of this.params) {
      const data = weights.get(name);
      if (!data) throw new Error(`weights lack ${name}`);
      tf.tidy(() => v.assign(tf.tensor(data, v.shape)));
    }
  }

  /** A frozen copy, e.g. the reference policy of the KL term. */
  async frozenCopy(): Promise<Policy> {
    return Policy.fromWeights(this.config, this.tokenizer, await this.weights(), false);
  }

  get variables(): tf.Variable[] {
    return [...this.params.values()];
  }

  encodePrompt(prompt: string): number[] {
    return this.tokenizer.encode(prompt);
  }

  async sample(prompts: readonly string[], opts: SamplingOptions & { batchSize?: number; onChunk?: (done: number, total: number) => void }): Promise<Completion[]> {
    const seqs = await sampleTokens(this.params, this.config, prompts.map((p) => this.encodePrompt(p)), opts);
    return seqs.map((s) => ({ ...s, text: this.tokenizer.decode(s.tokens) }));
  }

  dispose(): void {
    disposeParams(this.params);
  }
}
