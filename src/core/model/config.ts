import { z } from 'zod';
import { paramNames, paramShape } from './transformer';

/** Shape of the policy. Stored with every checkpoint. */
export const ModelConfigSchema = z
  .object({
    vocabSize: z.number().int().min(4).max(4096),
    contextLength: z.number().int().min(8).max(4096),
    nLayer: z.number().int().min(1).max(24),
    nHead: z.number().int().min(1).max(32),
    dModel: z.number().int().min(4).max(2048),
    dFF: z.number().int().min(4).max(8192),
    /**
     * How positions enter: rotary embeddings on queries and keys (relative offsets are what a
     * step of a chain needs: the two operands just before '='), or a learned absolute table.
     */
    positional: z.enum(['rope', 'learned']).default('rope'),
  })
  .refine((c) => c.dModel % c.nHead === 0, { message: 'dModel must be divisible by nHead', path: ['nHead'] })
  .refine((c) => (c.dModel / c.nHead) % 2 === 0, { message: 'the head width dModel / nHead must be even for rotary embeddings', path: ['nHead'] });

export type ModelConfig = z.output<typeof ModelConfigSchema>;
export type ModelConfigInput = z.input<typeof ModelConfigSchema>;

/** The number of weights: the sum of the sizes of every parameter's shape. */
export function parameterCount(c: ModelConfig): number {
  return paramNames(c).reduce((n, name) => n + paramShape(c, name).reduce((a, b) => a * b, 1), 0);
}
