import { z } from 'zod';
import { StepMetricsSchema } from '../../src/core/grpo/metrics';
import { StoredConfigSchema } from '../../src/core/config';
import { StoredStudySchema, StudyKindSchema } from '../../src/core/eval/studies';
import { RunOutcomeSchema } from '../../workers/run-export';
import type { Summary, UnitResult } from './summary';
import type { Plan } from './plan';

/**
 * The runner's output files as schemas: `--merge` and `npm run report` read results folders that
 * may come from another machine or an older version, so they check them here instead of trusting
 * them; the runner's e2e test checks a fresh folder against the same schemas.
 */
const GridValue = z.union([z.number(), z.boolean(), z.string()]);
const Backend = z.object({ name: z.string().min(1), adapter: z.string() });
const EstimateSchema = z.object({ mean: z.number(), ci: z.tuple([z.number(), z.number()]).nullable(), n: z.number().int().min(1) });

const SourceSchema = z.union([z.object({ preset: z.string(), size: z.enum(['full', 'quick']) }), z.object({ configFile: z.string() })]);
const GridAxisSchema = z.object({ knob: z.string(), values: z.array(GridValue).min(1) });

/** A results folder's plan.json: what a rerun compares its request with, and what --merge combines. */
export const PlanSchema = z.object({
  format: z.literal('grpo-lab-plan'),
  version: z.literal(1),
  source: SourceSchema,
  title: z.string(),
  paper: z.string(),
  seeds: z.array(z.number().int()).min(1),
  grid: z.array(GridAxisSchema),
  units: z.array(
    z.object({
      id: z.string().regex(/^[A-Za-z0-9._-]+$/).refine((id) => !/^\.+$/.test(id), { error: 'a unit id must not be a relative folder' }),
      arm: z.string(),
      seed: z.number().int(),
      grid: z.record(z.string(), GridValue),
      config: StoredConfigSchema.optional(),
      studies: z.array(StoredStudySchema),
    }),
  ),
});

export const SummarySchema = z.object({
  format: z.literal('grpo-lab-experiment'),
  version: z.literal(1),
  title: z.string().min(1),
  paper: z.string(),
  source: SourceSchema,
  seeds: z.array(z.number().int()).min(1),
  grid: z.array(GridAxisSchema),
  backend: Backend.nullable(),
  versions: z.record(z.string(), z.string()),
  startedAt: z.iso.datetime(),
  wallSeconds: z.number().nonnegative(),
  units: z.array(
    z.object({ id: z.string(), arm: z.string(), seed: z.number().int(), grid: z.record(z.string(), GridValue), status: z.enum(['done', 'missing']), wallSeconds: z.number().nonnegative().optional() }),
  ),
  arms: z.array(
    z.object({
      arm: z.string(),
      grid: z.record(z.string(), GridValue),
      seeds: z.array(z.number().int()),
      final: z.record(z.string(), EstimateSchema),
      studies: z.array(z.object({ kind: z.string(), label: z.string(), values: z.record(z.string(), EstimateSchema), undefinedValues: z.array(z.string()).optional(), extra: z.unknown().optional() })),
      evals: z.array(z.object({ step: z.number().int(), pass1: EstimateSchema })),
    }),
  ),
});

export const UnitResultSchema = z.object({
  unitId: z.string().min(1),
  status: z.literal('done'),
  backend: Backend,
  wallSeconds: z.number().nonnegative(),
  metrics: z.array(StepMetricsSchema),
  evals: z.array(z.object({ step: z.number().int(), suite: z.string(), runs: z.number().int(), pass1: z.number().min(0).max(1), uncertainShare: z.number().nullable(), meanLength: z.number() })),
  studies: z.array(z.object({ kind: StudyKindSchema, study: StoredStudySchema, backend: Backend, startedAt: z.string(), seconds: z.number().nonnegative(), result: z.unknown() })),
  /** How the arm's run ended and which step it kept (validation.keep); absent for a results file written before it. */
  outcome: RunOutcomeSchema.optional(),
});

/** Checks a results file, naming the file and the fields that are wrong. */
export function parseResultFile<S extends z.ZodType>(schema: S, file: string, text: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${e instanceof Error ? e.message : e}`, { cause: e });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`${file} is not a results file of this version: ${z.prettifyError(parsed.error)}`);
  // Checked, then kept as written: a study's record holds sampling fields beyond its schema.
  return json as z.infer<S>;
}

// The schemas describe what the runner writes: a change to one side must reach the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const summaryMatches: Same<Pick<z.infer<typeof SummarySchema>, 'units' | 'seeds' | 'wallSeconds'>, Pick<Summary, 'units' | 'seeds' | 'wallSeconds'>> = true;
const unitMatches: Same<z.infer<typeof UnitResultSchema>['metrics'], UnitResult['metrics']> = true;
const planMatches: Same<z.infer<typeof PlanSchema>['units'][number]['config'], Plan['units'][number]['config']> = true;
void summaryMatches;
void unitMatches;
void planMatches;
