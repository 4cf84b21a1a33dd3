import type { z } from 'zod';
import { ExperimentConfigSchema, StageSchema, defaultExperimentConfig, type ExperimentConfig } from '../../core/config';
import { knobRegistry, type KnobMeta } from '../../core/knobs';
import { SUITES } from '../../core/tasks/suites';

/**
 * The Experiment form is generated from ExperimentConfigSchema: every leaf knob with its label,
 * help, range and step from `knobRegistry`, its kind from the zod type, its default from the
 * schema. Nothing about a knob is written twice; the UI only decides grouping and order.
 */
export type FieldKind = 'int' | 'number' | 'enum' | 'bool' | 'text';

export interface KnobField {
  /** Dotted path in ExperimentConfig, also the URL key: `numGenerations`, `rlr.alpha`. */
  path: string;
  kind: FieldKind;
  meta: KnobMeta;
  defaultValue: number | string | boolean;
}

/** Config fields the form does not show as a knob: the stage list has its own editor. */
const NOT_IN_FORM = new Set(['stages']);

type AnySchema = z.ZodType & { def: { type: string; innerType?: AnySchema; options?: unknown; entries?: Record<string, string> }; shape?: Record<string, AnySchema>; isInt?: boolean };

function unwrap(s: AnySchema): AnySchema {
  let cur = s;
  while (cur.def.innerType && (cur.def.type === 'default' || cur.def.type === 'optional' || cur.def.type === 'prefault')) cur = cur.def.innerType;
  return cur;
}

function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function leaf(path: string, schema: AnySchema, defaults: unknown): KnobField {
  const inner = unwrap(schema);
  const registered = knobRegistry.get(schema) ?? knobRegistry.get(inner);
  const defaultValue = getPath(defaults, path) as number | string | boolean;
  const type = inner.def.type;
  if (path === 'evaluation.suite') {
    return { path, kind: 'enum', meta: { label: path, help: 'suite evaluated during training', options: SUITES.map((s) => s.name) }, defaultValue };
  }
  const meta: KnobMeta = registered ?? { label: path, help: '' };
  if (type === 'number') return { path, kind: inner.isInt ? 'int' : 'number', meta, defaultValue };
  if (type === 'boolean') return { path, kind: 'bool', meta, defaultValue };
  if (type === 'enum') return { path, kind: 'enum', meta: { ...meta, options: meta.options ?? Object.values(inner.def.entries ?? {}) }, defaultValue };
  return { path, kind: 'text', meta, defaultValue };
}

function walk(shape: Record<string, AnySchema>, prefix: string, defaults: unknown, out: KnobField[]): void {
  for (const [key, schema] of Object.entries(shape)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!prefix && NOT_IN_FORM.has(key)) continue;
    const inner = unwrap(schema);
    if (inner.def.type === 'object' && inner.shape) walk(inner.shape, path, defaults, out);
    else out.push(leaf(path, schema, defaults));
  }
}

/** Every scalar knob of ExperimentConfig, in schema order. */
export const KNOB_FIELDS: readonly KnobField[] = (() => {
  const out: KnobField[] = [];
  walk((ExperimentConfigSchema as unknown as AnySchema).shape!, '', defaultExperimentConfig(), out);
  return out;
})();

export const KNOB_BY_PATH: ReadonlyMap<string, KnobField> = new Map(KNOB_FIELDS.map((f) => [f.path, f]));

/** The per-stage knobs (max length, filter, steps), from StageSchema. */
export const STAGE_FIELDS: readonly KnobField[] = (() => {
  const defaults = StageSchema.parse({});
  const out: KnobField[] = [];
  walk((StageSchema as unknown as AnySchema).shape!, '', defaults, out);
  return out;
})();

/** How the form groups knobs; any knob not listed lands in "Other", so a new knob still shows up. */
export const FORM_GROUPS: readonly { id: string; title: string; paths: readonly string[] }[] = [
  { id: 'sampling', title: 'Sampling', paths: ['numGenerations', 'promptsPerStep', 'temperature', 'topP'] },
  { id: 'objective', title: 'Objective', paths: ['lossType', 'epsilon', 'epsilonHigh', 'beta', 'scaleRewards', 'numIterations', 'miniBatches', 'learningRate', 'maxGradNorm'] },
  { id: 'rlr', title: 'Relative length reward (Section 4.2)', paths: ['rlr.enabled', 'rlr.alpha', 'rlr.lambda', 'rlr.epsUp', 'rlr.epsLow'] },
  { id: 'injection', title: 'Offline injection (Section 4.3)', paths: ['injection.enabled', 'injection.gamma', 'injection.numOffline', 'injection.luffy', 'injection.luffyGamma', 'injection.luffyMaxWeight'] },
  { id: 'data', title: 'Training data', paths: ['data.source', 'data.trainSize', 'data.minOps', 'data.maxOps'] },
  { id: 'evaluation', title: 'Evaluation during training', paths: ['evaluation.every', 'evaluation.suite', 'evaluation.runs', 'evaluation.temperature', 'evaluation.topP', 'evaluation.maxCompletionLength'] },
  { id: 'validation', title: 'Validation, plateau stop and kept checkpoint (B.3, B.4)', paths: ['validation.every', 'validation.runs', 'validation.patience', 'validation.minImprovement', 'validation.keep'] },
  { id: 'run', title: 'Run', paths: ['name', 'seed', 'checkpointEvery', 'microBatchSize'] },
];

export function groupedFields(): { id: string; title: string; fields: KnobField[] }[] {
  const listed = new Set(FORM_GROUPS.flatMap((g) => g.paths));
  const groups = FORM_GROUPS.map((g) => ({ id: g.id, title: g.title, fields: g.paths.map((p) => KNOB_BY_PATH.get(p)).filter((f): f is KnobField => !!f) }));
  const other = KNOB_FIELDS.filter((f) => !listed.has(f.path));
  return other.length ? [...groups, { id: 'other', title: 'Other', fields: other }] : groups;
}

/** A group's on/off switch: its other knobs only matter when it is on. */
export const GROUP_SWITCH: Readonly<Record<string, string>> = { rlr: 'rlr.enabled', injection: 'injection.enabled' };

export function configValue(config: ExperimentConfig, path: string): unknown {
  return getPath(config, path);
}
