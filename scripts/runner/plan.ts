import { ExperimentConfigSchema, defaultExperimentConfig, type ExperimentConfig } from '../../src/core/config';
import { ConfigError, formatIssues } from '../../src/core/knobs';
import { atQuickSize, getPreset, studyAtSeed, type PresetSize } from '../../src/core/presets';
import { parseStudy, type Study } from '../../src/core/eval/studies';
import { deriveSeed } from '../../src/core/rng';
import { RUN_EXPORT_FORMAT } from '../../workers/api';
import { ImportError, parseRunExport } from '../../workers/run-export';

/**
 * The headless runner's plan: a preset (or one config file) × a grid of knob values × seeds,
 * expanded into units. A unit is one (arm, grid point, seed): optionally a GRPO run, then the
 * studies of the policy it ends with. Each unit gets its own folder, so a sweep resumes unit by
 * unit and shards split cleanly.
 */
export interface GridAxis {
  /** A dotted knob path of ExperimentConfig, e.g. `numGenerations` or `rlr.lambda` or `stages.0.steps`. */
  knob: string;
  values: (number | boolean | string)[];
}

export interface Unit {
  id: string;
  arm: string;
  seed: number;
  grid: Record<string, number | boolean | string>;
  config?: ExperimentConfig;
  studies: Study[];
}

export interface Plan {
  format: 'grpo-lab-plan';
  version: 1;
  source: { preset: string; size: PresetSize } | { configFile: string };
  title: string;
  paper: string;
  seeds: number[];
  grid: GridAxis[];
  units: Unit[];
}

export class PlanError extends Error {
  override name = 'PlanError';
}

/** `knob=v1,v2,…` → an axis; values are typed by the knob's default (number, boolean or text). */
export function parseGridArg(arg: string): GridAxis {
  const eq = arg.indexOf('=');
  if (eq <= 0 || eq === arg.length - 1) throw new PlanError(`--grid expects knob=v1,v2,… (got ${JSON.stringify(arg)})`);
  const knob = arg.slice(0, eq).trim();
  if (knob === 'seed') throw new PlanError('--grid: seed is set per unit by --seeds; use --seeds N instead');
  const current = getPath(defaultExperimentConfig(), knob);
  if (current === undefined) throw new PlanError(`--grid: unknown knob ${JSON.stringify(knob)} (use a dotted path of the config, e.g. rlr.lambda or stages.0.steps)`);
  if (typeof current === 'object') throw new PlanError(`--grid: ${knob} is a group of knobs; name one of its fields`);
  const values = arg
    .slice(eq + 1)
    .split(',')
    .map((raw) => raw.trim())
    .map((raw) => {
      if (typeof current === 'number') {
        const v = Number(raw);
        if (raw === '' || !Number.isFinite(v)) throw new PlanError(`--grid: ${knob} takes numbers, got ${JSON.stringify(raw)}`);
        return v;
      }
      if (typeof current === 'boolean') {
        if (raw !== 'true' && raw !== 'false') throw new PlanError(`--grid: ${knob} takes true or false, got ${JSON.stringify(raw)}`);
        return raw === 'true';
      }
      return raw;
    });
  if (new Set(values.map(String)).size !== values.length) throw new PlanError(`--grid: ${knob} lists a value twice`);
  return { knob, values };
}

/** `--grid` arguments → axes; a knob named twice would make one axis overwrite the other. */
export function parseGridArgs(args: readonly string[]): GridAxis[] {
  const axes = args.map(parseGridArg);
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.knob)) throw new PlanError(`--grid: ${a.knob} is given twice; list all its values in one --grid ${a.knob}=v1,v2`);
    seen.add(a.knob);
  }
  return axes;
}

/** Own properties only: a knob path is user input, and `constructor` must not find Object's. */
function getPath(obj: unknown, path: string): unknown {
  const has = (o: object, k: string) => (Array.isArray(o) ? /^\d+$/.test(k) : true) && Object.hasOwn(o, k);
  return path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' && has(o, k) ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o: Record<string, unknown> | unknown[] = obj;
  keys.slice(0, -1).forEach((k) => {
    const next = (o as Record<string, unknown>)[k];
    if (next === null || typeof next !== 'object') throw new PlanError(`cannot set ${path}: ${k} is not a group of knobs`);
    o = next as Record<string, unknown>;
  });
  (o as Record<string, unknown>)[keys[keys.length - 1]] = value;
}

/** Every combination of the axes' values (one empty point when there is no grid). */
export function gridPoints(grid: readonly GridAxis[]): Record<string, number | boolean | string>[] {
  return grid.reduce<Record<string, number | boolean | string>[]>((points, axis) => points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.knob]: v }))), [{}]);
}

export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/^_+|_+$/g, '') || 'x';
}

function unitId(arm: string, point: Record<string, unknown>, seed: number): string {
  const g = Object.entries(point).map(([k, v]) => `${k}=${v}`).join(',');
  return [slug(arm), g ? slug(g) : '', `seed${seed}`].filter(Boolean).join('__');
}

interface ArmSpec {
  label: string;
  config?: ExperimentConfig;
  studies: Study[];
}

export function expandPlan(opts: { arms: ArmSpec[]; source: Plan['source']; title: string; paper: string; seeds: number; firstSeed?: number; grid: GridAxis[] }): Plan {
  if (!Number.isInteger(opts.seeds) || opts.seeds < 1) throw new PlanError(`--seeds must be a positive integer, got ${opts.seeds}`);
  const seeds = Array.from({ length: opts.seeds }, (_, i) => (opts.firstSeed ?? 1) + i);
  const units: Unit[] = [];
  // Seed-major: every arm of seed 1, then of seed 2, … A report that builds up over sessions then
  // completes whole seeds (the paired verdicts read only seeds every arm has finished).
  for (const seed of seeds) {
    for (const arm of opts.arms) {
      // An arm without training has no knobs to sweep: it runs once per seed.
      const points = arm.config ? gridPoints(opts.grid) : [{}];
      for (const point of points) {
        let config: ExperimentConfig | undefined;
        if (arm.config) {
          const input = structuredClone(arm.config) as unknown as Record<string, unknown>;
          for (const [knob, value] of Object.entries(point)) setPath(input, knob, value);
          input.seed = seed;
          const parsed = ExperimentConfigSchema.safeParse(input);
          if (!parsed.success) throw new ConfigError(`arm ${arm.label}${Object.keys(point).length ? ` at ${JSON.stringify(point)}` : ''}`, formatIssues(parsed.error));
          config = parsed.data;
        }
        // Studies are seeded too, so seeds vary the evaluation samples as well as the training. The
        // seed depends on the study's own seed, its slot and s only, never on the arm: at seed s
        // every arm's study i samples with the same seeds (paired across arms, presets.ts). A
        // scorecard's trained-on problems follow the run at seed s (studyAtSeed).
        const studies = arm.studies.map((s, i) => parseStudy({ ...studyAtSeed(s, seed, config), seed: deriveSeed(s.seed + seed, `study${i}`) }));
        units.push({ id: unitId(arm.label, point, seed), arm: arm.label, seed, grid: point, ...(config ? { config } : {}), studies });
      }
    }
  }
  const ids = new Set(units.map((u) => u.id));
  if (ids.size !== units.length) throw new PlanError('two units would share a folder; use distinct arm labels and grid values');
  // Two units that would run the same thing are a mistake of the request, never two samples.
  const work = new Set(units.map((u) => JSON.stringify([u.seed, u.config ?? null, u.studies])));
  if (work.size !== units.length) throw new PlanError('two units would run the same experiment; a grid axis or an arm changes nothing');
  return { format: 'grpo-lab-plan', version: 1, source: opts.source, title: opts.title, paper: opts.paper, seeds, grid: opts.grid, units };
}

/** A preset's plan at `seeds` training seeds (default: the preset size's own S, TRAINING_SEEDS). */
export function presetPlan(id: string, size: PresetSize, seeds: number | undefined, grid: GridAxis[]): Plan {
  const preset = getPreset(id, size);
  return expandPlan({ arms: preset.arms, source: { preset: id, size }, title: preset.title, paper: preset.paper, seeds: seeds ?? preset.seeds, grid });
}

/**
 * A config file holds one ExperimentConfig (input form), optionally with `studies` to run after
 * training; or it is a run exported by the page (`format: "grpo-lab-run"`), checked with the
 * page's own import schema, whose config and studies are run again. Unknown keys are refused.
 */
export function configPlan(file: string, json: unknown, seeds: number, grid: GridAxis[], size: PresetSize = 'full'): Plan {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new PlanError(`${file}: expected a JSON object with the experiment's knobs`);
  let config: ExperimentConfig;
  let studies: Study[];
  if (Object.hasOwn(json, 'format') && (json as { format: unknown }).format === RUN_EXPORT_FORMAT) {
    let run;
    try {
      ({ run } = parseRunExport(json));
    } catch (e) {
      if (e instanceof ImportError) throw new PlanError(`${file}: ${e.message}`);
      throw e;
    }
    config = run.config;
    studies = run.studies.length ? run.studies.map((r) => r.study) : [parseStudy(DEFAULT_STUDY)];
  } else {
    const { studies: rawStudies = [DEFAULT_STUDY], ...rest } = json as Record<string, unknown>;
    if (!Array.isArray(rawStudies)) throw new PlanError(`${file}: "studies" must be a list of studies`);
    const parsed = ExperimentConfigSchema.safeParse(rest);
    if (!parsed.success) throw new ConfigError(file, formatIssues(parsed.error));
    config = parsed.data;
    studies = rawStudies.map((s, i) => parseStudy(s, `${file}: studies.${i}`));
  }
  if (size === 'quick') ({ config, studies } = atQuickSize(config, studies));
  return expandPlan({ arms: [{ label: config.name, config, studies }], source: { configFile: file }, title: config.name, paper: '', seeds, grid });
}

/** What a config file without a study list is evaluated with. */
const DEFAULT_STUDY = { kind: 'scorecard' } as const;

/**
 * The folder a plan's results go to when no --out is given: `results/<name>[-quick]`, the name
 * made a single path segment, so a config's `name` cannot point outside `results/`.
 */
export function defaultOutDir(plan: Plan, quick: boolean): string {
  const name = 'preset' in plan.source ? plan.source.preset : plan.title;
  const segment = slug(name).replace(/^\.+/, '');
  return `results/${segment || 'x'}${quick ? '-quick' : ''}`;
}
