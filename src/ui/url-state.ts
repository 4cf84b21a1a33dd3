import { z } from 'zod';
import { cut, quoted } from '../core/errors';
import { PRESET_IDS, PRESET_SIZES, type PresetSize } from '../core/presets';
import { SUITE_NAMES, unknownSuite } from '../core/tasks/suites';
import { KNOB_BY_PATH, KNOB_FIELDS } from './form/knob-fields';
import { decodeStages, defaultDraft, encodeStages, isDefault, withoutSignedZero, type Draft } from './form/draft';

/** Runs the page shows at once (the Runs list's ticks, the `runs` link key, the runner's chart PNGs). */
export const MAX_RUNS_SHOWN = 12;
/** The strongest smoothing of the training curves, on the slider and in a link alike. */
export const MAX_SMOOTHING = 0.99;

/**
 * Everything a person sees lives in the URL, TensorFlow-Playground style: readable key=value pairs
 * for the knobs that differ from their defaults, the stage list in the paper's notation, the view,
 * and `<key>_hide=true` for each control a lesson wants hidden. Parsing never throws: a bad value
 * becomes a message and its default, and the rest of the link still applies.
 *
 *   ?view=classroom&G=4&difficulty=6&G_hide=true&projector=true
 *   ?view=train&numGenerations=4&lossType=dr_grpo&rlr.enabled=true&stages=160(N)x40-160(NP)x20
 */
export const VIEWS = ['train', 'eval', 'compare', 'classroom', 'samples'] as const;
export type ViewId = (typeof VIEWS)[number];

export const EVAL_STUDIES = ['pass1', 'maxGap', 'temperatureSweep', 'greedy', 'census', 'perturbation'] as const;
export type EvalStudyKind = (typeof EVAL_STUDIES)[number];

export interface ClassroomSettings {
  /** G: samples per problem. */
  G: number;
  /** Operations per problem: the difficulty. */
  difficulty: number;
  /** Sampling temperature. */
  T: number;
  problems: number;
  seed: number;
  projector: boolean;
  /** Show the rewards with the relative length reward added (Section 4.2). */
  rlr: boolean;
}

export interface ViewSettings {
  view: ViewId;
  /** Runs overlaid in the charts and compared in the table. */
  runs: string[];
  /** Exponential moving average weight of the training charts (0: raw). */
  smooth: number;
  preset: string | null;
  size: PresetSize;
  classroom: ClassroomSettings;
  evalStudy: EvalStudyKind;
  evalSuite: string;
  evalRuns: number;
  /** Samples inspector: which run and step, which sample (group.index) and token. */
  inspect: { run: string | null; step: number | null; sample: string | null; token: number | null };
}

export interface UrlState {
  view: ViewSettings;
  draft: Draft;
  /** Keys whose controls are hidden (`G_hide=true`). */
  hidden: string[];
}

export const DEFAULT_CLASSROOM: ClassroomSettings = { G: 8, difficulty: 6, T: 1, problems: 8, seed: 1, projector: false, rlr: false };

export function defaultView(): ViewSettings {
  return {
    view: 'train',
    runs: [],
    smooth: 0,
    preset: null,
    size: 'quick',
    classroom: { ...DEFAULT_CLASSROOM },
    evalStudy: 'pass1',
    evalSuite: 'in-30',
    evalRuns: 8,
    inspect: { run: null, step: null, sample: null, token: null },
  };
}

export function defaultUrlState(): UrlState {
  return { view: defaultView(), draft: defaultDraft(), hidden: [] };
}

/** Query keys the first page owns (params.ts); kept as they are when the URL is rewritten. */
export const PAGE_KEYS = ['backend', 'checkpoint'] as const;

/** The one reading of a boolean in a link, for view keys, knobs and `_hide` alike: true/1, false/0, else null. */
export function urlBoolean(value: string): boolean | null {
  return value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : null;
}
const bool = (name: string) =>
  z.string().transform((v, ctx) => {
    const b = urlBoolean(v);
    if (b === null) ctx.addIssue({ code: 'custom', message: `${name} must be true or false` });
    return b ?? false;
  });
const int = (name: string, min: number, max: number) =>
  z.coerce.number({ error: `${name} must be an integer in [${min}, ${max}]` }).int({ error: `${name} must be an integer in [${min}, ${max}]` }).min(min, { error: `${name} must be an integer in [${min}, ${max}]` }).max(max, { error: `${name} must be an integer in [${min}, ${max}]` }).transform(withoutSignedZero);
const num = (name: string, min: number, max: number) =>
  z.coerce.number({ error: `${name} must be a number in [${min}, ${max}]` }).min(min, { error: `${name} must be a number in [${min}, ${max}]` }).max(max, { error: `${name} must be a number in [${min}, ${max}]` }).transform(withoutSignedZero);
const RUN_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** One schema per view key: its own message, so a bad value names the key and what it accepts. */
const VIEW_KEYS = {
  view: z.enum(VIEWS, { error: `view must be one of ${VIEWS.join(', ')}` }),
  runs: z.string().transform((s) => s.split(',').filter(Boolean)).pipe(z.array(z.string().regex(RUN_ID, { error: 'runs must be run ids separated by commas' })).max(MAX_RUNS_SHOWN, { error: `runs: at most ${MAX_RUNS_SHOWN} runs at once` })),
  smooth: num('smooth', 0, MAX_SMOOTHING),
  preset: z.string().refine((id) => PRESET_IDS.includes(id), { error: (i) => `preset must be one of ${PRESET_IDS.join(', ')} (got ${quoted(i.input)})` }),
  size: z.enum(PRESET_SIZES, { error: `size must be one of ${PRESET_SIZES.join(', ')}` }),
  G: int('G', 1, 16),
  difficulty: int('difficulty', 1, 16),
  T: num('T', 0.05, 2),
  problems: int('problems', 1, 16),
  cseed: int('cseed', 0, 2 ** 31 - 1),
  projector: bool('projector'),
  rlrView: bool('rlrView'),
  study: z.enum(EVAL_STUDIES, { error: `study must be one of ${EVAL_STUDIES.join(', ')}` }),
  suite: z.enum(SUITE_NAMES, { error: (i) => unknownSuite(String(i.input)) }),
  evalRuns: int('evalRuns', 1, 256),
  irun: z.string().regex(RUN_ID, { error: 'irun must be a run id' }),
  istep: int('istep', 1, 1_000_000),
  isample: z.string().regex(/^\d{1,4}\.\d{1,4}$/, { error: 'isample must be group.sample, e.g. 0.3' }),
  itoken: int('itoken', 0, 100_000),
} as const;
type ViewKey = keyof typeof VIEW_KEYS;
/** The view keys a link may carry (besides the knobs, `stages`, `<key>_hide` and the page keys). */
export const VIEW_KEY_NAMES = Object.keys(VIEW_KEYS) as readonly ViewKey[];

function applyViewKey(view: ViewSettings, key: ViewKey, value: unknown): void {
  const c = view.classroom;
  switch (key) {
    case 'view': view.view = value as ViewId; break;
    case 'runs': view.runs = value as string[]; break;
    case 'smooth': view.smooth = value as number; break;
    case 'preset': view.preset = value as string; break;
    case 'size': view.size = value as PresetSize; break;
    case 'G': c.G = value as number; break;
    case 'difficulty': c.difficulty = value as number; break;
    case 'T': c.T = value as number; break;
    case 'problems': c.problems = value as number; break;
    case 'cseed': c.seed = value as number; break;
    case 'projector': c.projector = value as boolean; break;
    case 'rlrView': c.rlr = value as boolean; break;
    case 'study': view.evalStudy = value as EvalStudyKind; break;
    case 'suite': view.evalSuite = value as string; break;
    case 'evalRuns': view.evalRuns = value as number; break;
    case 'irun': view.inspect.run = value as string; break;
    case 'istep': view.inspect.step = value as number; break;
    case 'isample': view.inspect.sample = value as string; break;
    case 'itoken': view.inspect.token = value as number; break;
  }
}

/** The Classroom's controls a link may hide (its lesson-link builder offers exactly these). */
export const CLASSROOM_HIDEABLE = ['G', 'difficulty', 'T', 'problems', 'cseed', 'rlrView', 'projector'] as const;
export type ClassroomHideKey = (typeof CLASSROOM_HIDEABLE)[number];

/** Keys that may carry `_hide=true`: every knob, the stage editor, the classroom's controls, and a few sections. */
export const HIDEABLE = new Set<string>([...KNOB_FIELDS.map((f) => f.path), 'stages', 'presets', 'tabs', ...CLASSROOM_HIDEABLE, 'smooth']);

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
    // Own keys only: `constructor` or `__proto__` must not find Object's members.
    if (Object.hasOwn(VIEW_KEYS, key)) {
      const r = (VIEW_KEYS[key as ViewKey] as z.ZodType).safeParse(value);
      if (r.success) applyViewKey(state.view, key as ViewKey, r.data);
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

/** Writes the state as a query string (without '?'): only what differs from the defaults. `keep` holds page keys to carry over. */
export function encodeUrlState(state: UrlState, keep: Record<string, string> = {}): string {
  const d = defaultView();
  const v = state.view;
  const c = v.classroom;
  const pairs: [string, string][] = [];
  for (const k of PAGE_KEYS) if (keep[k] !== undefined) pairs.push([k, keep[k]]);
  const put = (key: string, value: unknown, def: unknown) => {
    if (value !== def && value !== null) pairs.push([key, String(value)]);
  };
  put('view', v.view, d.view);
  if (v.runs.length) pairs.push(['runs', v.runs.join(',')]);
  put('smooth', v.smooth, d.smooth);
  put('preset', v.preset, d.preset);
  put('size', v.size, d.size);
  put('G', c.G, d.classroom.G);
  put('difficulty', c.difficulty, d.classroom.difficulty);
  put('T', c.T, d.classroom.T);
  put('problems', c.problems, d.classroom.problems);
  put('cseed', c.seed, d.classroom.seed);
  put('projector', c.projector, d.classroom.projector);
  put('rlrView', c.rlr, d.classroom.rlr);
  put('study', v.evalStudy, d.evalStudy);
  put('suite', v.evalSuite, d.evalSuite);
  put('evalRuns', v.evalRuns, d.evalRuns);
  put('irun', v.inspect.run, null);
  put('istep', v.inspect.step, null);
  put('isample', v.inspect.sample, null);
  put('itoken', v.inspect.token, null);
  for (const f of KNOB_FIELDS) {
    const value = state.draft.values[f.path];
    if (value !== undefined && !isDefault(f, value)) pairs.push([f.path, String(value)]);
  }
  const stages = encodeStages(state.draft.stages);
  if (stages !== encodeStages(defaultDraft().stages)) pairs.push(['stages', stages]);
  for (const h of [...new Set(state.hidden)].sort()) pairs.push([`${h}_hide`, 'true']);
  return pairs.map(([k, val]) => `${enc(k)}=${enc(val)}`).join('&');
}
