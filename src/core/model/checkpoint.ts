import { z } from 'zod';
import { ModelConfigSchema, type ModelConfig } from './config';
import { messageOf } from '../errors';
import { CharTokenizer } from './tokenizer';
import { paramNames, paramShape } from './transformer';
import type { WeightArrays } from './policy';

/**
 * A checkpoint is two files: `manifest.json` (format, model config, tokenizer, provenance and the
 * layout of the weights) and `weights.bin` (little-endian float32, concatenated in manifest order).
 */
export const CHECKPOINT_FORMAT = 'grpo-lab-checkpoint';
export const CHECKPOINT_VERSION = 1;

/**
 * Largest |weight| a checkpoint may hold. The shipped base checkpoint's largest is 1.32, and Adam
 * moves a weight by about the learning rate per step (2e-5 by default), so no run of this lab gets
 * near 1e4; values that large only come from a broken or hostile file, and they overflow the
 * logits (a checkpoint of 3e38 samples nothing but "(empty)").
 */
export const MAX_ABS_WEIGHT = 1e4;

/** Path segments of letters, digits, '.', '_' and '-', none of them '.' or '..', joined by '/'. */
const WEIGHTS_FILE_PATTERN = /^(?!\.{1,2}(?:\/|$))[A-Za-z0-9._-]+(?:\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9._-]+)*$/;

export const ManifestSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(CHECKPOINT_VERSION),
  modelConfig: ModelConfigSchema,
  tokenizer: z.object({ kind: z.literal('char'), alphabet: z.string().min(1) }),
  weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()), offset: z.number().int().nonnegative() })),
  /** A file in the checkpoint's own folder (or below it): never `..`, an absolute path or a URL. */
  weightsFile: z
    .string()
    .regex(WEIGHTS_FILE_PATTERN, { error: 'weightsFile must name a file in the checkpoint folder, such as weights.bin (letters, digits, . _ - and / between names; no .. and no URL)' })
    .default('weights.bin'),
  /** Where the weights came from: script, seed, steps, data; free-form but JSON. */
  provenance: z.record(z.string(), z.unknown()).default({}),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export interface LoadedCheckpoint {
  manifest: Manifest;
  config: ModelConfig;
  tokenizer: CharTokenizer;
  weights: WeightArrays;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export function parseManifest(json: unknown): Manifest {
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CheckpointError(`checkpoint manifest is not valid: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function decodeCheckpoint(manifestJson: unknown, weightsBuffer: ArrayBuffer): LoadedCheckpoint {
  const manifest = parseManifest(manifestJson);
  const config = manifest.modelConfig;
  let tokenizer: CharTokenizer;
  try {
    tokenizer = new CharTokenizer(manifest.tokenizer.alphabet);
  } catch (e) {
    // The tokenizer's own rule (no character twice), said as a fault of the manifest.
    throw new CheckpointError(`checkpoint manifest is not valid: tokenizer.alphabet: ${messageOf(e)}`);
  }
  if (tokenizer.vocabSize !== config.vocabSize) throw new CheckpointError(`checkpoint tokenizer has ${tokenizer.vocabSize} tokens but the model expects ${config.vocabSize}`);
  if (weightsBuffer.byteLength % 4 !== 0) throw new CheckpointError(`weights file has ${weightsBuffer.byteLength} bytes, not a whole number of float32 values`);
  const all = new Float32Array(weightsBuffer.slice(0));
  const byName = new Map<string, Manifest['weights'][number]>();
  for (const w of manifest.weights) {
    if (byName.has(w.name)) throw new CheckpointError(`checkpoint manifest lists weight ${w.name} twice`);
    byName.set(w.name, w);
  }
  const weights: WeightArrays = new Map();
  for (const name of paramNames(config)) {
    const entry = byName.get(name);
    if (!entry) throw new CheckpointError(`checkpoint lacks weight ${name}`);
    const shape = paramShape(config, name);
    if (entry.shape.join(',') !== shape.join(',')) throw new CheckpointError(`weight ${name} has shape [${entry.shape}], the model needs [${shape}]`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (entry.offset + size > all.length) throw new CheckpointError(`weights file is truncated: ${name} needs values up to ${entry.offset + size}, file has ${all.length}`);
    const data = all.slice(entry.offset, entry.offset + size);
    const bad = data.findIndex((v) => !Number.isFinite(v) || Math.abs(v) > MAX_ABS_WEIGHT);
    if (bad >= 0) {
      const v = data[bad];
      throw new CheckpointError(Number.isFinite(v) ? `weight ${name} holds ${v} at index ${bad}, beyond the sane bound ±${MAX_ABS_WEIGHT}` : `weight ${name} contains non-finite values (${v} at index ${bad})`);
    }
    weights.set(name, data);
  }
  return { manifest, config, tokenizer, weights };
}

export function encodeCheckpoint(config: ModelConfig, tokenizer: CharTokenizer, weights: WeightArrays, provenance: Record<string, unknown>): { manifest: Manifest; weights: ArrayBuffer } {
  const entries: Manifest['weights'] = [];
  let offset = 0;
  for (const name of paramNames(config)) {
    const data = weights.get(name);
    if (!data) throw new CheckpointError(`weights lack ${name}`);
    entries.push({ name, shape: paramShape(config, name), offset });
    offset += data.length;
  }
  const all = new Float32Array(offset);
  for (const e of entries) all.set(weights.get(e.name)!, e.offset);
  const manifest: Manifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    modelConfig: config,
    tokenizer: tokenizer.spec,
    weights: entries,
    weightsFile: 'weights.bin',
    provenance,
  };
  return { manifest, weights: all.buffer };
}
