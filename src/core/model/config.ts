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
  })
  .refine((c) => c.dModel % c.nHead === 0, { message: 'dModel must be divisible by nHead', path: ['nHead'] });

export type ModelConfig = z.infer<typeof ModelConfigSchema>;

export function parameterCount(c: ModelConfig): number {
  const perLayer = 4 * c.dModel + (3 * c.dModel * c.dModel + 3 * c.dModel) + (c.dModel * c.dModel + c.dModel) + (c.dModel * c.dFF + c.dFF) + (c.dFF * c.dModel + c.dModel);
  return c.vocabSize * c.dModel + c.contextLength * c.dModel + c.nLayer * perLayer + 2 * c.dModel;
}
