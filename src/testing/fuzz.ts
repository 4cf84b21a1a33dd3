import fc from 'fast-check';
import { BACKENDS, MAX_STAGES, defaultExperimentConfig, parseExperimentConfig } from '../core/config';
import { PRESET_IDS, PRESET_SIZES } from '../core/presets';
import { SUITE_NAMES } from '../core/tasks/suites';
import { KNOB_FIELDS, STAGE_FIELDS, type KnobField } from '../ui/form/knob-fields';
import { EVAL_STUDIES, HIDEABLE, PAGE_KEYS, VIEWS, VIEW_KEY_NAMES } from '../ui/url-state';
import { RUN_EXPORT_FORMAT, RUN_EXPORT_VERSION } from '../../workers/api';

/**
 * The fuzz suite's inputs, shared by the unit properties (`*.fuzz.test.ts`) and the browser's
 * (`e2e/fuzz.spec.ts`): hostile links, import files, config files and the mutations of a valid
 * document they are built from. Seeded, so a run repeats; FUZZ_SEED and FUZZ_RUNS pick another.
 */

function envInteger(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

/** The seed of every fuzz property; FUZZ_SEED=<integer> runs the suite on other inputs. */
export const FUZZ_SEED = envInteger('FUZZ_SEED', 15, -(2 ** 31));

/** Inputs a property tries: its own default, or FUZZ_RUNS=<n> for every property at once. */
export function fuzzRuns(fallback: number): number {
  return envInteger('FUZZ_RUNS', fallback, 1);
}

/** fast-check's options for one property: the suite's seed, `runs` inputs (or FUZZ_RUNS), no time limit. */
export function fuzzOptions(runs: number): { seed: number; numRuns: number } {
  return { seed: FUZZ_SEED, numRuns: fuzzRuns(runs) };
}

/** Draws `runs` inputs of `arb` with the suite's seed, for tests that loop over them (the browser's). */
export function fuzzSample<T>(arb: fc.Arbitrary<T>, runs: number): T[] {
  return fc.sample(arb, { seed: FUZZ_SEED, numRuns: fuzzRuns(runs) });
}

/** One input's outcome: what `f` returned, or the refusal it threw. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: Error };

/** What happened to each input at one boundary; `line()` is the summary the suite prints. */
export class FuzzTally {
  tried = 0;
  refused = 0;
  accepted = 0;
  crashed = 0;
  constructor(readonly boundary: string) {}

  /**
   * Runs `f` on one input. An error `isRefusal` allows, or a result `refusedResult` calls a refusal,
   * counts as refused; any other error is a crash, counted and rethrown.
   */
  attempt<T>(f: () => T, isRefusal: (e: unknown) => boolean, refusedResult: (v: T) => boolean = () => false): Attempt<T> {
    this.tried++;
    let value: T;
    try {
      value = f();
    } catch (e) {
      return this.caught(e, isRefusal);
    }
    return this.settled(value, refusedResult);
  }

  async attemptAsync<T>(f: () => Promise<T>, isRefusal: (e: unknown) => boolean): Promise<Attempt<T>> {
    this.tried++;
    let value: T;
    try {
      value = await f();
    } catch (e) {
      return this.caught(e, isRefusal);
    }
    return this.settled(value, () => false);
  }

  private settled<T>(value: T, refusedResult: (v: T) => boolean): Attempt<T> {
    if (refusedResult(value)) this.refused++;
    else this.accepted++;
    return { ok: true, value };
  }

  private caught(e: unknown, isRefusal: (e: unknown) => boolean): { ok: false; error: Error } {
    if (!isRefusal(e)) {
      this.crashed++;
      throw e;
    }
    this.refused++;
    return { ok: false, error: e as Error };
  }

  line(): string {
    return `fuzz ${this.boundary} (seed ${FUZZ_SEED}): ${this.tried} inputs, ${this.refused} refused with a message, ${this.accepted} accepted, ${this.crashed} crashed`;
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile atoms

/** Names every plain object inherits (`constructor`, `__proto__`, `toString`, …): a lookup by `in` or `[]` finds them. */
export const PROTOTYPE_NAMES: readonly string[] = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];

/** Text a careless or hostile person types: number-like words, encodings, control and lone surrogate characters, markup. */
const NASTY_TEXT = [
  '', ' ', 'NaN', 'Infinity', '-Infinity', '-0', '+1', '1e308', '1e999', '-1e308', '0x10', '0b1', '1_000', '٣', '１', '1,5', '.5', '5.', ' 7 ',
  'null', 'undefined', 'true', 'false', 'yes', '[object Object]', '{}', '[]', '<img src=x onerror=alert(1)>', '"', "'", '\\', '%', '%%', '%zz',
  '%00', '%C0%AF', '%E2%80%AE', '%5C', '%2F', '%2e%2e', '\u0000', '\u202E', '\uFEFF', '\uFFFF', '\uD800', '\uDFFF', '../..', '/\\evil.example/',
  '//evil.example/', 'http://evil.example/', 'javascript:alert(1)', ...PROTOTYPE_NAMES,
];

/** Huge text: 10,000 to 200,000 characters of one kind, maybe with one other at the end (what makes a backtracking pattern try every split). */
const hugeText = fc
  .tuple(fc.integer({ min: 10_000, max: 200_000 }), fc.constantFrom('9', 'a', '%41', ',', '-', '\u00e9', '1(N)x1-'), fc.constantFrom('', '', 'x', ' ', '.', '('))
  .map(([n, c, end]) => c.repeat(Math.ceil(n / c.length)) + end);

/** A text where a document or a link expects a value: nasty words, any characters, numbers as text, huge. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_TEXT), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
  { arbitrary: fc.double().map(String), weight: 2 },
  { arbitrary: fc.integer().map(String), weight: 2 },
  { arbitrary: hugeText, weight: 1 },
);

/** A value `depth` arrays deep, built by a loop (the input may be deeper than a recursive builder's stack). */
export function nestedArrays(depth: number, inner: unknown = 0): unknown {
  let v: unknown = inner;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** `{"__proto__": …}` as JSON.parse makes it: an own key named __proto__, not a prototype. */
function ownProtoKey(value: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, '__proto__', { value, enumerable: true, writable: true, configurable: true });
  return o;
}

/** A JSON value where a document expects something else: wrong types, absurd numbers, huge or deep values, prototype keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -0, -1, 0.5, 1.5, 2, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), {}, [], [[[]]], [null]), weight: 6 },
  { arbitrary: hostileText, weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.integer({ min: 65, max: 2_000 }).map((d) => nestedArrays(d)), weight: 1 },
  { arbitrary: fc.constantFrom(...PROTOTYPE_NAMES).map((k) => (k === '__proto__' ? ownProtoKey({ polluted: true }) : { [k]: 1 })), weight: 1 },
  { arbitrary: fc.array(fc.double(), { minLength: 1_000, maxLength: 5_000 }), weight: 1 },
);

/** A key that should not be there: Object's members, a near-miss of a real key, or any text. */
export function hostileKey(realKeys: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...PROTOTYPE_NAMES), weight: 3 },
    { arbitrary: fc.tuple(fc.constantFrom(...realKeys), fc.constantFrom('z', 's', '_', ' ', '.x', 'Enabled')).map(([k, s]) => k + s), weight: 2 },
    { arbitrary: fc.constantFrom('backend', 'init', 'seed ', 'Name', 'studies', 'format', 'version', 'run'), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 1 },
  );
}

// ---------------------------------------------------------------------------------------------
// Mutations of a valid document

type Path = (string | number)[];

/** Every path of a JSON tree, the root included, in a fixed order. */
function pathsOf(root: unknown): Path[] {
  const out: Path[] = [];
  const stack: { value: unknown; path: Path }[] = [{ value: root, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    out.push(path);
    if (value !== null && typeof value === 'object' && path.length < 12) {
      const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
      for (const [k, v] of [...entries].reverse()) stack.push({ value: v, path: [...path, k] });
    }
  }
  return out;
}

function at(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root);
}

/** One change to a document: where (an index into its paths) and what. */
export interface Mutation {
  where: number;
  op: 'delete' | 'replace' | 'add-key' | 'retype' | 'duplicate' | 'scale';
  key: string;
  value: unknown;
  factor: number;
}

function set(parent: unknown, key: string | number, value: unknown): void {
  // defineProperty, so a key named __proto__ is an own key (as in parsed JSON), not the prototype.
  if (Array.isArray(parent) && typeof key === 'number') parent[key] = value;
  else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

function retyped(v: unknown): unknown {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v === '' ? 0 : Number.isNaN(Number(v)) ? [v] : Number(v);
  if (typeof v === 'boolean') return v ? 1 : 'false';
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [i, x]));
  if (v === null) return 'null';
  return [v];
}

/** Applies a mutation to `doc` in place; the root itself can only be replaced (returned). */
export function applyMutation(doc: unknown, m: Mutation): unknown {
  const paths = pathsOf(doc);
  const path = paths[m.where % paths.length];
  if (path.length === 0) return m.op === 'replace' ? m.value : m.op === 'retype' ? retyped(doc) : doc;
  const parent = at(doc, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1];
  const current = parent[key];
  switch (m.op) {
    case 'delete':
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete parent[key];
      break;
    case 'replace':
      set(parent, key, m.value);
      break;
    case 'add-key':
      if (current !== null && typeof current === 'object' && !Array.isArray(current)) set(current, m.key, m.value);
      else if (Array.isArray(current)) current.push(m.value);
      else set(parent, key, m.value);
      break;
    case 'retype':
      set(parent, key, retyped(current));
      break;
    case 'duplicate':
      if (Array.isArray(current) && current.length) current.push(structuredClone(current[0]));
      else set(parent, key, [current, current]);
      break;
    case 'scale':
      set(parent, key, typeof current === 'number' ? current * m.factor : m.value);
      break;
  }
  return doc;
}

export function mutation(realKeys: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.record({
    where: fc.nat(),
    op: fc.constantFrom<Mutation['op']>('delete', 'replace', 'replace', 'add-key', 'retype', 'duplicate', 'scale'),
    key: hostileKey(realKeys),
    value: hostileJson,
    factor: fc.constantFrom(-1, 0, 0.5, 1.0000001, 10, 1e6, 1e300, -1e300),
  });
}

/** `base()` changed in one to three places. */
export function mutated(base: () => unknown, realKeys: readonly string[]): fc.Arbitrary<unknown> {
  return fc.array(mutation(realKeys), { minLength: 1, maxLength: 3 }).map((ms) => ms.reduce<unknown>((doc, m) => applyMutation(doc, m), base()));
}

/** Changes to JSON text that no object can make: cut short, a number JSON reads as Infinity, nesting far past any stack, a BOM, trailing data. */
export interface TextMutation {
  op: 'truncate' | 'huge-number' | 'deep' | 'bom' | 'trailing' | 'duplicate-key';
  /** Where: a character index, or which number or value of the text. */
  at: number;
  /** How deep 'deep' nests (also picks the variant of 'huge-number' and 'trailing'). */
  depth: number;
}

export function applyTextMutation(text: string, m: TextMutation): string {
  const cut = m.at % Math.max(1, text.length);
  switch (m.op) {
    case 'truncate':
      return text.slice(0, cut);
    case 'huge-number': {
      const numbers = [...text.matchAll(/:(-?\d+(\.\d+)?(e[-+]?\d+)?)/g)];
      if (!numbers.length) return text;
      const n = numbers[m.at % numbers.length];
      return `${text.slice(0, n.index + 1)}${m.depth % 2 ? '1e999' : '-1e999'}${text.slice(n.index + n[0].length)}`;
    }
    case 'deep': {
      const values = [...text.matchAll(/:("[^"]*"|-?\d[\d.e+-]*|true|false|null)/g)];
      if (!values.length) return text;
      const v = values[m.at % values.length];
      return `${text.slice(0, v.index + 1)}${'['.repeat(m.depth)}0${']'.repeat(m.depth)}${text.slice(v.index + v[0].length)}`;
    }
    case 'bom':
      return `\uFEFF${text}`;
    case 'trailing':
      return `${text}${m.depth % 2 ? ' {}' : ',"x":1}'}`;
    case 'duplicate-key':
      // The last of two equal keys wins in JSON.parse: the earlier, checked-looking value is not the one used.
      return text.replace(/^\{/, '{"format":"not-it",');
  }
}

const textMutation: fc.Arbitrary<TextMutation> = fc.record({
  op: fc.constantFrom<TextMutation['op']>('truncate', 'huge-number', 'deep', 'bom', 'trailing', 'duplicate-key'),
  at: fc.nat(),
  depth: fc.oneof(fc.integer({ min: 65, max: 200 }), fc.integer({ min: 5_000, max: 100_000 })),
});

/** JSON text of `base()`, changed as a document (`mutated`) and/or as text. */
export function mutatedText(base: () => unknown, realKeys: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: mutated(base, realKeys).map((doc) => JSON.stringify(doc) ?? 'undefined'), weight: 4 },
    { arbitrary: textMutation.map((m) => applyTextMutation(JSON.stringify(base()), m)), weight: 1 },
    { arbitrary: fc.tuple(mutated(base, realKeys), textMutation).map(([doc, m]) => applyTextMutation(JSON.stringify(doc) ?? '', m)), weight: 1 },
  );
}

/** Every key of a document, at any depth: the near-misses of hostileKey are built from them. */
export function keysOf(doc: unknown): string[] {
  const keys = new Set<string>();
  for (const p of pathsOf(doc)) {
    const k = p[p.length - 1];
    if (typeof k === 'string') keys.add(k);
  }
  return [...keys];
}

// ---------------------------------------------------------------------------------------------
// Links

const HIDE_KEYS = [...HIDEABLE].map((k) => `${k}_hide`);
/** Every key the page reads from a link. */
export const LINK_KEYS: readonly string[] = [...PAGE_KEYS, ...VIEW_KEY_NAMES, 'stages', ...KNOB_FIELDS.map((f) => f.path), ...HIDE_KEYS];

/** A value for a knob as typed in a link or a --grid: mostly in its range, sometimes just outside it. */
function knobText(f: KnobField): fc.Arbitrary<string> {
  const { min = 0, max = 100, options = [] } = f.meta;
  switch (f.kind) {
    case 'int':
      return fc.oneof({ arbitrary: fc.integer({ min, max: Math.min(max, 2 ** 31) }), weight: 4 }, { arbitrary: fc.constantFrom(min - 1, max + 1), weight: 1 }).map(String);
    case 'number':
      return fc.oneof({ arbitrary: fc.double({ min, max, noNaN: true }), weight: 4 }, { arbitrary: fc.constantFrom(min - 1e-9, max * 1.5 + 1), weight: 1 }).map(String);
    case 'enum':
      return fc.oneof({ arbitrary: fc.constantFrom(...options), weight: 4 }, { arbitrary: fc.constant('nonexistent'), weight: 1 });
    case 'bool':
      return fc.constantFrom('true', 'false', '1', '0', 'yes');
    case 'text':
      return fc.string({ maxLength: 30 });
  }
}

const runIdText = fc.stringMatching(/^[A-Za-z0-9._:-]{1,12}$/);
/** Stage lists in the paper's notation, some valid, some not: `160(N)x40-160(NP)x20`. */
const stagesText = fc
  .array(fc.tuple(fc.oneof(fc.integer({ min: -1, max: 600 }).map(String), hostileText), fc.constantFrom('N', 'P', 'NP', 'PN', 'X', ''), fc.oneof(fc.integer({ min: -1, max: 500 }).map(String), hostileText)), { minLength: 1, maxLength: 20 })
  .map((stages) => stages.map(([len, f, steps]) => `${len}(${f})x${steps}`).join('-'));

/** A value that makes sense for some key of the page (so the links get past the first check often). */
const plausibleLinkValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom<string>(...VIEWS, ...EVAL_STUDIES, ...SUITE_NAMES, ...PRESET_IDS, ...PRESET_SIZES, ...BACKENDS, 'true', 'false', '1', '0', '0.3', '/checkpoints/base/'),
  fc.integer({ min: -2, max: 300 }).map(String),
  fc.double({ min: -1, max: 3, noNaN: true }).map(String),
  fc.array(runIdText, { maxLength: 14 }).map((ids) => ids.join(',')),
  stagesText,
  fc.constantFrom(...KNOB_FIELDS).chain(knobText),
);

/** Checkpoint folders that look local and are not: backslashes, tabs, encoded slashes, another scheme. */
export const hostileCheckpoint: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('/checkpoints/base/', '/checkpoints/base', '/', '/\\', '/\\evil.example/', '/\\\\evil.example/', '/\t/evil.example/', '/\\/evil.example/', '//evil.example/', '/%2F/evil.example/', '/a?b', '/a#b', 'checkpoints/base/', 'http://evil.example/', '/\\@/', '/\\:99999/', '/\\[::1/'),
  fc.string({ unit: 'binary', maxLength: 16 }).map((s) => `/${s}`),
  fc.tuple(fc.constantFrom('/', '/\\', '/checkpoints/'), hostileText).map(([a, b]) => a + b),
);

/** One key=value of a link: a real key with a plausible or hostile value, or a hostile key. */
const linkPair: fc.Arbitrary<[string, string]> = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...LINK_KEYS), fc.oneof({ arbitrary: plausibleLinkValue, weight: 3 }, { arbitrary: hostileText, weight: 1 })), weight: 6 },
  { arbitrary: fc.tuple(fc.constant('checkpoint'), hostileCheckpoint), weight: 1 },
  { arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, ...PROTOTYPE_NAMES.map((k) => `${k}_hide`)), hostileKey(LINK_KEYS)), fc.oneof(plausibleLinkValue, hostileText)), weight: 2 },
);

/** encodeURIComponent, or the text as it is where it holds a lone surrogate (which it cannot encode). */
function encodeLoosely(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * A query string (with its '?'): up to 12 pairs, some given twice, each encoded or written raw (so
 * '&', '=', '#' and '%' inside a value split or break it as a browser would).
 */
export const hostileQuery: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(linkPair, fc.boolean()), { maxLength: 12 }), fc.nat(), fc.constantFrom('&', '&', '&', ';', '&&'))
  .map(([pairs, repeat, sep]) => {
    const all = pairs.length && repeat % 3 === 0 ? [...pairs, pairs[repeat % pairs.length]] : pairs;
    return `?${all.map(([[k, v], raw]) => (raw ? `${k}=${v}` : `${encodeLoosely(k)}=${encodeLoosely(v)}`)).join(sep)}`;
  });

/** A link that sets only the checkpoint folder, encoded or written raw. */
export const hostileCheckpointQuery: fc.Arbitrary<string> = fc.tuple(hostileCheckpoint, fc.boolean()).map(([c, raw]) => `?checkpoint=${raw ? c : encodeLoosely(c)}`);

// ---------------------------------------------------------------------------------------------
// Run exports (import files)

const ISO = '2025-01-01T00:00:00.000Z';

/** A valid export of a 3-step run (every knob written out) with one step, one evaluation point and one Pass@1 report: the base the import mutations change. */
export function validRunExport(runId = 'fuzz'): Record<string, unknown> {
  const backend = { name: 'wasm', adapter: 'WebAssembly + SIMD' };
  const study = { kind: 'pass1', suite: 'in-30', runs: 2, limit: 0, shots: 4, ciLevel: 0.95, resamples: 2000, temperature: 0.6, topP: 0.95, maxCompletionLength: 240, seed: 1, batchSize: 256 };
  const result = { suite: 'in-30', analog: 'AIME24', problems: 3, runs: 2, maxCompletionLength: 240, pass1: 0.5, ci: [0.3, 0.7], runScores: [0.4, 0.6], runStd: 0.1, maxRunGap: 0.2, accuracies: [0, 0.5, 1], histogram: [1, 1, 1], uncertainShare: 0.33, meanLength: 42 };
  const step = {
    step: 1, stage: 0, sampleFilter: 'both', maxCompletionLength: 160, reward: 0.5, accuracy: 0.5, meanLength: 40, meanLengthCorrect: 38, truncatedShare: 0, allCorrectShare: 0.25, allWrongShare: 0.25,
    otherEqualShare: 0, effectiveShare: 0.5, positiveUsed: 8, negativeUsed: 8, injected: 0, loss: 0.1, gradNorm: 0.3, clipFraction: 0, kl: 0, entropy: 1.2, tokensUsed: 600, skippedUpdate: false,
    secondsSampling: 1, secondsScoring: 0.01, secondsUpdating: 2,
  };
  return {
    format: RUN_EXPORT_FORMAT,
    version: RUN_EXPORT_VERSION,
    exportedAt: ISO,
    run: {
      runId, label: runId, config: parseExperimentConfig({ seed: 3, stages: [{ steps: 3 }] }), status: 'done', createdAt: ISO, updatedAt: ISO,
      step: 1, totalSteps: 3, checkpointStep: 0, backend, metrics: [step],
      evals: [{ step: 0, suite: 'in-30', runs: 4, pass1: 0.2, uncertainShare: 0.4, meanLength: 50 }],
      studies: [{ kind: 'pass1', study, backend, startedAt: ISO, seconds: 1, result }],
    },
  };
}

const EXPORT_KEYS = keysOf(validRunExport());

/** An import file: a valid export changed, any JSON at all, or an export's head on a body of anything. */
export const hostileImportText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: mutatedText(() => validRunExport(), EXPORT_KEYS), weight: 8 },
  { arbitrary: fc.json({ maxDepth: 4 }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((run) => JSON.stringify({ format: RUN_EXPORT_FORMAT, version: RUN_EXPORT_VERSION, exportedAt: ISO, run })), weight: 1 },
  { arbitrary: hostileText, weight: 1 },
);

// ---------------------------------------------------------------------------------------------
// Config files for the runner

/** A knob's value as a config file holds it: typed by the knob's kind. */
function knobJson(f: KnobField): fc.Arbitrary<unknown> {
  const typed = knobText(f).map((t) => (f.kind === 'int' || f.kind === 'number' ? Number(t) : f.kind === 'bool' ? t === 'true' || t === '1' : t));
  return fc.oneof({ arbitrary: typed, weight: 9 }, { arbitrary: hostileJson, weight: 1 });
}

/** An object of some of `fields` (dotted paths) with values for them. */
function someKnobs(fields: readonly KnobField[], maxLength: number): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .subarray([...fields], { maxLength })
    .chain((chosen) => fc.tuple(...chosen.map((f) => fc.tuple(fc.constant(f.path), knobJson(f)))))
    .map((pairs) => {
      const out: Record<string, unknown> = {};
      for (const [path, value] of pairs) {
        const keys = path.split('.');
        let o = out;
        for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
        o[keys[keys.length - 1]] = value;
      }
      return out;
    });
}

const studyInput = fc.record(
  { kind: fc.oneof({ arbitrary: fc.constantFrom('pass1', 'maxGap', 'scorecard', 'census', 'greedy', 'temperatureSweep', 'perturbation'), weight: 6 }, { arbitrary: fc.constant('nope'), weight: 1 }), suite: fc.constantFrom(...SUITE_NAMES, 'nope'), runs: fc.integer({ min: 0, max: 9 }) },
  { requiredKeys: ['kind'] },
);

/** A config file as a person writes one: a few knobs with plausible or hostile values, maybe studies, stages and a stray key. */
const knobConfig: fc.Arbitrary<unknown> = fc
  .tuple(
    someKnobs(KNOB_FIELDS, 5),
    fc.option(fc.array(studyInput, { maxLength: 3 })),
    fc.option(fc.array(someKnobs(STAGE_FIELDS, 3), { maxLength: MAX_STAGES + 2 })),
    fc.option(fc.tuple(hostileKey(keysOf(defaultExperimentConfig())), hostileJson)),
    fc.nat(2),
  )
  .map(([config, studies, stages, extra, stray]) => {
    if (studies) config.studies = studies;
    if (stages) config.stages = stages;
    if (extra && stray === 0) set(config, extra[0], extra[1]);
    return config;
  });

const configBase = () => ({ name: 'fuzz', seed: 3, numGenerations: 4, promptsPerStep: 2, stages: [{ steps: 3 }, { steps: 2, maxCompletionLength: 64, sampleFilter: 'negative' }], rlr: { enabled: true }, studies: [{ kind: 'pass1', suite: 'in-30', runs: 2 }] });
const CONFIG_KEYS = [...keysOf(configBase()), ...keysOf(defaultExperimentConfig())];

/** A runner config file (parsed JSON): written by hand, a changed valid one, a changed page export, or any JSON. */
export const hostileConfigFile: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: knobConfig, weight: 4 },
  { arbitrary: mutated(configBase, CONFIG_KEYS), weight: 3 },
  { arbitrary: mutated(() => validRunExport(), EXPORT_KEYS), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
);

/** A config file's text: a changed valid config or page export, as a document or as text (cut short, 1e999, nested 100,000 deep). */
export const hostileConfigText: fc.Arbitrary<string> = fc.oneof(mutatedText(configBase, CONFIG_KEYS), mutatedText(() => validRunExport(), EXPORT_KEYS));

/** The per-stage knobs a --grid can sweep, by stage index: `stages.0.steps`. */
const STAGE_GRID_VALUES: Record<string, fc.Arbitrary<string>> = {
  steps: fc.integer({ min: 0, max: 12 }).map(String),
  maxCompletionLength: fc.integer({ min: 8, max: 700 }).map(String),
  sampleFilter: fc.constantFrom('both', 'positive', 'negative', 'neither'),
};

/** A real knob with values it may take (or just miss), typed as on the command line. */
const realGridAxis: fc.Arbitrary<[string, string[]]> = fc.oneof(
  { arbitrary: fc.constantFrom(...KNOB_FIELDS).chain((f) => fc.tuple(fc.constant(f.path), fc.array(knobText(f), { minLength: 1, maxLength: 3 }))), weight: 3 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom(...Object.keys(STAGE_GRID_VALUES))).chain(([i, k]) => fc.tuple(fc.constant(`stages.${i}.${k}`), fc.array(STAGE_GRID_VALUES[k], { minLength: 1, maxLength: 3 }))), weight: 1 },
);

/** Knob paths no --grid may name: Object's members at any level, groups, the seed, near misses. */
const hostileGridKnob = fc.oneof(
  { arbitrary: fc.constantFrom('seed', 'rlr', 'stages', 'stages.length', 'stages.9.steps', 'rlr.__proto__', 'name', 'backend', 'init'), weight: 2 },
  { arbitrary: fc.constantFrom(...PROTOTYPE_NAMES).chain((p) => fc.constantFrom(p, `rlr.${p}`, `stages.${p}`, `stages.0.${p}`)), weight: 2 },
  { arbitrary: hostileKey(KNOB_FIELDS.map((f) => f.path)), weight: 1 },
);

/** One `--grid knob=v1,v2,…` argument. */
export const hostileGridArg: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: realGridAxis.map(([k, vs]) => `${k}=${vs.join(',')}`), weight: 6 },
  { arbitrary: fc.tuple(hostileGridKnob, fc.array(plausibleLinkValue, { minLength: 1, maxLength: 3 })).map(([k, vs]) => `${k}=${vs.join(',')}`), weight: 2 },
  { arbitrary: fc.tuple(realGridAxis, fc.constantFrom('==', '= ', '=,', ',=')).map(([[k, vs], eq]) => `${k}${eq}${vs.join(',')}`), weight: 1 },
  { arbitrary: hostileText.filter((t) => t.length < 200), weight: 1 },
);
