import { plateaued, validationPoints, type PlateauRule } from '../../src/core/training/validation';
import { ValidationSchema } from '../../src/core/config';
import type { StoredUnit } from './data';

/**
 * What the trained units of a preset kept (README, "The training recipe of the full-size
 * presets"): full-size arms train a fixed budget with no early stop, so whether validation had
 * plateaued by the last step is read afterwards, by the config's own default plateau rule, from
 * each run's validation points; and which step each run kept by its keep rule.
 */
export const PLATEAU_READING: PlateauRule = (() => {
  const v = ValidationSchema.parse({});
  return { patience: v.patience, minImprovement: v.minImprovement };
})();

export interface KeptSummary {
  /** Trained units with validation points. */
  runs: number;
  /** Of those, the ones whose validation had plateaued by the last step. */
  plateaued: number;
  /** Kept step / last step of each such run, in the units' order. */
  kept: { unit: string; keptStep: number; endStep: number }[];
}

export function keptSummary(units: readonly StoredUnit[]): KeptSummary {
  const out: KeptSummary = { runs: 0, plateaued: 0, kept: [] };
  for (const u of units) {
    const points = validationPoints(u.evals).map((e) => ({ step: e.step, pass1: e.pass1, meanLength: e.meanLength }));
    if (points.length === 0) continue;
    out.runs++;
    if (plateaued(points, PLATEAU_READING)) out.plateaued++;
    if (u.outcome) out.kept.push({ unit: u.unit.id, keptStep: u.outcome.keptStep, endStep: u.outcome.endStep });
  }
  return out;
}

/** One paragraph for a preset's section; '' when no unit validated. */
export function keptNote(units: readonly StoredUnit[]): string {
  const s = keptSummary(units);
  if (s.runs === 0) return '';
  const atEnd = s.kept.filter((k) => k.keptStep === k.endStep).length;
  const steps = s.kept.map((k) => `${k.unit.replace(/__/g, ' ')}: ${k.keptStep}/${k.endStep}`).join(', ');
  return (
    `Validation (validation-200): by its last step, validation had plateaued (P = ${PLATEAU_READING.patience}, X = ${PLATEAU_READING.minImprovement} point) in ${s.plateaued} of ${s.runs} runs; ` +
    `${atEnd} of ${s.kept.length} kept their last step${atEnd > 0 ? ', where validation may still have been rising' : ''}. Kept step / last step: ${steps}.`
  );
}
