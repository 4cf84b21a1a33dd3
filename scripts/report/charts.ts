import { createHash } from 'node:crypto';
import { totalSteps, type ExperimentConfig } from '../../src/core/config';
import type { StudyReport } from '../../src/core/studies/run-study';
import { RUN_EXPORT_FORMAT, RUN_EXPORT_VERSION, type RunExport } from '../../workers/api';
import { chartInputs, chartSeeds, describeChartSeeds, shownUnits } from '../runner/charts';
import type { Plan, Unit } from '../runner/plan';
import { fingerprint, storedText, type StoredUnit } from './data';

/**
 * The report's charts are the page's own, drawn from report-data (not from a runner folder, which
 * holds only the units run on that machine): every seed they show is a seed the verdicts read,
 * whichever machines ran it.
 */

/** Run files need dates; a stored unit keeps none, and the charts show none. */
const NO_DATE = '2000-01-01T00:00:00.000Z';

/** The unit's last step: where its run stopped (a plateau can stop it early), else its config's last. */
function lastStep(config: ExperimentConfig, s: StoredUnit): number {
  return s.outcome?.endStep ?? totalSteps(config);
}

/**
 * Whether a stored unit holds its metrics of every step, 1 to its last: units stored before the
 * report drew its charts kept only the last 5 steps. An arm without training has no steps.
 */
export function hasEveryStep(unit: Unit, s: StoredUnit): boolean {
  if (!unit.config) return true;
  const last = lastStep(unit.config, s);
  return s.metrics.length === last && s.metrics.every((m, i) => m.step === i + 1);
}

/** A trained unit as the run file the page's Export writes; `withSteps: false` leaves its metrics out. */
export function runExportOf(unit: Unit, s: StoredUnit, withSteps: boolean): RunExport {
  if (!unit.config) throw new Error(`${unit.id} has no training, so no run file`);
  const step = lastStep(unit.config, s);
  return {
    format: RUN_EXPORT_FORMAT,
    version: RUN_EXPORT_VERSION,
    exportedAt: NO_DATE,
    run: {
      runId: unit.id,
      label: unit.arm,
      config: unit.config,
      status: 'done',
      createdAt: NO_DATE,
      updatedAt: NO_DATE,
      step,
      totalSteps: totalSteps(unit.config),
      checkpointStep: step,
      backend: s.backend,
      ...(s.outcome ? { outcome: s.outcome } : {}),
      metrics: withSteps ? s.metrics : [],
      evals: s.evals,
      studies: s.studies as StudyReport[],
    },
  };
}

export interface ReportCharts {
  /** Run files to import, one per trained unit shown. */
  runs: string[];
  baseStudies: StudyReport[];
  /** The caption: size, the seeds shown, and why some charts are missing. */
  caption: string;
  /** sha-256 of the caption and every unit shown: the same key, the same pictures. */
  key: string;
}

/**
 * What the report's charts of one preset show, from its stored units that match the plan (its
 * config and studies as this version defines them): the seeds chartSeeds picks among those whose
 * every unit holds every step; when no seed does, the seeds whose units are all stored, drawn
 * without per-step metrics (only the evaluation and validation charts). Null without one complete seed.
 */
export function reportCharts(plan: Plan, stored: readonly StoredUnit[]): ReportCharts | null {
  // Each plan unit's stored file, if there is one of this definition (its fingerprint hashed once).
  const byId = new Map(stored.map((s) => [s.unit.id, s]));
  const matching = new Map(plan.units.flatMap((u) => {
    const s = byId.get(u.id);
    return s !== undefined && s.fingerprint === fingerprint(u) ? [[u.id, s] as const] : [];
  }));
  const of = (u: Unit) => matching.get(u.id)!;
  const full = chartSeeds(plan, (u) => matching.has(u.id) && hasEveryStep(u, of(u)));
  const withSteps = full.shown.length > 0;
  const seeds = withSteps ? full : chartSeeds(plan, (u) => matching.has(u.id));
  if (seeds.shown.length === 0) return null;
  const picked = shownUnits(plan, seeds);
  const size = 'preset' in plan.source ? `${plan.source.size} size, ` : '';
  const caption = `${size}${describeChartSeeds(seeds)}${!withSteps && picked.some((u) => u.config) ? '; no per-step training charts: these units were stored with their last 5 steps only' : ''}`;
  const hash = createHash('sha256').update(caption);
  for (const u of picked) hash.update(storedText(of(u)));
  const inputs = chartInputs(picked, (u) => JSON.stringify(runExportOf(u, of(u), withSteps)), (u) => of(u).studies as StudyReport[]);
  return { ...inputs, caption, key: hash.digest('hex') };
}
