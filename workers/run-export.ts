import { z } from 'zod';
import { StoredConfigSchema, totalSteps } from '../src/core/config';
import { KEEP_RULES, RUN_ENDINGS } from '../src/core/training/validation';
import { formatIssues } from '../src/core/knobs';
import { countValue, nonNegativeValue, shareValue, StepMetricsSchema } from '../src/core/grpo/metrics';
import { BackendNameSchema, StudyReportSchema } from '../src/core/eval/results';
import { MAX_IMPORT_BYTES, RUN_EXPORT_FORMAT, RUN_EXPORT_VERSION, RUN_STATUSES, RunIdSchema, RunLabelSchema, RunNotesSchema, tooLargeToImport, type RunExport, type RunRecord } from './api';
import { messageOf, quoted } from '../src/core/errors';

/**
 * The exported run file (JSON) and its validation. An import is checked in full before anything
 * is stored: size, format, version, then every field, so a bad file changes nothing and the
 * message says what is wrong with it.
 */
const isoDate = z.string().min(1).max(40);

export const EvalPointSchema = z.strictObject({
  step: countValue,
  suite: z.string().min(1).max(60),
  runs: z.number().int().positive(),
  pass1: shareValue,
  uncertainShare: shareValue.nullable(),
  meanLength: nonNegativeValue,
});

/** How a finished run ended and which step it kept (RunOutcome). */
export const RunOutcomeSchema = z.strictObject({
  endStep: countValue,
  endedBy: z.enum(RUN_ENDINGS),
  keep: z.enum(KEEP_RULES),
  keptStep: countValue,
  reason: z.string().min(1).max(300),
});

/**
 * JSON nested deeper than this is refused before the schema sees it. The deepest valid export is
 * about 8 levels (run → studies → report → result → rows → row → trialScores); past a few thousand
 * levels, structured cloning into IndexedDB overflows the stack.
 */
export const MAX_IMPORT_DEPTH = 64;

export const RunRecordSchema = z
  .strictObject({
    runId: RunIdSchema,
    label: RunLabelSchema,
    presetId: z.string().max(60).optional(),
    config: StoredConfigSchema,
    status: z.enum(RUN_STATUSES),
    createdAt: isoDate,
    updatedAt: isoDate,
    step: z.number().int().nonnegative(),
    totalSteps: z.number().int().positive(),
    checkpointStep: z.number().int().nonnegative(),
    backend: BackendNameSchema,
    error: z.string().max(2000).optional(),
    imported: z.literal(true).optional(),
    notes: RunNotesSchema.optional(),
    outcome: RunOutcomeSchema.optional(),
    metrics: z.array(StepMetricsSchema),
    evals: z.array(EvalPointSchema),
    studies: z.array(StudyReportSchema),
  })
  .superRefine((r, ctx) => {
    const total = totalSteps(r.config);
    if (r.totalSteps !== total) ctx.addIssue({ code: 'custom', path: ['totalSteps'], message: `totalSteps is ${r.totalSteps} but the config's stages add up to ${total}` });
    if (r.outcome && r.outcome.keptStep > r.outcome.endStep) ctx.addIssue({ code: 'custom', path: ['outcome', 'keptStep'], message: `the kept step ${r.outcome.keptStep} is past the run's last step ${r.outcome.endStep}` });
    if (r.outcome && r.outcome.endStep > total) ctx.addIssue({ code: 'custom', path: ['outcome', 'endStep'], message: `step ${r.outcome.endStep} is past the run's ${total} steps` });
    r.metrics.forEach((m, i) => {
      if (m.step > total) ctx.addIssue({ code: 'custom', path: ['metrics', i, 'step'], message: `step ${m.step} is past the run's ${total} steps` });
      if (i > 0 && m.step <= r.metrics[i - 1].step) ctx.addIssue({ code: 'custom', path: ['metrics', i, 'step'], message: 'metrics must be in increasing order of step, one per step' });
    });
  });

export const RunExportSchema = z.strictObject({
  format: z.literal(RUN_EXPORT_FORMAT),
  version: z.literal(RUN_EXPORT_VERSION),
  exportedAt: isoDate,
  run: RunRecordSchema,
});

export class ImportError extends Error {
  override name = 'ImportError';
}

function sizeInBytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Reads an exported run: JSON text (what the page read from a file) or the parsed object. Throws
 * an ImportError that says what is wrong; returns the validated export otherwise.
 */
export function parseRunExport(file: unknown): RunExport {
  let json: unknown = file;
  // An object is measured as JSON text below, and stringifying a very deep one overflows the stack.
  if (typeof file !== 'string') refuseDeep(file);
  const text = typeof file === 'string' ? file : safeStringify(file);
  if (text === null) throw new ImportError('the file is not JSON data');
  const bytes = sizeInBytes(text);
  if (bytes > MAX_IMPORT_BYTES) throw new ImportError(tooLargeToImport('the file', bytes));
  if (typeof file === 'string') {
    try {
      json = JSON.parse(file);
    } catch (e) {
      throw new ImportError(`the file is not valid JSON (${messageOf(e)})`);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ImportError('the file is not a GRPO Lab run export (expected a JSON object)');
  // Before anything quotes a value of the file: JSON.stringify of a deep one overflows the stack.
  refuseDeep(json);
  const head = json as { format?: unknown; version?: unknown };
  if (head.format !== RUN_EXPORT_FORMAT) throw new ImportError(`the file is not a GRPO Lab run export (format ${quoted(head.format)}, expected "${RUN_EXPORT_FORMAT}")`);
  if (head.version !== RUN_EXPORT_VERSION) throw new ImportError(`the file is a version ${quoted(head.version)} run export; this GRPO Lab reads version ${RUN_EXPORT_VERSION} only`);
  const r = RunExportSchema.safeParse(json);
  if (!r.success) {
    const problems = formatIssues(r.error);
    const shown = problems.slice(0, 5).join('; ');
    throw new ImportError(`the run export is not valid: ${shown}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
  }
  // The schema mirrors RunRecord field by field; this assignment is where the compiler checks it.
  const run: RunRecord = r.data.run;
  return { ...r.data, run };
}

function refuseDeep(json: unknown): void {
  const deep = tooDeep(json, MAX_IMPORT_DEPTH);
  if (deep !== null) throw new ImportError(`the run export is not valid: ${deep || '(root)'} is nested more than ${MAX_IMPORT_DEPTH} levels deep`);
}

/** The path of the first value nested more than `max` objects or arrays deep, or null. A loop, not recursion: the input may be deeper than the stack. */
function tooDeep(root: unknown, max: number): string | null {
  const stack: { value: unknown; path: string[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= max) return path.join('.');
    for (const [k, v] of Object.entries(value)) if (typeof v === 'object' && v !== null) stack.push({ value: v, path: [...path, k] });
  }
  return null;
}

function safeStringify(x: unknown): string | null {
  try {
    return JSON.stringify(x) ?? null;
  } catch {
    return null;
  }
}

/** A run id not in `taken`: the imported one when free, else the same with -imported, -imported-2, … */
export function freeRunId(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  const stem = `${wanted.slice(0, 80)}-imported`;
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}
