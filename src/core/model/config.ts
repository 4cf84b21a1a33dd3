import { z } from 'zod';

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

export function parameterCount(c: ModelConfig): number {
  const perLayer = 4 * c.dModel + (3 * c.dModel * c.dModel + 3 * c.dModel) + (c.dModel * c.dModel + c.dModel) + (c.dModel * c.dFF + c.dFF) + (c.dFF * c.dModel + c.dModel);
  return c.vocabSize * c.dModel + (c.positional === 'learned' ? c.contextLength * c.dModel : 0) + c.nLayer * perLayer + 2 * c.dModel;
}
