import { describe, expect, it } from 'vitest';
import { defaultExperimentConfig, parseExperimentConfig, stageAt, StoredConfigSchema, totalSteps } from './config';
import { ConfigError } from './knobs';

describe('ExperimentConfig', () => {
  it('fills every default from an empty object', () => {
    const c = defaultExperimentConfig();
    expect(c.numGenerations).toBe(8);
    expect(c.stages).toHaveLength(1);
    expect(c.rlr.enabled).toBe(false);
    expect(c.injection.gamma).toBe(0.125);
    // Rollouts decode as the paper generates (README, "Rollout temperature").
    expect([c.temperature, c.topP]).toEqual([0.6, 0.95]);
  });

  it('names the knob and its allowed range in the message', () => {
    const bad = (input: unknown) => {
      try {
        parseExperimentConfig(input);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems;
      }
      throw new Error('expected a ConfigError');
    };
    expect(bad({ numGenerations: 0 })).toEqual(['numGenerations: numGenerations must be an integer in [1, 64]']);
    expect(bad({ numGenerations: 2.5 })).toEqual(['numGenerations: numGenerations must be an integer in [1, 64]']);
    expect(bad({ temperature: 'hot' })[0]).toMatch(/^temperature: temperature must be a number in \[0.05, 2\]/);
    expect(bad({ stages: [{ steps: 10 }, { sampleFilter: 'neutral' }] })).toEqual(['stages.1.sampleFilter: sampleFilter must be one of both, positive, negative']);
    expect(bad({ stages: [] })).toEqual(['stages: stages must list at least one stage']);
    expect(bad({ rlr: { epsLow: 2, epsUp: 1 } })).toEqual(['rlr.epsLow: rlr.epsLow must not exceed rlr.epsUp']);
    expect(bad({ data: { minOps: 9, maxOps: 3 } })).toEqual(['data.minOps: data.minOps must not exceed data.maxOps']);
    expect(bad({ temperature: Number.NaN }).length).toBeGreaterThan(0);
  });

  it('refuses unknown keys by their path, at any depth, instead of dropping them', () => {
    const problems = (input: unknown) => {
      try {
        parseExperimentConfig(input);
      } catch (e) {
        return (e as ConfigError).problems;
      }
      throw new Error('expected a ConfigError');
    };
    expect(problems({ numGenerationz: 4 })).toEqual(['numGenerationz: unknown key; not a setting of this config']);
    expect(problems({ rlr: { enabeld: true }, stages: [{ steps: 2, filter: 'negative' }] }).sort()).toEqual([
      'rlr.enabeld: unknown key; not a setting of this config',
      'stages.0.filter: unknown key; not a setting of this config',
    ]);
    // Inherited names are keys like any other.
    expect(problems(JSON.parse('{"constructor": 1, "__proto__": {"x": 1}}'))).toHaveLength(2);
    expect(problems({ backend: 'webgpu', init: 'base' })).toEqual([
      'backend: not a config key: choose the TF.js backend with --backend (runner) or ?backend= (page)',
      'init: not a config key: every run starts from the base checkpoint the page loaded (?checkpoint=)',
    ]);
  });

  it('names suites by the suite list', () => {
    expect(parseExperimentConfig({ evaluation: { suite: 'in-83' } }).evaluation.suite).toBe('in-83');
    expect(() => parseExperimentConfig({ evaluation: { suite: 'nonexistent' } })).toThrow(/evaluation.suite: evaluation.suite must be one of in-30, in-83/);
  });

  it('still reads a config an earlier version wrote with the retired backend and init keys', () => {
    const old = { ...defaultExperimentConfig(), backend: 'auto', init: 'base' };
    expect(StoredConfigSchema.parse(old)).toEqual(defaultExperimentConfig());
    expect(StoredConfigSchema.safeParse({ ...old, numGenerationz: 1 }).success).toBe(false);
  });

  it('lists every problem at once', () => {
    try {
      parseExperimentConfig({ numGenerations: 0, beta: -1 });
    } catch (e) {
      expect((e as ConfigError).problems).toHaveLength(2);
      expect((e as ConfigError).message).toMatch(/numGenerations.*beta/);
    }
  });

  it('maps steps to stages', () => {
    const c = parseExperimentConfig({ stages: [{ steps: 2, sampleFilter: 'negative' }, { steps: 3 }] });
    expect(totalSteps(c)).toBe(5);
    expect([0, 1, 2, 4].map((s) => stageAt(c, s).index)).toEqual([0, 0, 1, 1]);
    expect(stageAt(c, 1).stage.sampleFilter).toBe('negative');
  });
});
