import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { StudyReportSchema } from '../../src/core/eval/results';
import { PRESET_SIZES } from '../../src/core/presets';
import { UNIT_FILES } from '../runner/protocol';
import type { Plan, Unit } from '../runner/plan';
import type { UnitResult } from '../runner/summary';
import { fingerprint, parseDataFile, ReportDataError } from './data';

/**
 * A unit that only studies the base checkpoint (Orig, instability's units) can outlast a session:
 * instability's nine studies take over an hour beside another unit. Its finished study reports are
 * kept in report-data as they come, `report-data/<preset>/partial/<unit>.json`, and put back into
 * the runner's folder as `study-<i>.json` before the runner starts, which the runner reads back
 * and goes on after: the next invocation, on any machine, resumes after the last finished study.
 * A trained unit is not carried: its studies evaluate its trained weights, which report-data does
 * not hold. The file is removed when the unit is stored whole.
 */
export const PARTIAL_UNIT_FORMAT = 'grpo-lab-report-partial';

const PARTIAL_DIR = 'partial';

const PartialUnitSchema = z.strictObject({
  format: z.literal(PARTIAL_UNIT_FORMAT),
  version: z.literal(1),
  preset: z.string().min(1).max(60),
  size: z.enum(PRESET_SIZES),
  unitId: z.string().regex(/^[A-Za-z0-9._-]+$/),
  /** As a stored unit's (data.ts): another definition of the preset makes the file stale. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  checkpoint: z.string().regex(/^[0-9a-f]{64}$/),
  /** The unit's first studies, in the plan's order. */
  studies: z.array(StudyReportSchema).min(1),
});
type PartialUnit = z.infer<typeof PartialUnitSchema>;
type Studies = UnitResult['studies'];

/** Whether a unit's progress can be carried: it trains nothing, so its studies need no weights. */
export function carriable(unit: Unit): boolean {
  return unit.config === undefined;
}

export function partialFile(dataDir: string, preset: string, unitId: string): string {
  return join(dataDir, preset, PARTIAL_DIR, `${unitId}.json`);
}

function presetOf(plan: Plan): { preset: string; size: PartialUnit['size'] } {
  if (!('preset' in plan.source)) throw new ReportDataError('report-data holds presets only');
  return plan.source;
}

/**
 * The studies report-data holds of a unit not yet stored whole; [] when it holds none. A file that
 * does not parse, belongs to another unit, was made by another definition of the preset or from
 * another base checkpoint, or holds studies other than the unit's first ones, is refused,
 * naming the file, as a stored unit is.
 */
export function readPartial(dataDir: string, plan: Plan, unit: Unit, checkpoint: string): Studies {
  const { preset, size } = presetOf(plan);
  const file = partialFile(dataDir, preset, unit.id);
  if (!existsSync(file)) return [];
  const again = 'delete it to run that unit from its start';
  const p = parseDataFile(file, PartialUnitSchema, 'a partial report unit', again);
  if (p.preset !== preset || p.unitId !== unit.id) throw new ReportDataError(`${file} holds unit ${p.unitId} of preset ${p.preset}; it belongs in ${partialFile(dataDir, p.preset, p.unitId)}`);
  if (p.size !== size) throw new ReportDataError(`${file} was made at ${p.size} size, this run is at ${size} size; ${again}`);
  if (!carriable(unit)) throw new ReportDataError(`${file} carries studies of a trained unit, whose weights report-data does not hold; ${again}`);
  if (p.fingerprint !== fingerprint(unit)) throw new ReportDataError(`${file} was made by another definition of preset ${preset} (its studies differ from this version's); ${again}`);
  if (p.checkpoint !== checkpoint) throw new ReportDataError(`${file} started from another base checkpoint (weights ${p.checkpoint.slice(0, 12)}…, the shipped one is ${checkpoint.slice(0, 12)}…); ${again}`);
  if (p.studies.length > unit.studies.length) throw new ReportDataError(`${file} holds ${p.studies.length} studies, the unit plans ${unit.studies.length}; ${again}`);
  const wrong = p.studies.findIndex((s, i) => !isDeepStrictEqual(s.study, unit.studies[i]));
  if (wrong >= 0) throw new ReportDataError(`${file}: study ${wrong + 1} is not the unit's study ${wrong + 1} (${describe(p.studies[wrong].study)} where the unit plans ${describe(unit.studies[wrong])}); ${again}`);
  return p.studies as Studies;
}

function describe(study: { kind: string; suite?: string }): string {
  return `${study.kind}${study.suite ? ` ${study.suite}` : ''}`;
}

export function writePartial(dataDir: string, plan: Plan, unit: Unit, studies: Studies, checkpoint: string): void {
  const { preset, size } = presetOf(plan);
  const file = partialFile(dataDir, preset, unit.id);
  const p: PartialUnit = { format: PARTIAL_UNIT_FORMAT, version: 1, preset, size, unitId: unit.id, fingerprint: fingerprint(unit), checkpoint, studies: studies as PartialUnit['studies'] };
  mkdirSync(join(dataDir, preset, PARTIAL_DIR), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(p) + '\n');
  renameSync(`${file}.tmp`, file);
}

export function removePartial(dataDir: string, plan: Plan, unit: Unit): void {
  const { preset } = presetOf(plan);
  rmSync(partialFile(dataDir, preset, unit.id), { force: true });
  const dir = join(dataDir, preset, PARTIAL_DIR);
  if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
}

/** Puts carried studies into a runner's unit folder, where it has none of its own. */
export function restoreStudies(unitDir: string, studies: Studies): void {
  mkdirSync(unitDir, { recursive: true });
  studies.forEach((s, i) => {
    const file = join(unitDir, UNIT_FILES.study(i));
    if (!existsSync(file)) writeFileSync(file, JSON.stringify(s));
  });
}
