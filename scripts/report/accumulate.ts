import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PRESET_IDS, type PresetSize } from '../../src/core/presets';
import { presetPlan, type Plan } from '../runner/plan';
import { readPlanFile, sameUnits, writeAtomic } from '../runner/out-dir';
import { UNIT_FILES } from '../runner/protocol';
import { parseResultFile, UnitResultSchema } from '../runner/schema';
import type { UnitResult } from '../runner/summary';
import { pendingUnits, readPresetData, storedUnit, unitResultOf, writeStoredUnit } from './data';
import type { ReportData } from './render';
import { carriable, readPartial, removePartial, restoreStudies, writePartial } from './partial';
import { finishedStudies } from '../runner/unit-studies';

/**
 * The report builds up: each invocation runs, per preset, only the units report-data/ does not
 * hold yet, and stores each unit as soon as its runner has finished it. The runner works in a
 * scratch folder (results/…, not committed) into which the stored units are put first as finished
 * results, so it skips them; the units it adds are then copied to report-data/. A unit that
 * trains nothing is also carried while unfinished, study by study (partial.ts).
 */
export interface AccumulateOptions {
  presets: readonly string[];
  size: PresetSize;
  /** Training seeds per arm; default: the preset size's own (TRAINING_SEEDS). */
  seeds?: number;
  dataDir: string;
  /** The runners' scratch folders go under it. */
  resultsDir: string;
  /** The machine the units run on, as the report names it. */
  machine: string;
  /** The base checkpoint's sha-256 (baseCheckpointSha256): stored with each unit, checked against stored ones. */
  checkpoint: string;
  /** How often a running preset's finished units are stored, in ms (default 20 s). */
  storeEveryMs?: number;
}

/** Runs one preset's plan into a results folder; resolves with the runner's exit code. */
export type RunPreset = (id: string, plan: Plan, outDir: string) => Promise<number>;

export interface AccumulateOutcome {
  /** Units run and stored by this invocation. */
  ran: string[];
  /** Units already in report-data, not run again. */
  skipped: string[];
  /** Unfinished units whose finished studies report-data holds after this invocation, with their count. */
  carried: string[];
  /** Presets whose runner exited with an error (what it finished is stored all the same). */
  failed: string[];
  /** The runner's exit code 130: the user stopped it. */
  interrupted: boolean;
}

export function runnerDir(resultsDir: string, plan: Plan): string {
  const id = 'preset' in plan.source ? plan.source.preset : plan.title;
  return join(resultsDir, `${id}-${plan.seeds.length}seeds`);
}

export async function accumulate(opts: AccumulateOptions, runPreset: RunPreset, jobs = 1): Promise<AccumulateOutcome> {
  const outcome: AccumulateOutcome = { ran: [], skipped: [], carried: [], failed: [], interrupted: false };
  // Everything that can be wrong with report-data is found before any unit runs.
  const work = opts.presets.map((id) => {
    const plan = presetPlan(id, opts.size, opts.seeds, []);
    const stored = readPresetData(opts.dataDir, id);
    const pending = pendingUnits(opts.dataDir, plan, stored, opts.checkpoint);
    for (const u of plan.units.filter((u) => !pending.includes(u))) {
      outcome.skipped.push(`${id}/${u.id}`);
      // Left by an invocation elsewhere that stored the unit whole.
      removePartial(opts.dataDir, plan, u);
    }
    const carried = new Map(pending.map((u) => [u.id, readPartial(opts.dataDir, plan, u, opts.checkpoint)]));
    return { id, plan, stored, pending, carried };
  });
  const queue = work.filter((w) => w.pending.length > 0);
  await Promise.all(
    Array.from({ length: Math.min(jobs, queue.length) }, async () => {
      for (let w = queue.shift(); w !== undefined; w = queue.shift()) {
        if (outcome.interrupted) return;
        const dir = runnerDir(opts.resultsDir, w.plan);
        // A scratch folder left by another definition of the preset holds results of other
        // experiments: they must never be stored as this one's, so it starts afresh.
        const previous = readPlanFile(dir);
        if (previous && !sameUnits(previous, w.plan)) rmSync(dir, { recursive: true, force: true });
        for (const s of w.stored) {
          const file = join(dir, 'units', s.unit.id, UNIT_FILES.result);
          if (w.plan.units.some((u) => u.id === s.unit.id) && !existsSync(file)) writeAtomic(file, JSON.stringify(unitResultOf(s)));
        }
        for (const [id, studies] of w.carried) if (studies.length) restoreStudies(join(dir, 'units', id), studies);
        // Each unit is stored as soon as the runner has finished it, so a session stopped in the
        // middle of a preset keeps (and may commit) every unit done by then; an untrained unit's
        // finished studies are carried meanwhile.
        const done = new Set<string>();
        const store = () => {
          for (const unit of w.pending) {
            if (done.has(unit.id)) continue;
            const unitDir = join(dir, 'units', unit.id);
            const file = join(unitDir, UNIT_FILES.result);
            if (existsSync(file)) {
              const result = parseResultFile(UnitResultSchema, file, readFileSync(file, 'utf8')) as UnitResult;
              writeStoredUnit(opts.dataDir, storedUnit(w.plan, unit, result, opts.machine, opts.checkpoint));
              removePartial(opts.dataDir, w.plan, unit);
              w.carried.delete(unit.id);
              done.add(unit.id);
              outcome.ran.push(`${w.id}/${unit.id}`);
            } else if (carriable(unit)) {
              const studies = finishedStudies(unitDir, unit);
              if (studies.length <= (w.carried.get(unit.id)?.length ?? 0)) continue;
              writePartial(opts.dataDir, w.plan, unit, studies, opts.checkpoint);
              w.carried.set(unit.id, studies);
            }
          }
        };
        const timer = setInterval(store, opts.storeEveryMs ?? 20_000);
        let code: number;
        try {
          code = await runPreset(w.id, w.plan, dir);
        } finally {
          clearInterval(timer);
        }
        store();
        for (const [id, studies] of w.carried) if (studies.length) outcome.carried.push(`${w.id}/${id} (${studies.length} of ${w.plan.units.find((u) => u.id === id)!.studies.length} studies)`);
        if (code === 130) outcome.interrupted = true;
        else if (code !== 0) outcome.failed.push(w.id);
      }
    }),
  );
  return outcome;
}

/** Every preset's stored units, for rendering. */
export function loadReportData(dataDir: string): ReportData {
  const data: ReportData = {};
  for (const id of PRESET_IDS) {
    const units = readPresetData(dataDir, id);
    if (units.length) data[id] = units;
  }
  return data;
}
