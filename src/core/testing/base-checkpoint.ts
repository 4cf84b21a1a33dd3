import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCheckpoint } from '../model/checkpoint';
import { Policy } from '../model/policy';

/** The shipped base checkpoint, read from public/ for tests that need a policy that can solve problems. */
export const BASE_CHECKPOINT_DIR = join(process.cwd(), 'public', 'checkpoints', 'base');

export function loadBasePolicy(trainable = true): Policy {
  const manifest = JSON.parse(readFileSync(join(BASE_CHECKPOINT_DIR, 'manifest.json'), 'utf8'));
  const bytes = readFileSync(join(BASE_CHECKPOINT_DIR, 'weights.bin'));
  const ckpt = decodeCheckpoint(manifest, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return Policy.fromWeights(ckpt.config, ckpt.tokenizer, ckpt.weights, trainable);
}

/** The shipped base checkpoint's identity: the sha-256 of its weights (what report units and the hard set record). */
export function baseCheckpointSha256(dir = BASE_CHECKPOINT_DIR): string {
  return createHash('sha256').update(readFileSync(join(dir, 'weights.bin'))).digest('hex');
}
