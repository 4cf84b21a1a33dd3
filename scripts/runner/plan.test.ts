import { describe, expect, it } from 'vitest';
import { configPlan, defaultOutDir, expandPlan, gridPoints, parseGridArg, parseGridArgs, presetPlan, PlanError } from './plan';
import { PRESET_IDS, PRESET_SIZES } from '../../src/core/presets';
import { freshRunSummary, RUN_EXPORT_FORMAT, RUN_EXPORT_VERSION, type RunExport } from '../../workers/api';
import { ConfigError } from '../../src/core/knobs';
import { parseExperimentConfig } from '../../src/core/config';

describe('grid arguments', () => {
  it('type values by the knob they set', () => {
    expect(parseGridArg('numGenerations=4,8')).toEqual({ knob: 'numGenerations', values: [4, 8] });
    expect(parseGridArg('rlr.enabled=true,false')).toEqual({ knob: 'rlr.enabled', values: [true, false] });
    expect(parseGridArg('lossType=grpo,dr_grpo')).toEqual({ knob: 'lossType', values: ['grpo', 'dr_grpo'] });
    expect(parseGridArg('stages.0.steps=3')).toEqual({ knob: 'stages.0.steps', values: [3] });
  });
  it('name what is wrong', () => {
    expect(() => parseGridArg('nope=1')).toThrow(/unknown knob "nope"/);
    expect(() => parseGridArg('rlr=1')).toThrow(/group of knobs/);
    expect(() => parseGridArg('numGenerations=four')).toThrow(/takes numbers, got "four"/);
    expect(() => parseGridArg('rlr.enabled=yes')).toThrow(/true or false/);
    expect(() => parseGridArg('numGenerations=4,4')).toThrow(/twice/);
    expect(() => parseGridArg('numGenerations')).toThrow(PlanError);
  });
  it('refuse knobs inherited from Object, the seed and an axis given twice', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'rlr.hasOwnProperty', 'stages.length']) expect(() => parseGridArg(`${name}=1,2`)).toThrow(/unknown knob/);
    expect(() => parseGridArg('seed=1,2')).toThrow(/--seeds/);
    expect(() => parseGridArgs(['numGenerations=4', 'numGenerations=8'])).toThrow(/numGenerations is given twice/);
    expect(parseGridArgs(['numGenerations=4,8', 'rlr.lambda=5'])).toHaveLength(2);
  });
  it('cross the axes', () => {
    expect(gridPoints([])).toEqual([{}]);
    expect(gridPoints([{ knob: 'a', values: [1, 2] }, { knob: 'b', values: ['x', 'y', 'z'] }])).toHaveLength(6);
  });
});

describe('plans', () => {
  it('give each (arm, grid point, seed) one unit with its own seed; untrained arms run once per seed', () => {
    const plan = presetPlan('pos-neg', 'quick', 2, [parseGridArg('temperature=0.8,1')]);
    // Orig: 2 seeds; Both/Neg/Pos: 2 grid points × 2 seeds each.
    expect(plan.units).toHaveLength(2 + 3 * 2 * 2);
    expect(new Set(plan.units.map((u) => u.id)).size).toBe(plan.units.length);
    const neg = plan.units.filter((u) => u.arm === 'Neg');
    // Seed-major: all of seed 1 before seed 2, so a report built up over sessions completes whole seeds.
    expect(neg.map((u) => [u.config!.temperature, u.config!.seed])).toEqual([[0.8, 1], [1, 1], [0.8, 2], [1, 2]]);
    expect(plan.units.map((u) => u.seed)).toEqual([...Array(7).fill(1), ...Array(7).fill(2)]);
    expect(plan.units.slice(0, 7).map((u) => u.arm)).toEqual(['Orig', 'Both', 'Both', 'Neg', 'Neg', 'Pos', 'Pos']);
    expect(neg.every((u) => u.config!.stages[0].sampleFilter === 'negative')).toBe(true);
    expect(plan.units.find((u) => u.arm === 'Orig')!.config).toBeUndefined();
  });
  it('run a preset at its size\'s training seeds unless told otherwise', () => {
    expect(presetPlan('length-bias', 'quick', undefined, []).seeds).toEqual([1, 2]);
    expect(presetPlan('length-bias', 'full', undefined, []).seeds).toEqual([1, 2, 3, 4, 5]);
    expect(presetPlan('length-bias', 'quick', 3, []).seeds).toEqual([1, 2, 3]);
  });
  it('pair seeds across the arms of every preset: same prompt schedule, same evaluation seeds', () => {
    for (const id of PRESET_IDS) {
      for (const size of PRESET_SIZES) {
        const plan = presetPlan(id, size, undefined, []);
        for (const seed of plan.seeds) {
          const units = plan.units.filter((u) => u.seed === seed);
          // The trainer's prompt order and step seeds come from config.seed, the training set and P alone.
          const schedule = new Set(units.filter((u) => u.config).map((u) => JSON.stringify([u.config!.seed, u.config!.data, u.config!.promptsPerStep])));
          expect(schedule.size, `${id} ${size} seed ${seed}`).toBeLessThanOrEqual(1);
          // A study in the same slot with the same definition samples with the same seed in every arm.
          const bySlot = new Map<string, Set<number>>();
          for (const u of units) u.studies.forEach((s, i) => {
            const key = `${i}:${JSON.stringify({ ...s, seed: 0 })}`;
            bySlot.set(key, new Set([...(bySlot.get(key) ?? []), s.seed]));
          });
          for (const [key, seeds] of bySlot) expect(seeds.size, `${id} ${size} seed ${seed} study ${key.slice(0, 40)}`).toBe(1);
        }
        // Different seeds differ: a second seed is a second sample, not a copy.
        if (plan.seeds.length > 1) expect(plan.units.find((u) => u.seed === 1)!.studies[0].seed).not.toBe(plan.units.find((u) => u.seed === 2)!.studies[0].seed);
      }
    }
  });
  it("score the base arm's and each trained arm's Training Set column on the problems the arm's run at that seed trained on", () => {
    for (const id of ['pos-neg', 'length-bias']) {
      const plan = presetPlan(id, 'quick', 3, [{ knob: 'promptsPerStep', values: [1, 2] }]);
      for (const u of plan.units) {
        const card = u.studies.find((s) => s.kind === 'scorecard');
        if (card?.kind !== 'scorecard') throw new Error(`${u.id} has no scorecard`);
        const steps = u.config ? u.config.stages.reduce((n, st) => n + st.steps, 0) : 2;
        // quick size: 2 steps; Orig, untrained, takes the preset's own batch (2 prompts).
        const promptsPerStep = u.config ? u.config.promptsPerStep : 2;
        expect(card.trainedOn, u.id).toEqual({ data: parseExperimentConfig({}).data, seed: u.seed, promptsPerStep, steps });
      }
      expect(new Set(plan.units.map((u) => u.seed))).toEqual(new Set([1, 2, 3]));
    }
  });

  it('reject grid values outside a knob range with the knob named', () => {
    expect(() => presetPlan('pos-neg', 'quick', 1, [parseGridArg('numGenerations=0')])).toThrow(ConfigError);
    expect(() => presetPlan('pos-neg', 'quick', 1, [parseGridArg('numGenerations=0')])).toThrow(/numGenerations must be an integer in \[1, 64\]/);
    expect(() => presetPlan('pos-neg', 'quick', 0, [])).toThrow(/--seeds/);
  });
  it('read a config file, with its studies, and refuse a bad one', () => {
    const plan = configPlan('x.json', { name: 'mine', numGenerations: 4, studies: [{ kind: 'pass1', suite: 'in-83', runs: 2 }] }, 1, []);
    expect(plan.units).toHaveLength(1);
    expect(plan.units[0].config!.numGenerations).toBe(4);
    expect(plan.units[0].studies[0]).toMatchObject({ kind: 'pass1', suite: 'in-83', runs: 2 });
    expect(() => configPlan('x.json', { numGenerations: 99 }, 1, [])).toThrow(/x.json: numGenerations: numGenerations must be an integer in \[1, 64\]/);
    expect(() => configPlan('x.json', [], 1, [])).toThrow(/JSON object/);
    expect(() => configPlan('x.json', { studies: [{ kind: 'nope' }] }, 1, [])).toThrow(/studies.0/);
  });
  it('refuse unknown keys in a config file by their path, and honour the quick size', () => {
    expect(() => configPlan('x.json', { numGenerationz: 4 }, 1, [])).toThrow(/x.json: numGenerationz: unknown key/);
    expect(() => configPlan('x.json', { rlr: { enabeld: true } }, 1, [])).toThrow(/x.json: rlr.enabeld: unknown key/);
    expect(() => configPlan('x.json', { backend: 'webgpu' }, 1, [])).toThrow(/backend: not a config key: choose the TF.js backend with --backend/);
    expect(() => configPlan('x.json', { init: 'base' }, 1, [])).toThrow(/x.json: init: not a config key: every run starts from the base checkpoint/);
    expect(() => configPlan('x.json', { evaluation: { suite: 'nonexistent', every: 1 } }, 1, [])).toThrow(/evaluation.suite must be one of in-30/);
    const full = configPlan('x.json', { stages: [{ steps: 40 }, { steps: 1, maxCompletionLength: 64 }], studies: [{ kind: 'pass1', suite: 'in-83' }] }, 1, []);
    const quick = configPlan('x.json', { stages: [{ steps: 40 }, { steps: 1, maxCompletionLength: 64 }], studies: [{ kind: 'pass1', suite: 'in-83' }] }, 1, [], 'quick');
    expect(full.units[0].config!.stages.map((s) => s.steps)).toEqual([40, 1]);
    expect(quick.units[0].config!.stages.map((s) => [s.steps, s.maxCompletionLength])).toEqual([[2, 160], [1, 64]]);
    expect(quick.units[0].config!).toMatchObject({ promptsPerStep: 2, numGenerations: 4 });
    expect(quick.units[0].studies[0]).toMatchObject({ kind: 'pass1', suite: 'in-83', runs: 1 });
  });
  it('read a run the page exported: its config and its studies, checked by the import schema', () => {
    const config = parseExperimentConfig({ name: 'exported', numGenerations: 4, promptsPerStep: 4, stages: [{ maxCompletionLength: 64, sampleFilter: 'both', steps: 10 }] });
    const now = '2026-01-01T00:00:00.000Z';
    const file: RunExport = { format: RUN_EXPORT_FORMAT, version: RUN_EXPORT_VERSION, exportedAt: now, run: { ...freshRunSummary({ runId: 'r1', label: 'exported', config, backend: { name: 'wasm', adapter: '' }, now }), metrics: [], evals: [], studies: [] } };
    const plan = configPlan('run.json', file, 1, []);
    expect(plan.title).toBe('exported');
    expect(plan.units[0].config).toEqual({ ...config, seed: 1 });
    expect(plan.units[0].studies.map((s) => s.kind)).toEqual(['scorecard']);
    // An export written before backend and init left the schema still reads.
    const old = structuredClone(file) as unknown as { run: { config: Record<string, unknown> } };
    Object.assign(old.run.config, { backend: 'auto', init: 'base' });
    expect(configPlan('run.json', old, 1, []).units[0].config!.numGenerations).toBe(4);
    expect(() => configPlan('run.json', { ...file, run: { ...file.run, totalSteps: 3 } }, 1, [])).toThrow(/run.json: the run export is not valid: run.totalSteps/);
  });
  it('never make two units that run the same thing, in any preset at any size', () => {
    for (const id of PRESET_IDS) for (const size of PRESET_SIZES) expect(() => presetPlan(id, size, 2, [])).not.toThrow();
    const config = parseExperimentConfig({});
    expect(() => expandPlan({ arms: [{ label: 'a', config, studies: [] }, { label: 'b', config, studies: [] }], source: { configFile: 'f' }, title: 't', paper: '', seeds: 1, grid: [] })).toThrow(/the same experiment/);
  });
  it('keep a default results folder inside results/', () => {
    const plan = configPlan('x.json', { name: '../../../tmp/x' }, 1, []);
    expect(defaultOutDir(plan, false)).toBe('results/_.._.._tmp_x');
    expect(defaultOutDir(configPlan('x.json', { name: '..' }, 1, []), true)).toBe('results/x-quick');
    expect(defaultOutDir(presetPlan('rlr', 'quick', 1, []), true)).toBe('results/rlr-quick');
  });
  it('refuse two units that would share a folder', () => {
    const config = parseExperimentConfig({});
    expect(() => expandPlan({ arms: [{ label: 'a', config, studies: [] }, { label: 'a', config, studies: [] }], source: { configFile: 'f' }, title: 't', paper: '', seeds: 1, grid: [] })).toThrow(/share a folder/);
  });
});
