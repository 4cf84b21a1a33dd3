import { describe, expect, it } from 'vitest';
import type { SampleRecord, StepSamples } from '../../core/grpo/metrics';
import { tokenLossBreakdown, tokenTexts, tokenViews } from './token-terms';

const EOS = 2;
function sample(over: Partial<SampleRecord>): SampleRecord {
  return { text: 'ab', tokens: [10, 11, EOS], length: 3, correct: true, reward: 1, advantage: 1, kept: true, offPolicy: false, logprobs: [-1, -1, -1], tokenWeight: 0, ...over };
}

describe('the samples inspector’s token arithmetic', () => {
  it('pairs characters with tokens and labels special tokens', () => {
    expect(tokenTexts({ text: 'a\nb', tokens: [10, 50, 11, EOS] })).toEqual([
      { text: 'a', special: false },
      { text: '\n', special: false },
      { text: 'b', special: false },
      { text: '<eos>', special: true },
    ]);
  });

  it('colours a token by A·w·r, zero where clipped, none where the sample was not used', () => {
    const s = sample({ advantage: 2, tokenWeight: 0.1, ratios: [1.1, 1.5, 0.5] });
    const v = tokenViews(s, { epsilon: 0.2, epsilonHigh: 0.2 });
    expect(v[0].contribution).toBeCloseTo(0.22, 12);
    expect(v[1]).toMatchObject({ clipped: true, contribution: 0 });
    // A > 0 and r below 1 − ε: the unclipped branch is the smaller one, the gradient flows.
    expect(v[2]).toMatchObject({ clipped: false });
    expect(v[2].contribution).toBeCloseTo(0.1, 12);
    expect(tokenViews(sample({ kept: false }), { epsilon: 0.2, epsilonHigh: 0.2 }).every((t) => t.contribution === null)).toBe(true);
    const neg = tokenViews(sample({ advantage: -1, tokenWeight: 0.5 }), { epsilon: 0.2, epsilonHigh: 0.2 });
    expect(neg[0].contribution).toBe(-0.5);
  });

  it('gives the loss term of one token under grpo, dapo and dr_grpo with their normalisers', () => {
    const a = sample({ advantage: 1.5, length: 3, ratios: [1.1, 1, 1] });
    const b = sample({ text: 'abcd', tokens: [10, 11, 12, 13, EOS], length: 5, advantage: -1.5 });
    const dropped = sample({ kept: false, advantage: 0 });
    const step: StepSamples = { step: 1, groups: [{ problemId: 'p', prompt: 'Q', answer: 1, samples: [a, b, dropped] }] };
    const r = tokenLossBreakdown(step, 0, 0, 0, { epsilon: 0.2, epsilonHigh: 0.28 }, 10);
    expect(r).toMatchObject({ sequences: 2, totalTokens: 8, length: 3, clipLow: 0.8, clipped: false, kept: true });
    expect(r.clipHigh).toBeCloseTo(1.28, 12);
    expect(r.ratio).toBe(1.1);
    const [grpo, dapo, dr] = r.rows;
    expect(grpo).toMatchObject({ lossType: 'grpo', normaliser: '1/(N·|o|) = 1/(2·3)' });
    expect(grpo.weight).toBeCloseTo(1 / 6, 12);
    expect(dapo.weight).toBeCloseTo(1 / 8, 12);
    expect(dr.weight).toBeCloseTo(1 / 20, 12);
    // ℓ = −min(1.1·1.5, clip(1.1)·1.5) = −1.65; the gradient −A·r where unclipped.
    expect(grpo.perToken).toBeCloseTo(-1.65, 12);
    expect(grpo.term).toBeCloseTo(-1.65 / 6, 12);
    expect(dapo.gradient).toBeCloseTo(-1.65 / 8, 12);
    // A sample outside the update weighs nothing under any loss type.
    expect(tokenLossBreakdown(step, 0, 2, 0, { epsilon: 0.2, epsilonHigh: 0.2 }, 10).rows.map((x) => x.weight)).toEqual([0, 0, 0]);
  });
});
