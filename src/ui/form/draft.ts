import { ExperimentConfigSchema, MAX_STAGES, type ExperimentConfig, type SampleFilter } from '../../core/config';
import { quoted } from '../../core/errors';
import { KNOB_FIELDS, STAGE_FIELDS, configValue, type KnobField } from './knob-fields';

/**
 * The Experiment form's state: the raw value of every knob as the person typed it (a string for
 * numbers, so "0." or "abc" survive until they are fixed) and the stage list. Validation is always
 * ExperimentConfigSchema itself: the draft is turned into a config input and parsed, and each zod
 * issue is shown next to the field its path names.
 */
export type RawValue = string | boolean;

export interface StageDraft {
  maxCompletionLength: string;
  sampleFilter: string;
  steps: string;
  lengthReward: boolean;
}

export interface Draft {
  values: Record<string, RawValue>;
  stages: StageDraft[];
}

export type Validation = { ok: true; config: ExperimentConfig; errors: Record<string, string> } | { ok: false; errors: Record<string, string> };

function raw(v: unknown): RawValue {
  return typeof v === 'boolean' ? v : String(v);
}

export function draftFromConfig(config: ExperimentConfig): Draft {
  const values: Record<string, RawValue> = {};
  for (const f of KNOB_FIELDS) values[f.path] = raw(configValue(config, f.path));
  return {
    values,
    stages: config.stages.map((s) => ({ maxCompletionLength: String(s.maxCompletionLength), sampleFilter: s.sampleFilter, steps: String(s.steps), lengthReward: s.lengthReward })),
  };
}

export function defaultDraft(): Draft {
  return draftFromConfig(ExperimentConfigSchema.parse({}));
}

// `\d+(\.\d*)?`, not `\d+\.?\d*`: the latter splits a run of digits in every way before it gives
// up, so a link's 60,000 digits and a letter took seconds on every validation of the form.
const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*$/i;

/** -0 as 0: a link or a field that says "-0" means 0, and a state that holds -0 writes back as a link that reads 0. */
export function withoutSignedZero(n: number): number {
  return n === 0 ? 0 : n;
}

/** A raw value as the schema should see it: numbers and booleans parsed when they look like one, else left as typed so zod names the problem. */
export function coerce(kind: KnobField['kind'], value: RawValue): unknown {
  if (kind === 'int' || kind === 'number') {
    if (typeof value === 'string' && NUMBER.test(value)) return withoutSignedZero(Number(value));
    return value;
  }
  if (kind === 'bool') {
    if (value === 'true') return true;
    if (value === 'false') return false;
    return value;
  }
  return value;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (!cur[k] || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

const STAGE_KIND = new Map(STAGE_FIELDS.map((f) => [f.path, f.kind]));

/** The draft as an ExperimentConfig input (what the worker would be sent). */
export function draftToInput(draft: Draft): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of KNOB_FIELDS) {
    const v = draft.values[f.path];
    if (v !== undefined) setPath(input, f.path, coerce(f.kind, v));
  }
  input.stages = draft.stages.map((s) => ({
    maxCompletionLength: coerce(STAGE_KIND.get('maxCompletionLength') ?? 'int', s.maxCompletionLength),
    sampleFilter: s.sampleFilter,
    steps: coerce(STAGE_KIND.get('steps') ?? 'int', s.steps),
    lengthReward: s.lengthReward,
  }));
  return input;
}

/** Parses the draft with ExperimentConfigSchema; errors are keyed by dotted path (`rlr.alpha`, `stages.1.steps`). */
export function validateDraft(draft: Draft): Validation {
  const r = ExperimentConfigSchema.safeParse(draftToInput(draft));
  if (r.success) return { ok: true, config: r.data, errors: {} };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.map(String).join('.') || 'config';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/* Stages in the URL, in the paper's notation plus steps: `160(N)x40-160(NP)x20` is two stages of
 * max length 160, negative-only for 40 steps then both for 20 (Table 2's "8(N)-16(N)-24(NP)").
 * A stage without the length reward says so inside its brackets: `160(NP,noRLR)x40`. */
const FILTER_CODE: Record<SampleFilter, string> = { both: 'NP', negative: 'N', positive: 'P' };
const CODE_FILTER: Record<string, SampleFilter> = { NP: 'both', PN: 'both', N: 'negative', P: 'positive' };
const STAGE_RE = /^([^()x-]+)\((NP|PN|N|P)(,noRLR)?\)x([^()x-]+)$/;
const NO_RLR = ',noRLR';

/** A stage as encodeStages reads it: a draft's (numbers as typed strings) or a config's (numbers); 160 and '160' encode alike. */
interface StageLike {
  maxCompletionLength: string | number;
  sampleFilter: string;
  steps: string | number;
  lengthReward?: boolean;
}

export function encodeStages(stages: readonly StageLike[]): string {
  return stages.map((s) => `${s.maxCompletionLength}(${FILTER_CODE[s.sampleFilter as SampleFilter] ?? s.sampleFilter}${s.lengthReward === false ? NO_RLR : ''})x${s.steps}`).join('-');
}

export type StagesDecode = { ok: true; stages: StageDraft[] } | { ok: false; message: string };

export function decodeStages(text: string): StagesDecode {
  const parts = text.split('-');
  // A link is untrusted: refuse a long list before drawing an editor row for each of its stages.
  if (parts.length > MAX_STAGES) return { ok: false, message: `stages: the link lists ${parts.length} stages; a run has at most ${MAX_STAGES}` };
  const stages: StageDraft[] = [];
  for (const part of parts) {
    const m = STAGE_RE.exec(part.trim());
    if (!m) return { ok: false, message: `stages: ${quoted(part)} is not a stage; write max length(N|P|NP)x steps, e.g. 160(N)x40-160(NP)x20, with ,noRLR inside the brackets for a stage without the length reward` };
    stages.push({ maxCompletionLength: m[1], sampleFilter: CODE_FILTER[m[2]], steps: m[4], lengthReward: m[3] === undefined });
  }
  return { ok: true, stages };
}

export function filterCode(filter: string): string {
  return FILTER_CODE[filter as SampleFilter] ?? filter;
}

/** Is a raw value the knob's default (so the URL can leave it out)? */
export function isDefault(field: KnobField, value: RawValue): boolean {
  const v = coerce(field.kind, value);
  return v === field.defaultValue;
}
