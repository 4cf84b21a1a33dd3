import { describe, expect, it } from 'vitest';
import { Policy } from '../model/policy';
import { CharTokenizer } from '../model/tokenizer';
import { parseExperimentConfig } from '../config';
import { trainingSet } from '../tasks/suites';
import { GrpoTrainer } from './trainer';
import { promptIndices, trainedOnOf, trainedProblems, TRAINED_FITNESS_PROBLEMS } from './prompt-order';

const ids = (ps: { id: string }[]) => ps.map((p) => p.id);

describe('promptIndices', () => {
  it('walks one permutation per epoch, P at a time, crossing into the next epoch mid-step', () => {
    const epoch0 = [0, 1].flatMap((s) => promptIndices(4, 2, 7, s));
    expect([...epoch0].sort()).toEqual([0, 1, 2, 3]);
    // n = 4, P = 3: step 1 takes the last of epoch 0 and the first two of epoch 1.
    const a = promptIndices(4, 3, 7, 0);
    const b = promptIndices(4, 3, 7, 1);
    expect(a).toEqual(epoch0.slice(0, 3));
    expect(b[0]).toBe(epoch0[3]);
    expect(b.slice(1)).toEqual(promptIndices(4, 2, 7, 2));
  });
  it('refuses an empty training set', () => {
    expect(() => promptIndices(0, 2, 1, 0)).toThrow(/at least one/);
  });
});

describe('trainedProblems', () => {
  const data = { trainSize: 10, minOps: 1, maxOps: 2 };
  it('are exactly the 6 problems of 3 steps × 2 prompts, the ones the trainer drew, in its order', () => {
    const config = parseExperimentConfig({ data, promptsPerStep: 2, beta: 0, stages: [{ steps: 3 }], seed: 5 });
    const tok = new CharTokenizer();
    const policy = Policy.init({ vocabSize: tok.vocabSize, contextLength: 64, nLayer: 1, nHead: 2, dModel: 16, dFF: 32, positional: 'rope' }, tok, 1);
    const trainer = new GrpoTrainer({ config, policy, trainSet: trainingSet(data) });
    const drawn = ids([0, 1, 2].flatMap((s) => trainer.promptsFor(s)));
    trainer.dispose();
    policy.dispose();
    const on = trainedOnOf(config);
    expect(on).toEqual({ data: config.data, seed: 5, promptsPerStep: 2, steps: 3 });
    expect(ids(trainedProblems(on))).toEqual(drawn);
    expect(new Set(drawn).size).toBe(6);
  });
  it('count a problem met twice (a second epoch) once, in the order first met', () => {
    // 4 problems, 3 steps × 2: epoch 0 is steps 0-1, step 2 repeats two of them.
    const on = { data: { trainSize: 4, minOps: 1, maxOps: 2 }, seed: 3, promptsPerStep: 2, steps: 3 };
    const set = trainingSet(on.data);
    const epoch0 = [0, 1].flatMap((s) => promptIndices(4, 2, 3, s)).map((i) => set[i].id);
    expect(ids(trainedProblems(on))).toEqual(epoch0);
  });
  it('sum the steps of every stage', () => {
    const config = parseExperimentConfig({ promptsPerStep: 3, stages: [{ steps: 2 }, { steps: 5 }] });
    expect(trainedOnOf(config).steps).toBe(7);
    expect(trainedOnOf(config, 4).steps).toBe(4);
  });
  it('cap a run that met more than 200 problems at a seeded sample of 200, kept in training order', () => {
    // 40 steps × 8 prompts over 300 problems: 320 draws, all 300 met, 200 kept.
    const on = { data: { trainSize: 300, minOps: 2, maxOps: 10 }, seed: 1, promptsPerStep: 8, steps: 40 };
    const all = ids(trainedProblems(on, 1000));
    expect(all).toHaveLength(300);
    const kept = ids(trainedProblems(on));
    expect(TRAINED_FITNESS_PROBLEMS).toBe(200);
    expect(kept).toHaveLength(200);
    expect(new Set(kept).size).toBe(200);
    const pos = kept.map((id) => all.indexOf(id));
    expect(pos.every((p, i) => p >= 0 && (i === 0 || p > pos[i - 1]))).toBe(true);
    expect(ids(trainedProblems(on))).toEqual(kept);
    expect(ids(trainedProblems({ ...on, seed: 2 }))).not.toEqual(kept);
  });
  it('keep all of a run that met exactly the cap', () => {
    const on = { data: { trainSize: 300, minOps: 2, maxOps: 10 }, seed: 1, promptsPerStep: 5, steps: 40 };
    expect(trainedProblems(on)).toHaveLength(200);
    expect(trainedProblems(on, 7)).toHaveLength(7);
    expect(() => trainedProblems(on, 0)).toThrow(/cap/);
  });
});
