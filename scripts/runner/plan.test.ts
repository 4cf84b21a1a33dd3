import { describe, expect, it } from 'vitest';
import { configPlan, expandPlan, gridPoints, parseGridArg, presetPlan, PlanError } from './plan';
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
    expect(neg.map((u) => [u.config!.temperature, u.config!.seed])).toEqual([[0.8, 1], [0.8, 2], [1, 1], [1, 2]]);
    expect(neg.every((u) => u.config!.stages[0].sampleFilter === 'negative')).toBe(true);
    expect(plan.units.find((u) => u.arm === 'Orig')!.config).toBeUndefined();
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
  it('refuse two units that would share a folder', () => {
    const config = parseExperimentConfig({});
    expect(() => expandPlan({ arms: [{ label: 'a', config, studies: [] }, { label: 'a', config, studies: [] }], source: { configFile: 'f' }, title: 't', paper: '', seeds: 1, grid: [] })).toThrow(/share a folder/);
  });
});
