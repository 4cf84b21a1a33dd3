import { describe, expect, it } from 'vitest';
import { PRESET_IDS } from '../core/presets';
import { HIDEABLE, VIEW_PARAM_ROWS, defaultUrlState, defaultView, encodeUrlState, parseUrlState, viewValue, type ViewParamRow } from './url-state';
import { decodeStages, encodeStages, validateDraft } from './form/draft';

describe('URL state', () => {
  it('encodes the defaults as an empty query', () => {
    expect(encodeUrlState(defaultUrlState())).toBe('');
    expect(parseUrlState('')).toEqual({ state: defaultUrlState(), problems: [] });
  });

  it('round-trips a config, the view, the classroom and hidden controls', () => {
    const s = defaultUrlState();
    s.view.view = 'classroom';
    s.view.runs = ['run-a', 'run:b'];
    s.view.smooth = 0.6;
    s.view.classroom = { ...s.view.classroom, G: 4, difficulty: 9, T: 0.7, projector: true, rlr: true };
    s.view.inspect = { run: 'run-a', step: 3, sample: '1.2', token: 7 };
    s.draft.values.numGenerations = '4';
    s.draft.values.lossType = 'dr_grpo';
    s.draft.values['rlr.enabled'] = true;
    s.draft.values['rlr.alpha'] = '0.5';
    s.draft.values.name = 'my run, 2';
    s.draft.stages = [
      { maxCompletionLength: '64', sampleFilter: 'negative', steps: '8', lengthReward: true },
      { maxCompletionLength: '160', sampleFilter: 'both', steps: '24', lengthReward: false },
    ];
    s.hidden = ['G', 'rlr.alpha'];
    const query = encodeUrlState(s);
    expect(query).toContain('view=classroom');
    expect(query).toContain('runs=run-a,run:b');
    expect(query).toContain('numGenerations=4');
    expect(query).toContain('rlr.enabled=true');
    expect(query).toContain('stages=64(N)x8-160(NP,noRLR)x24');
    expect(query).toContain('G_hide=true');
    expect(query).not.toContain('temperature=');
    const back = parseUrlState(`?${query}`);
    expect(back.problems).toEqual([]);
    expect(back.state.view).toEqual(s.view);
    expect(back.state.hidden.sort()).toEqual(['G', 'rlr.alpha']);
    expect(validateDraft(back.state.draft)).toMatchObject({ ok: true, config: { numGenerations: 4, lossType: 'dr_grpo', name: 'my run, 2', rlr: { enabled: true, alpha: 0.5 }, stages: [{ maxCompletionLength: 64, sampleFilter: 'negative', steps: 8 }, { maxCompletionLength: 160, sampleFilter: 'both', steps: 24 }] } });
    // Encoding is stable: what was read writes the same link.
    expect(encodeUrlState(back.state)).toBe(query);
  });

  it('leaves values equal to their defaults out, however they are written', () => {
    const s = defaultUrlState();
    s.draft.values.temperature = '0.60';
    s.draft.values.learningRate = '2.0e-5';
    expect(encodeUrlState(s)).toBe('');
  });

  it('reads a link without temperature or top-p at the rollout default 0.6 / 0.95, and writes T = 1 out', () => {
    // Links carry no version: one written when the default was T = 1, top-p 1 and left them out
    // now samples at 0.6 / 0.95 (README, "Rollout temperature"). A link that means T = 1 says so.
    const old = parseUrlState('?numGenerations=4&view=classroom');
    expect(old.problems).toEqual([]);
    const config = validateDraft(old.state.draft);
    expect(config).toMatchObject({ ok: true, config: { temperature: 0.6, topP: 0.95 } });
    expect(old.state.view.classroom.T).toBe(0.6);
    const hot = defaultUrlState();
    hot.draft.values.temperature = '1';
    hot.draft.values.topP = '1';
    hot.view.classroom.T = 1;
    const query = encodeUrlState(hot);
    expect(query.split('&').sort()).toEqual(['T=1', 'temperature=1', 'topP=1']);
    expect(validateDraft(parseUrlState(`?${query}`).state.draft)).toMatchObject({ ok: true, config: { temperature: 1, topP: 1 } });
  });

  it('keeps the page keys (backend, checkpoint) it is given, first', () => {
    const s = defaultUrlState();
    s.view.view = 'eval';
    expect(encodeUrlState(s, { backend: 'wasm', checkpoint: '/checkpoints/base/' })).toBe('backend=wasm&checkpoint=%2Fcheckpoints%2Fbase%2F&view=eval');
    expect(parseUrlState('?backend=wasm&view=eval').problems).toEqual([]);
  });

  it('reports bad view values by name and keeps their defaults; the rest of the link applies', () => {
    const r = parseUrlState('?view=nowhere&G=99&smooth=abc&projector=maybe&numGenerations=4');
    expect(r.state.view.view).toBe('train');
    expect(r.state.view.classroom.G).toBe(8);
    expect(r.state.view.smooth).toBe(0);
    expect(r.state.view.classroom.projector).toBe(false);
    expect(r.state.draft.values.numGenerations).toBe('4');
    expect(r.problems).toEqual([
      'view: view must be one of train, eval, compare, classroom, samples',
      'G: G must be an integer in [1, 16]',
      'smooth: smooth must be a number in [0, 0.99]',
      'projector: projector must be true or false',
    ]);
  });

  it('keeps an invalid knob value as typed, so the form shows it with the schema’s message', () => {
    const r = parseUrlState('?numGenerations=0&topP=abc&lossType=ppo&rlr.enabled=yes');
    expect(r.problems).toEqual([]);
    const v = validateDraft(r.state.draft);
    expect(v.ok).toBe(false);
    expect(v.errors).toMatchObject({
      numGenerations: 'numGenerations must be an integer in [1, 64]',
      topP: 'topP must be a number in [0.01, 1]',
      lossType: 'lossType must be one of grpo, dapo, dr_grpo',
      'rlr.enabled': 'rlr.enabled must be true or false',
    });
  });

  it('refuses a malformed stage list, unknown keys, unknown _hide targets and repeated keys', () => {
    const r = parseUrlState('?stages=160(X)x4&numGeneration=4&Q_hide=true&G=4&G=5');
    expect(r.state.draft.stages).toEqual(defaultUrlState().draft.stages);
    expect(r.state.view.classroom.G).toBe(4);
    expect(r.problems).toEqual([
      'stages: "160(X)x4" is not a stage; write max length(N|P|NP)x steps, e.g. 160(N)x40-160(NP)x20, with ,noRLR inside the brackets for a stage without the length reward',
      'numGeneration is not a setting of this page; it was ignored',
      'Q_hide: there is no control called "Q"',
      'G is given more than once; the first value is used',
    ]);
  });

  it('treats names inherited from Object as unknown keys, not as settings', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
      const r = parseUrlState(`?${key}=1`);
      expect(r.state).toEqual(defaultUrlState());
      expect(r.problems).toEqual([`${key} is not a setting of this page; it was ignored`]);
    }
    expect(parseUrlState('?constructor_hide=true').problems).toEqual(['constructor_hide: there is no control called "constructor"']);
  });

  it('quotes a huge value or key in a problem cut to 80 characters, not whole', () => {
    // Found by the fuzz suite: ?preset= or ?suite= with 200,000 characters repeated them all in the page's problem list.
    const huge = 'x'.repeat(200_000);
    const r = parseUrlState(`?preset=${huge}&suite=${huge}&stages=${huge}&${huge}=1&y${huge}_hide=true`);
    expect(r.problems).toHaveLength(5);
    for (const p of r.problems) expect(p.length).toBeLessThan(400);
    expect(r.problems[0]).toMatch(new RegExp(`^preset: preset must be one of .* \\(got "x{78}…\\)$`));
    expect(r.problems[1]).toMatch(/^suite: unknown suite "x{78}…; known suites: in-30/);
    expect(r.problems[2]).toMatch(/^stages: "x{78}… is not a stage;/);
    expect(r.problems[3]).toMatch(/^x{79}… is not a setting of this page; it was ignored$/);
    expect(r.problems[4]).toMatch(/^yx{78}…: there is no control called "yx{77}…$/);
  });

  it('reads -0 as 0 in view keys and knobs, so the state writes back as the link it reads', () => {
    // Found by the fuzz suite: ?cseed=-0 held -0, and its link (cseed=0) read back as a different state.
    const r = parseUrlState('?cseed=-0&itoken=-0&smooth=-0&beta=-0');
    expect(r.problems).toEqual([]);
    expect(Object.is(r.state.view.classroom.seed, 0) && Object.is(r.state.view.inspect.token, 0) && Object.is(r.state.view.smooth, 0)).toBe(true);
    const v = validateDraft(r.state.draft);
    expect(v.ok && Object.is(v.config.beta, 0)).toBe(true);
    const again = parseUrlState(`?${encodeUrlState(r.state)}`).state;
    expect(again.view).toEqual(r.state.view);
    const w = validateDraft(again.draft);
    expect(w.ok && v.ok && w.config).toEqual(v.ok && v.config);
  });

  it('reads 1 and 0 as booleans everywhere: view keys, knobs and _hide', () => {
    const r = parseUrlState('?projector=1&rlr.enabled=1&scaleRewards=0&G_hide=1&T_hide=0');
    expect(r.problems).toEqual([]);
    expect(r.state.view.classroom.projector).toBe(true);
    expect(r.state.hidden).toEqual(['G']);
    const v = validateDraft(r.state.draft);
    expect(v.ok && v.config.rlr.enabled).toBe(true);
    expect(v.ok && v.config.scaleRewards).toBe(false);
    expect(encodeUrlState(r.state)).toBe('projector=true&scaleRewards=false&rlr.enabled=true&G_hide=true');
  });

  it('names an unknown suite instead of falling back to in-30, in the view and in the knob', () => {
    const r = parseUrlState('?view=eval&suite=zzz&evaluation.suite=nonexistent-suite&evaluation.every=1');
    expect(r.state.view.evalSuite).toBe('in-30');
    expect(r.problems).toEqual([expect.stringMatching(/^suite: unknown suite "zzz"; known suites: in-30, in-83/)]);
    const v = validateDraft(r.state.draft);
    expect(v.ok).toBe(false);
    expect(v.errors['evaluation.suite']).toMatch(/^evaluation.suite must be one of in-30, in-83/);
    expect(parseUrlState('?suite=ood-list-83').state.view.evalSuite).toBe('ood-list-83');
  });

  it('decodes stages in the paper’s notation, out-of-range numbers left for the schema', () => {
    expect(decodeStages('64(N)x8-96(N)x8-160(NP)x4')).toEqual({
      ok: true,
      stages: [
        { maxCompletionLength: '64', sampleFilter: 'negative', steps: '8', lengthReward: true },
        { maxCompletionLength: '96', sampleFilter: 'negative', steps: '8', lengthReward: true },
        { maxCompletionLength: '160', sampleFilter: 'both', steps: '4', lengthReward: true },
      ],
    });
    // A stage without the length reward: ,noRLR inside its brackets, and back.
    const plain = decodeStages('160(NP,noRLR)x40-64(NP)x20');
    expect(plain).toEqual({
      ok: true,
      stages: [
        { maxCompletionLength: '160', sampleFilter: 'both', steps: '40', lengthReward: false },
        { maxCompletionLength: '64', sampleFilter: 'both', steps: '20', lengthReward: true },
      ],
    });
    if (plain.ok) expect(encodeStages(plain.stages)).toBe('160(NP,noRLR)x40-64(NP)x20');
    for (const bad of ['160(noRLR)x4', '160(NP,noRLR,noRLR)x4', '160(NP,norlr)x4']) expect(decodeStages(bad).ok, bad).toBe(false);
    const big = decodeStages('9999(P)x0');
    expect(big.ok).toBe(true);
    if (!big.ok) return;
    expect(encodeStages(big.stages)).toBe('9999(P)x0');
    const s = defaultUrlState();
    s.draft.stages = big.stages;
    expect(validateDraft(s.draft).errors).toEqual({
      'stages.0.maxCompletionLength': 'maxCompletionLength must be an integer in [8, 512]',
      'stages.0.steps': 'steps must be an integer in [1, 100000]',
    });
  });
});

/**
 * Walks the table of view parameters, so a parameter added to it later is covered without a test
 * of its own: each one reads and writes back, hides when it is marked hideable, refuses a bad value
 * by its key, and is left out of a link when it holds its default.
 */
describe('every view parameter in the table', () => {
  // Link texts in their canonical spelling; each parameter takes the first one it reads as other than its default.
  const CANDIDATES = ['run-a,run:b', 'eval', '0.5', '3', 'true', 'full', PRESET_IDS[0], 'greedy', 'in-83', '0.3', '1.5'];
  const sampleText = ({ param: p }: ViewParamRow) =>
    CANDIDATES.find((t) => {
      const r = p.schema.safeParse(t);
      return r.success && (p.defaultValue === null || p.text(r.data) !== p.text(p.defaultValue));
    });

  it('has one row per link key, none of them a knob, a page key or a section', () => {
    const keys = VIEW_PARAM_ROWS.map((r) => r.param.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(['stages', 'presets', 'tabs', 'backend', 'checkpoint', 'numGenerations', 'seed']).not.toContain(k);
  });

  for (const row of VIEW_PARAM_ROWS) {
    const { path, param: p } = row;
    const where = `${p.key} (${path.join('.')})`;

    it(`${where}: a value other than the default reads into its place and writes back as the same link`, () => {
      const text = sampleText(row);
      expect(text, `no candidate text reads as a non-default ${p.key}: add one to CANDIDATES`).toBeDefined();
      const r = parseUrlState(`?${p.key}=${encodeURIComponent(text!)}`);
      expect(r.problems).toEqual([]);
      const want = defaultView();
      const parent = path.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, want as unknown as Record<string, unknown>);
      parent[path[path.length - 1]] = p.schema.parse(text);
      expect(r.state.view).toEqual(want);
      expect(viewValue(r.state.view, path)).not.toEqual(p.defaultValue);
      const link = encodeUrlState(r.state);
      expect(new URLSearchParams(link).get(p.key)).toBe(text);
      expect(parseUrlState(`?${link}`)).toEqual(r);
    });

    it(`${where}: its default is not written to the link`, () => {
      if (p.defaultValue === null) {
        expect(viewValue(defaultView(), path)).toBeNull();
        return;
      }
      const r = parseUrlState(`?${p.key}=${encodeURIComponent(p.text(p.defaultValue))}`);
      expect(r.problems).toEqual([]);
      expect(r.state).toEqual(defaultUrlState());
      expect(encodeUrlState(r.state)).toBe('');
    });

    it(`${where}: a bad value is a problem that names the key, and the default stays`, () => {
      const r = parseUrlState(`?${p.key}=${encodeURIComponent('x y!')}`);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0].startsWith(`${p.key}: `)).toBe(true);
      expect(r.state).toEqual(defaultUrlState());
    });

    it(`${where}: ${p.hideable ? 'hides with' : 'refuses'} ${p.key}_hide=true`, () => {
      const r = parseUrlState(`?${p.key}_hide=true`);
      expect(HIDEABLE.has(p.key)).toBe(p.hideable);
      if (p.hideable) {
        expect(r.problems).toEqual([]);
        expect(r.state.hidden).toEqual([p.key]);
        expect(encodeUrlState(r.state)).toBe(`${p.key}_hide=true`);
      } else {
        expect(r.problems).toEqual([`${p.key}_hide: there is no control called "${p.key}"`]);
      }
    });
  }
});

describe('workers in a link', () => {
  it('sets the lab workers of a preset job, within 1..MAX_PARALLEL_RUNS, and is left out when automatic', () => {
    expect(parseUrlState('?workers=3').state.view.workers).toBe(3);
    expect(parseUrlState('').state.view.workers).toBeNull();
    for (const bad of ['0', '65', '2.5', 'many']) {
      const r = parseUrlState(`?workers=${bad}`);
      expect(r.state.view.workers).toBeNull();
      expect(r.problems).toEqual(['workers: workers must be an integer in [1, 64]']);
    }
    expect(encodeUrlState({ ...defaultUrlState(), view: { ...defaultView(), workers: 2 } })).toContain('workers=2');
    expect(encodeUrlState(defaultUrlState())).not.toContain('workers');
  });
});
