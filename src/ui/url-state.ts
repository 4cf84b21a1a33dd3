import { z } from 'zod';
import { ROLLOUT_SAMPLING } from '../core/config';
import { cut, quoted } from '../core/errors';
import { PRESET_IDS, PRESET_SIZES } from '../core/presets';
import { MAX_SEED } from '../core/rng';
import { MAX_PARALLEL_RUNS } from '../core/parallelism';
import { SUITE_NAMES, unknownSuite } from '../core/tasks/suites';
import { CLASSROOM_RANGES, RUN_ID_PATTERN } from '../../workers/api';
import { KNOB_BY_PATH, KNOB_FIELDS } from './form/knob-fields';
import { decodeStages, defaultDraft, encodeStages, isDefault, withoutSignedZero, type Draft } from './form/draft';

/** Runs the page shows at once (the Runs list's ticks, the `runs` link key, the runner's chart PNGs). */
export const MAX_RUNS_SHOWN = 12;
/** The strongest smoothing of the training curves, on the slider and in a link alike. */
export const MAX_SMOOTHING = 0.99;
/** Sampled runs per problem the Evaluation panel asks for, in its field and in a link alike. */
export const EVAL_RUNS = { min: 1, max: 256 } as const;

/**
 * Everything a person sees lives in the URL, TensorFlow-Playground style: readable key=value pairs
 * for the knobs that differ from their defaults, the stage list in the paper's notation, the view,
 * and `<key>_hide=true` for each control a lesson wants hidden. Parsing never throws: a bad value
 * becomes a message and its default, and the rest of the link still applies.
 *
 *   ?view=classroom&G=4&difficulty=6&G_hide=true&projector=true
 *   ?view=train&numGenerations=4&lossType=dr_grpo&rlr.enabled=true&stages=160(N)x40-160(NP)x20
 *
 * The view's own settings are one table, VIEW_PARAMS below: each parameter once, with its link key,
 * its place in the state (where it sits in the table), how its text reads, its default and whether
 * a link may hide its control. Parsing, encoding, the defaults, `_hide` and the ViewSettings type
 * all come from that table.
 */
export const VIEWS = ['train', 'eval', 'compare', 'classroom', 'samples'] as const;
export type ViewId = (typeof VIEWS)[number];

export const EVAL_STUDIES = ['pass1', 'maxGap', 'temperatureSweep', 'greedy', 'census', 'perturbation'] as const;
export type EvalStudyKind = (typeof EVAL_STUDIES)[number];

/** Query keys the first page owns (params.ts); kept as they are when the URL is rewritten. */
export const PAGE_KEYS = ['backend', 'checkpoint'] as const;

/** The one reading of a boolean in a link, for view keys, knobs and `_hide` alike: true/1, false/0, else null. */
export function urlBoolean(value: string): boolean | null {
  return value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : null;
}

/* Readers of a link's text, each with one message that names the key and what it accepts. */
type Range = { readonly min: number; readonly max: number };
const bool = (name: string) =>
  z.string().transform((v, ctx) => {
    const b = urlBoolean(v);
    if (b === null) ctx.addIssue({ code: 'custom', message: `${name} must be true or false` });
    return b ?? false;
  });
const int = (name: string, { min, max }: Range) => {
  const error = `${name} must be an integer in [${min}, ${max}]`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).transform(withoutSignedZero);
};
const num = (name: string, { min, max }: Range) => {
  const error = `${name} must be a number in [${min}, ${max}]`;
  return z.coerce.number({ error }).min(min, { error }).max(max, { error }).transform(withoutSignedZero);
};
const oneOf = <const T extends readonly [string, ...string[]]>(name: string, options: T) => z.enum(options, { error: `${name} must be one of ${options.join(', ')}` });

/** One view parameter: its link key, how its text reads, its default, whether `<key>_hide` may name it, and how it is written. */
export class ViewParam<T, K extends string = string, H extends boolean = boolean> {
  constructor(
    readonly key: K,
    readonly schema: z.ZodType<T>,
    readonly defaultValue: T,
    readonly hideable: H,
    readonly text: (value: NonNullable<T>) => string = String,
  ) {}
}

/** A parameter whose control a link may hide. */
const HIDE = { hideable: true } as const;
function param<T, const K extends string, const H extends boolean = false>(key: K, schema: z.ZodType<T>, defaultValue: NoInfer<T>, opts: { hideable?: H; text?: (value: NonNullable<T>) => string } = {}): ViewParam<T, K, H> {
  return new ViewParam(key, schema, defaultValue, (opts.hideable ?? false) as H, opts.text);
}
/** A parameter that is absent (null) unless the link gives it. */
function maybe<T, const K extends string>(key: K, schema: z.ZodType<T>): ViewParam<T | null, K, false> {
  return new ViewParam<T | null, K, false>(key, schema, null, false);
}

/**
 * The view parameters, nested as the state is: `classroom.seed` is read from and written to `cseed`.
 * The order is the order a link writes them in.
 */
export const VIEW_PARAMS = {
  view: param('view', oneOf('view', VIEWS), 'train'),
  /** Runs overlaid in the charts and compared in the table. */
  runs: param(
    'runs',
    z.string().transform((s) => s.split(',').filter(Boolean)).pipe(z.array(z.string().regex(RUN_ID_PATTERN, { error: 'runs must be run ids separated by commas' })).max(MAX_RUNS_SHOWN, { error: `runs: at most ${MAX_RUNS_SHOWN} runs at once` })),
    [],
    { text: (runs) => runs.join(',') },
  ),
  /** Exponential moving average weight of the training charts (0: raw). */
  smooth: param('smooth', num('smooth', { min: 0, max: MAX_SMOOTHING }), 0, HIDE),
  /** Runs that differ only by seed drawn one by one instead of as their mean with a band. */
  seedsApart: param('seedsApart', bool('seedsApart'), false),
  preset: maybe('preset', z.string().refine((id) => PRESET_IDS.includes(id), { error: (i) => `preset must be one of ${PRESET_IDS.join(', ')} (got ${quoted(i.input)})` })),
  size: param('size', oneOf('size', PRESET_SIZES), 'quick'),
  /** Lab workers a preset job runs its arms in; absent: one fewer than the machine's cores (parallelism.ts). */
  workers: maybe('workers', int('workers', { min: 1, max: MAX_PARALLEL_RUNS })),
  classroom: {
    /** G: samples per problem. */
    G: param('G', int('G', CLASSROOM_RANGES.numGenerations), 8, HIDE),
    /** Operations per problem: the difficulty. */
    difficulty: param('difficulty', int('difficulty', CLASSROOM_RANGES.ops), 6, HIDE),
    /** Sampling temperature: training's default, since the Classroom samples as training does. */
    T: param('T', num('T', CLASSROOM_RANGES.temperature), ROLLOUT_SAMPLING.temperature, HIDE),
    problems: param('problems', int('problems', CLASSROOM_RANGES.numProblems), 8, HIDE),
    /** Which problems: fixed when hidden, so a lesson link shows the same groups every time. */
    seed: param('cseed', int('cseed', { min: 0, max: MAX_SEED }), 1, HIDE),
    projector: param('projector', bool('projector'), false, HIDE),
    /** Show the rewards with the relative length reward added (Section 4.2). */
    rlr: param('rlrView', bool('rlrView'), false, HIDE),
  },
  evalStudy: param('study', oneOf('study', EVAL_STUDIES), 'pass1'),
  evalSuite: param('suite', z.enum(SUITE_NAMES, { error: (i) => unknownSuite(String(i.input)) }), 'in-30'),
  evalRuns: param('evalRuns', int('evalRuns', EVAL_RUNS), 8),
  /** Samples inspector: which run and step, which sample (group.index) and token. */
  inspect: {
    run: maybe('irun', z.string().regex(RUN_ID_PATTERN, { error: 'irun must be a run id' })),
    step: maybe('istep', int('istep', { min: 1, max: 1_000_000 })),
    sample: maybe('isample', z.string().regex(/^\d{1,4}\.\d{1,4}$/, { error: 'isample must be group.sample, e.g. 0.3' })),
    token: maybe('itoken', int('itoken', { min: 0, max: 100_000 })),
  },
} as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any parameter's value type
type AnyParam = ViewParam<any>;
interface ParamGroup {
  readonly [field: string]: AnyParam | ParamGroup;
}
/** The state a table of parameters describes: each parameter's value where it sits. */
type StateOf<P> = P extends ViewParam<infer T> ? T : { -readonly [F in keyof P]: StateOf<P[F]> };
/** The link keys of the parameters a link may hide. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any value type; the key and the hideable flag are what matter
type HideKeyOf<P> = P extends ViewParam<any, infer K, true> ? K : P extends AnyParam ? never : { [F in keyof P]: HideKeyOf<P[F]> }[keyof P];

export type ViewSettings = StateOf<typeof VIEW_PARAMS>;
export type ClassroomSettings = ViewSettings['classroom'];

export interface UrlState {
  view: ViewSettings;
  draft: Draft;
  /** Keys whose controls are hidden (`G_hide=true`). */
  hidden: string[];
}

/** A row of the table, flattened: the parameter and its path in ViewSettings. */
export interface ViewParamRow {
  readonly path: readonly string[];
  readonly param: AnyParam;
}

function flatten(group: ParamGroup, prefix: readonly string[]): ViewParamRow[] {
  return Object.entries(group).flatMap(([field, p]) => (p instanceof ViewParam ? [{ path: [...prefix, field], param: p }] : flatten(p, [...prefix, field])));
}
/** Every view parameter, in the order a link writes them. */
export const VIEW_PARAM_ROWS: readonly ViewParamRow[] = flatten(VIEW_PARAMS, []);
const ROW_BY_KEY = new Map(VIEW_PARAM_ROWS.map((r) => [r.param.key as string, r]));
if (ROW_BY_KEY.size !== VIEW_PARAM_ROWS.length) throw new Error('url-state: two view parameters share a link key');

/** The view keys a link may carry (besides the knobs, `stages`, `<key>_hide` and the page keys). */
export const VIEW_KEY_NAMES: readonly string[] = VIEW_PARAM_ROWS.map((r) => r.param.key);

/** The value at `path` in a view. */
export function viewValue(view: ViewSettings, path: readonly string[]): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], view);
}
function setViewValue(view: ViewSettings, path: readonly string[], value: unknown): void {
  const parent = viewValue(view, path.slice(0, -1)) as Record<string, unknown>;
  parent[path[path.length - 1]] = value;
}

export function defaultView(): ViewSettings {
  const view = {} as Record<string, unknown>;
  for (const { path, param: p } of VIEW_PARAM_ROWS) {
    let group = view;
    for (const k of path.slice(0, -1)) group = (group[k] ??= {}) as Record<string, unknown>;
    group[path[path.length - 1]] = structuredClone(p.defaultValue);
  }
  return view as ViewSettings;
}

export function defaultUrlState(): UrlState {
  return { view: defaultView(), draft: defaultDraft(), hidden: [] };
}

/** The Classroom's controls a link may hide (its lesson-link builder offers exactly these). */
export type ClassroomHideKey = HideKeyOf<typeof VIEW_PARAMS.classroom>;
export const CLASSROOM_HIDEABLE = VIEW_PARAM_ROWS.filter((r) => r.path[0] === 'classroom' && r.param.hideable).map((r) => r.param.key as ClassroomHideKey);

/** Sections a link may hide, besides the knobs and the view parameters marked hideable. */
const HIDEABLE_SECTIONS = ['stages', 'presets', 'tabs'] as const;

/** Keys that may carry `_hide=true`: every knob, the stage editor, a few sections, and the hideable view parameters. */
export const HIDEABLE = new Set<string>([...KNOB_FIELDS.map((f) => f.path), ...HIDEABLE_SECTIONS, ...VIEW_PARAM_ROWS.filter((r) => r.param.hideable).map((r) => r.param.key)]);

export interface ParsedUrl {
  state: UrlState;
  /** One line per value that could not be used; empty when the link was fine. */
  problems: string[];
}

/** Reads the whole state from a query string. Never throws. */
export function parseUrlState(search: string): ParsedUrl {
  const query = new URLSearchParams(search);
  const state = defaultUrlState();
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [key, value] of query) {
    if (seen.has(key)) {
      problems.push(`${cut(key)} is given more than once; the first value is used`);
      continue;
    }
    seen.add(key);
    if ((PAGE_KEYS as readonly string[]).includes(key)) continue;
    if (key.endsWith('_hide')) {
      const target = key.slice(0, -'_hide'.length);
      if (!HIDEABLE.has(target)) problems.push(`${cut(key)}: there is no control called ${quoted(target)}`);
      else if (urlBoolean(value) === null) problems.push(`${key} must be true or false`);
      else if (urlBoolean(value)) state.hidden.push(target);
      continue;
    }
    // A Map, not an object: `constructor` or `__proto__` must not find Object's members.
    const row = ROW_BY_KEY.get(key);
    if (row) {
      const r = row.param.schema.safeParse(value);
      if (r.success) setViewValue(state.view, row.path, r.data);
      else problems.push(`${key}: ${r.error.issues[0].message}`);
      continue;
    }
    if (key === 'stages') {
      const d = decodeStages(value);
      if (d.ok) state.draft.stages = d.stages;
      else problems.push(d.message);
      continue;
    }
    const field = KNOB_BY_PATH.get(key);
    if (field) {
      // Kept as typed: the form shows it and ExperimentConfigSchema reports what is wrong with it.
      state.draft.values[key] = field.kind === 'bool' ? (urlBoolean(value) ?? value) : value;
      continue;
    }
    problems.push(`${cut(key)} is not a setting of this page; it was ignored`);
  }
  return { state, problems };
}

/** Characters that need no escaping in a query value and keep links readable. */
function enc(s: string): string {
  return encodeURIComponent(s).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/** A view parameter's link text, or null when the link leaves it out: absent, or written as its default is. */
function paramText(p: AnyParam, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = p.text(value);
  return p.defaultValue !== null && text === p.text(p.defaultValue) ? null : text;
}

/** Writes the state as a query string (without '?'): only what differs from the defaults. `keep` holds page keys to carry over. */
export function encodeUrlState(state: UrlState, keep: Record<string, string> = {}): string {
  const pairs: [string, string][] = [];
  for (const k of PAGE_KEYS) if (keep[k] !== undefined) pairs.push([k, keep[k]]);
  for (const { path, param: p } of VIEW_PARAM_ROWS) {
    const text = paramText(p, viewValue(state.view, path));
    if (text !== null) pairs.push([p.key, text]);
  }
  for (const f of KNOB_FIELDS) {
    const value = state.draft.values[f.path];
    if (value !== undefined && !isDefault(f, value)) pairs.push([f.path, String(value)]);
  }
  const stages = encodeStages(state.draft.stages);
  if (stages !== encodeStages(defaultDraft().stages)) pairs.push(['stages', stages]);
  for (const h of [...new Set(state.hidden)].sort()) pairs.push([`${h}_hide`, 'true']);
  return pairs.map(([k, val]) => `${enc(k)}=${enc(val)}`).join('&');
}
