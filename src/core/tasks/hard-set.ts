import { z } from 'zod';
import { parseOrThrow } from '../knobs';
import { parseChain, type Problem } from './problems';
import measured from './hard-set.json' with { type: 'json' };

/**
 * The hard training set of the injection preset (Figure 3; the paper keeps problems its base
 * model solves less than 25 % of the time). Measured, not guessed from the operation count:
 * `npm run hard-set` samples the shipped base checkpoint on candidate chains, some longer than
 * any the SFT data holds (beyond its capacity), and keeps those it solved in fewer than a quarter
 * of its runs. The file records the checkpoint it was measured on; a new base checkpoint needs a
 * new measurement.
 */
export const HARD_ACCURACY_BELOW = 0.25;

export const HardSetSchema = z.strictObject({
  provenance: z.record(z.string(), z.unknown()),
  problems: z.array(z.strictObject({ q: z.string(), accuracy: z.number().min(0).max(1) })),
});
export type HardSet = z.infer<typeof HardSetSchema>;

let cached: Problem[] | null = null;

export function hardSet(): Problem[] {
  if (!cached) {
    const set = parseOrThrow(HardSetSchema, measured, 'src/core/tasks/hard-set.json');
    cached = set.problems.map((p) => parseChain(p.q));
  }
  return cached;
}
