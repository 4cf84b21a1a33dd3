import { describe, expect, it } from 'vitest';
import { keptNote, keptSummary, PLATEAU_READING } from './kept';
import type { StoredUnit } from './data';

/** A stored unit with the given validation Pass@1 points (steps 0, 10, …) and outcome. */
function unit(id: string, pass1: number[], kept?: number): StoredUnit {
  const evals = pass1.map((p, i) => ({ step: i * 10, suite: 'validation-200', runs: 4, pass1: p, uncertainShare: null, meanLength: 50 }));
  const endStep = (pass1.length - 1) * 10;
  return {
    unit: { id, arm: id.split('__')[0], seed: 1, grid: {} },
    evals: [...evals, { step: 10, suite: 'in-30', runs: 4, pass1: 0.9, uncertainShare: null, meanLength: 60 }],
    ...(kept === undefined ? {} : { outcome: { endStep, endedBy: 'budget', keep: 'best', keptStep: kept, reason: 'best' } }),
  } as unknown as StoredUnit;
}

describe('the kept-checkpoint note', () => {
  it('reads the plateau by the config default (P = 3, X = 1 point) from the validation points only', () => {
    expect(PLATEAU_READING).toEqual({ patience: 3, minImprovement: 1 });
    // Rising by 10 points to the end: not plateaued. Flat after step 20 (best before the last 3 is 0.50; the last 3 reach 0.505): plateaued.
    const rising = unit('Both__seed1', [0.3, 0.4, 0.5, 0.6, 0.7, 0.8], 50);
    const flat = unit('Neg__seed1', [0.3, 0.5, 0.5, 0.505, 0.49, 0.5], 30);
    const untrained = { ...unit('Orig__seed1', []), evals: [] } as unknown as StoredUnit;
    expect(keptSummary([rising, flat, untrained])).toEqual({
      runs: 2,
      plateaued: 1,
      kept: [
        { unit: 'Both__seed1', keptStep: 50, endStep: 50 },
        { unit: 'Neg__seed1', keptStep: 30, endStep: 50 },
      ],
    });
    expect(keptNote([rising, flat])).toBe(
      'Validation (validation-200): by its last step, validation had plateaued (P = 3, X = 1 point) in 1 of 2 runs; 1 of 2 kept their last step, where validation may still have been rising. Kept step / last step: Both seed1: 50/50, Neg seed1: 30/50.',
    );
  });
  it('says nothing for a preset whose units never validated', () => {
    expect(keptNote([])).toBe('');
    expect(keptNote([{ ...unit('Orig__seed1', []), evals: [] } as unknown as StoredUnit])).toBe('');
  });
});
