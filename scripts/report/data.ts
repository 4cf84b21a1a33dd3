import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BackendNameSchema, StudyReportSchema } from '../../src/core/eval/results';
import { PRESET_SIZES } from '../../src/core/presets';
import { UnitResultSchema } from '../runner/schema';
import type { Plan, Unit } from '../runner/plan';
import type { UnitResult } from '../runner/summary';

/**
 * The report's raw data: one small JSON file per finished unit, `report-data/<preset>/<unit>.json`,
 * committed, so the report builds up over several invocations on any machine. A unit file holds
 * what the verdicts and the report's charts read, and the base checkpoint it started from: the
 * unit's study reports (per-problem accuracies per study, no texts of samples), its evaluations
 * during training and its training metrics of every step; no weights, no per-step samples. Units
 * stored before the charts were drawn from here kept only their last 5 steps (what the
 * end-of-training means read): see hasEveryStep.
 */
export const REPORT_UNIT_FORMAT = 'grpo-lab-report-unit';

export const StoredUnitSchema = z.strictObject({
  format: z.literal(REPORT_UNIT_FORMAT),
  version: z.literal(2),
  preset: z.string().min(1).max(60),
  size: z.enum(PRESET_SIZES),
  unit: z.strictObject({ id: z.string().regex(/^[A-Za-z0-9._-]+$/), arm: z.string().max(120), seed: z.number().int(), grid: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])) }),
  /** sha-256 of the unit's config and studies as planned: a preset changed since makes the file stale. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  /** sha-256 of the base checkpoint's weights the unit started from: a new base makes the file stale. */
  checkpoint: z.string().regex(/^[0-9a-f]{64}$/),
  /** The machine the unit ran on (cores, memory) and the backend that computed. */
  machine: z.string().max(200),
  backend: BackendNameSchema,
  wallSeconds: z.number().nonnegative(),
  metrics: UnitResultSchema.shape.metrics,
  evals: UnitResultSchema.shape.evals,
  /** How the unit's run ended and which step it kept; absent for an arm without training. */
  outcome: UnitResultSchema.shape.outcome,
  studies: z.array(StudyReportSchema),
});
export type StoredUnit = z.infer<typeof StoredUnitSchema>;

export class ReportDataError extends Error {
  override name = 'ReportDataError';
}

/** What a unit runs, as a hash: the same preset definition at the same size gives the same one. */
export function fingerprint(unit: Unit): string {
  return createHash('sha256').update(JSON.stringify({ config: unit.config ?? null, studies: unit.studies })).digest('hex');
}

/** A runner's unit result, made small for report-data/. */
export function storedUnit(plan: Plan, unit: Unit, result: UnitResult, machine: string, checkpoint: string): StoredUnit {
  if (!('preset' in plan.source)) throw new ReportDataError('report-data holds presets only');
  return {
    format: REPORT_UNIT_FORMAT,
    version: 2,
    preset: plan.source.preset,
    size: plan.source.size,
    unit: { id: unit.id, arm: unit.arm, seed: unit.seed, grid: unit.grid },
    fingerprint: fingerprint(unit),
    checkpoint,
    machine,
    backend: result.backend,
    wallSeconds: result.wallSeconds,
    metrics: result.metrics,
    evals: result.evals,
    ...(result.outcome ? { outcome: result.outcome } : {}),
    studies: result.studies as StoredUnit['studies'],
  };
}

/** A stored unit as the runner's result.json, so the runner skips it (it has finished). */
export function unitResultOf(u: StoredUnit): UnitResult {
  return { unitId: u.unit.id, status: 'done', backend: u.backend, wallSeconds: u.wallSeconds, metrics: u.metrics, evals: u.evals, ...(u.outcome ? { outcome: u.outcome } : {}), studies: u.studies as UnitResult['studies'] };
}

/** The bytes a stored unit takes on disk (compact JSON and a newline). */
export function storedText(u: StoredUnit): string {
  return JSON.stringify(u) + '\n';
}

/** A file of report-data, which anyone may have edited: parsed by its schema, or refused naming the file and what to do (`again`). */
export function parseDataFile<S extends z.ZodType>(file: string, schema: S, what: string, again: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ReportDataError(`${file} is not valid JSON (${e instanceof Error ? e.message : e}); ${again}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ReportDataError(`${file} is not ${what} of this version (${z.prettifyError(parsed.error).split('\n').slice(0, 2).join(' ')}); ${again}`);
  return parsed.data;
}

/** Every unit file of a preset's folder, checked; [] when the folder does not exist. */
export function readPresetData(dataDir: string, preset: string): StoredUnit[] {
  const dir = join(dataDir, preset);
  if (!existsSync(dir)) return [];
  const units: StoredUnit[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const file = join(dir, f);
    const u = parseDataFile(file, StoredUnitSchema, 'a report unit', 'delete it to run that unit again');
    if (u.preset !== preset || `${u.unit.id}.json` !== f) throw new ReportDataError(`${file} holds unit ${u.unit.id} of preset ${u.preset}; it belongs in ${join(dataDir, u.preset, `${u.unit.id}.json`)}`);
    units.push(u);
  }
  const sizes = new Set(units.map((u) => u.size));
  if (sizes.size > 1) throw new ReportDataError(`${dir} mixes ${[...sizes].join(' and ')} sizes; a preset's verdicts need one size — move one of them away`);
  return units;
}

/**
 * Checks a preset's stored units against the plan of this invocation and returns the plan's units
 * still to run. A unit stored at another size, or made by another definition of the preset (its
 * config or studies changed since), would mix two experiments: refused, naming the file.
 */
export function pendingUnits(dataDir: string, plan: Plan, stored: readonly StoredUnit[], checkpoint: string): Unit[] {
  if (!('preset' in plan.source)) throw new ReportDataError('report-data holds presets only');
  const { preset, size } = plan.source;
  const other = stored.find((u) => u.size !== size);
  if (other) throw new ReportDataError(`${join(dataDir, preset)} holds ${other.size}-size units; a ${size}-size run would mix two sizes — move that folder away or run at ${other.size} size`);
  const byId = new Map(stored.map((u) => [u.unit.id, u]));
  for (const unit of plan.units) {
    const s = byId.get(unit.id);
    if (s && s.fingerprint !== fingerprint(unit)) throw new ReportDataError(`${join(dataDir, preset, `${unit.id}.json`)} was made by another definition of preset ${preset} (its config or studies differ from this version's); delete it to run it again`);
    if (s && s.checkpoint !== checkpoint) throw new ReportDataError(`${join(dataDir, preset, `${unit.id}.json`)} started from another base checkpoint (weights ${s.checkpoint.slice(0, 12)}…, the shipped one is ${checkpoint.slice(0, 12)}…); delete it to run it again`);
  }
  return plan.units.filter((u) => !byId.has(u.id));
}

/** Writes a unit file whole or not at all. */
export function writeStoredUnit(dataDir: string, u: StoredUnit): string {
  const dir = join(dataDir, u.preset);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${u.unit.id}.json`);
  writeFileSync(`${file}.tmp`, storedText(u));
  renameSync(`${file}.tmp`, file);
  return file;
}
