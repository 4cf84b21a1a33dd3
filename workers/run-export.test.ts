import { describe, expect, it } from 'vitest';
import { parseExperimentConfig } from '../src/core/config';
import type { StepMetrics } from '../src/core/grpo/metrics';
import { MAX_IMPORT_BYTES, RUN_EXPORT_FORMAT, RUN_EXPORT_VERSION, type RunExport } from './api';
import { freeRunId, parseRunExport } from './run-export';

const config = parseExperimentConfig({ seed: 3, stages: [{ steps: 3 }] });

function metrics(step: number): StepMetrics {
  return {
    step, stage: 0, sampleFilter: 'both', maxCompletionLength: 160, reward: 0.5, accuracy: 0.5, meanLength: 40, meanLengthCorrect: 38,
    truncatedShare: 0, allCorrectShare: 0.25, allWrongShare: 0.25, otherEqualShare: 0, effectiveShare: 0.5, positiveUsed: 8, negativeUsed: 8,
    injected: 0, loss: 0.1, gradNorm: 0.3, clipFraction: 0, kl: 0, entropy: 1.2, tokensUsed: 600, skippedUpdate: false,
    secondsSampling: 1, secondsScoring: 0.01, secondsUpdating: 2,
  };
}

function validExport(): RunExport {
  return {
    format: RUN_EXPORT_FORMAT,
    version: RUN_EXPORT_VERSION,
    exportedAt: '2025-01-01T00:00:00.000Z',
    run: {
      runId: 'run-a', label: 'both', config, status: 'done', createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:01:00.000Z',
      step: 2, totalSteps: 3, checkpointStep: 2, backend: { name: 'wasm', adapter: 'WebAssembly + SIMD' },
      metrics: [metrics(1), metrics(2)],
      evals: [{ step: 0, suite: 'in-30', runs: 4, pass1: 0.2, uncertainShare: 0.4, meanLength: 50 }],
      studies: [],
    },
  };
}

describe('parseRunExport', () => {
  it('accepts an export as JSON text or as an object, unchanged', () => {
    const file = validExport();
    expect(parseRunExport(JSON.stringify(file))).toEqual(file);
    expect(parseRunExport(file)).toEqual(file);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseRunExport('{"format": "grpo-lab-run",')).toThrow(/not valid JSON/);
  });

  it('refuses another format and another version, saying which', () => {
    expect(() => parseRunExport({ ...validExport(), format: 'something-else' })).toThrow('the file is not a GRPO Lab run export (format "something-else", expected "grpo-lab-run")');
    expect(() => parseRunExport({ ...validExport(), version: 2 })).toThrow('the file is a version 2 run export; this GRPO Lab reads version 1 only');
    expect(() => parseRunExport([1, 2])).toThrow(/expected a JSON object/);
  });

  it('names the field that breaks the schema', () => {
    const file = validExport() as unknown as { run: { metrics: Record<string, unknown>[]; config: Record<string, unknown> } };
    file.run.metrics[1].reward = 'high';
    expect(() => parseRunExport(file)).toThrow(/run\.metrics\.1\.reward/);
    const bad = validExport() as unknown as { run: { config: Record<string, unknown> } };
    bad.run.config.numGenerations = 1000;
    expect(() => parseRunExport(bad)).toThrow('run.config.numGenerations: numGenerations must be an integer in [1, 64]');
  });

  it('refuses metrics out of order, past the run, and a step count that disagrees with the stages', () => {
    const swapped = validExport();
    swapped.run.metrics.reverse();
    expect(() => parseRunExport(swapped)).toThrow(/increasing order of step/);
    const past = validExport();
    past.run.metrics.push(metrics(4));
    expect(() => parseRunExport(past)).toThrow(/step 4 is past the run's 3 steps/);
    const total = validExport();
    total.run.totalSteps = 9;
    expect(() => parseRunExport(total)).toThrow(/totalSteps is 9 but the config's stages add up to 3/);
  });

  it('refuses a file over the size cap before parsing it', () => {
    const huge = ' '.repeat(MAX_IMPORT_BYTES + 1);
    expect(() => parseRunExport(huge)).toThrow('the file is 20.0 MB; the limit for an imported run is 20.0 MB');
  });
});

describe('freeRunId', () => {
  it('keeps a free id and otherwise finds the next free -imported name', () => {
    expect(freeRunId('a', new Set())).toBe('a');
    expect(freeRunId('a', new Set(['a']))).toBe('a-imported');
    expect(freeRunId('a', new Set(['a', 'a-imported', 'a-imported-2']))).toBe('a-imported-3');
    expect(freeRunId('x'.repeat(100), new Set(['x'.repeat(100)])).length).toBeLessThanOrEqual(100);
  });
});
