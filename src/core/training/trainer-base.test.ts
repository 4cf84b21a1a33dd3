import { beforeAll, describe, expect, it } from 'vitest';
import { parseExperimentConfig } from '../config';
import { trainingSet } from '../tasks/suites';
import { GrpoTrainer } from './trainer';
import { loadBasePolicy } from '../testing/base-checkpoint';
import { useWasmBackend } from '../testing/wasm-backend';

/**
 * GrpoTrainer on the shipped base checkpoint, which solves short chains: what needs correct samples.
 * On WASM, which runs this model about ten times faster than the CPU backend of trainer.test.ts.
 */
beforeAll(useWasmBackend);

describe('GrpoTrainer on the base checkpoint', () => {
  it('adds the length reward only in stages that ask for it (RLR from an RL-trained start)', async () => {
    // The base checkpoint solves short chains, in traces of differing length, so a qualifying group
    // (alpha 0: every group with a correct sample) gets rewards off {0, 1} where RLR acts.
    const config = parseExperimentConfig({
      numGenerations: 4,
      promptsPerStep: 4,
      beta: 0,
      miniBatches: 1,
      rlr: { enabled: true, alpha: 0, lambda: 1, epsUp: 1, epsLow: -0.5 },
      stages: [
        { maxCompletionLength: 40, sampleFilter: 'both', steps: 1, lengthReward: false },
        { maxCompletionLength: 40, sampleFilter: 'both', steps: 1 },
      ],
    });
    const t = new GrpoTrainer({ config, policy: loadBasePolicy(), trainSet: trainingSet({ trainSize: 40, minOps: 2, maxOps: 2 }) });
    const rewards = async () => (await t.runStep()).samples.groups.flatMap((g) => g.samples.map((x) => x.reward));
    const plain = await rewards();
    const shaped = await rewards();
    expect(plain.every((r) => r === 0 || r === 1)).toBe(true);
    expect(plain.some((r) => r === 1)).toBe(true);
    expect(shaped.some((r) => r !== 0 && r !== 1)).toBe(true);
    t.policy.dispose();
    t.dispose();
  });
});
