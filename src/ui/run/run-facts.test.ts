import { describe, expect, it } from 'vitest';
import { freshRunSummary } from '../../../workers/api';
import { defaultExperimentConfig } from '../../core/config';
import { hasWeights, keptNote, whyNoSamples, whyNoWeights } from './run-facts';

const fresh = freshRunSummary({ runId: 'r', label: 'r', config: defaultExperimentConfig(), backend: { name: 'wasm', adapter: '' }, now: '2026-01-01T00:00:00Z' });

describe('run facts', () => {
  it('a run trained here has weights once it checkpoints and samples once a step finished', () => {
    expect(whyNoSamples(fresh)).toBe('No step has finished yet');
    expect(whyNoWeights(fresh)).toBe('No checkpoint stored yet');
    const trained = { ...fresh, step: 4, checkpointStep: 4 };
    expect(hasWeights(trained)).toBe(true);
    expect(whyNoWeights(trained)).toBeNull();
    expect(whyNoSamples(trained)).toBeNull();
  });

  it('an imported run has neither, whatever its step count, and says why', () => {
    const imported = { ...fresh, step: 40, status: 'done' as const, imported: true as const };
    expect(hasWeights(imported)).toBe(false);
    expect(whyNoWeights(imported)).toMatch(/imported run brings its numbers, not its weights/);
    expect(whyNoSamples(imported)).toMatch(/imported run brings its metrics and studies, not its samples/);
  });

  it('says which step a finished run kept and why, and nothing before it has finished', () => {
    expect(keptNote(fresh)).toBeNull();
    const done = { ...fresh, status: 'done' as const, outcome: { endStep: 30, endedBy: 'plateau' as const, keep: 'best' as const, keptStep: 20, reason: 'best validation Pass@1 (41.0 %) of 7 evaluations' } };
    expect(keptNote(done)).toBe('stopped at step 30, validation had plateaued; kept step 20: best validation Pass@1 (41.0 %) of 7 evaluations');
    expect(keptNote({ ...done, outcome: { ...done.outcome, endedBy: 'budget' as const } })).toMatch(/^ran all 30 steps; kept step 20/);
  });
});
