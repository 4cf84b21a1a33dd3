import { describe, expect, it } from 'vitest';
import { getPreset, listPresets, PRESET_IDS, PresetIdSchema, splitSteps } from './presets';
import { totalSteps } from './config';

describe('presets', () => {
  it('cover every experiment of the paper the design lists', () => {
    expect(PRESET_IDS).toEqual(['pos-neg', 'neg-pretrain', 'length-bias', 'zero-advantage', 'rlr', 'injection', 'instability']);
    expect(listPresets().every((p) => p.title && p.paper && p.shows)).toBe(true);
  });

  it('parse at both sizes, and the quick size is tiny', () => {
    for (const id of PRESET_IDS) {
      const full = getPreset(id, 'full');
      const quick = getPreset(id, 'quick');
      expect(quick.arms.map((a) => a.label)).toEqual(full.arms.map((a) => a.label));
      for (const arm of quick.arms) {
        if (arm.config) {
          expect(totalSteps(arm.config)).toBeLessThanOrEqual(8);
          expect(arm.config.promptsPerStep * arm.config.numGenerations).toBeLessThanOrEqual(8);
        }
        for (const s of arm.studies) if ('runs' in s) expect(s.runs).toBeLessThanOrEqual(2);
      }
    }
  });

  it('write Table 2 schedules as stages with their own filter and length cap', () => {
    const arm = getPreset('neg-pretrain').arms.find((a) => a.label === '64(N)-96(N)-160(NP)')!;
    expect(arm.config!.stages.map((s) => [s.sampleFilter, s.maxCompletionLength])).toEqual([
      ['negative', 64],
      ['negative', 96],
      ['both', 160],
    ]);
  });

  it('reject an unknown preset with the list of known ones', () => {
    expect(() => getPreset('nope')).toThrow(/unknown preset "nope"; known presets: pos-neg/);
    expect(PresetIdSchema.safeParse('nope').success).toBe(false);
  });
});

/** Dotted paths where two plain JSON values differ. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return Object.is(a, b) ? [] : [path];
}

describe('the design choices of the length-bias, injection and pos-neg arms', () => {
  const arm = (id: string, label: string, size: 'full' | 'quick' = 'full') => {
    const a = getPreset(id, size).arms.find((x) => x.label === label);
    if (!a) throw new Error(`${id} has no arm ${label}`);
    return a;
  };
  it('make the LUFFY arm the injection arm with injection.luffy on and no other setting changed', () => {
    for (const size of ['full', 'quick'] as const) {
      const plain = arm('injection', 'injection', size).config!;
      const luffy = arm('injection', 'injection+LUFFY', size).config!;
      expect(differences(plain, luffy).filter((p) => p !== 'name')).toEqual(['injection.luffy']);
      expect([plain.injection.luffy, luffy.injection.luffy]).toEqual([false, true]);
      expect(luffy.scaleRewards).toBe(true);
    }
    expect(differences({ a: { b: 1, c: [1, 2] } }, { a: { b: 1, c: [1, 3] } })).toEqual(['a.c.1']);
  });
  it('make the Dr. GRPO arms the whole of Dr. GRPO: the dr_grpo aggregation and no std division', () => {
    expect(getPreset('length-bias').arms.map((a) => a.label)).toEqual(['Neg (GRPO)', 'Pos (GRPO)', 'Neg (Dr. GRPO)', 'Pos (Dr. GRPO)']);
    for (const f of ['Neg', 'Pos']) {
      const grpo = arm('length-bias', `${f} (GRPO)`).config!;
      const dr = arm('length-bias', `${f} (Dr. GRPO)`).config!;
      expect([grpo.lossType, grpo.scaleRewards]).toEqual(['grpo', true]);
      expect([dr.lossType, dr.scaleRewards]).toEqual(['dr_grpo', false]);
      expect(differences(grpo, dr).filter((p) => p !== 'name').sort()).toEqual(['lossType', 'scaleRewards']);
    }
  });
  it("score the length-bias arms' capped columns at the cap they trained with, never above the uncapped cap", () => {
    for (const a of getPreset('length-bias', 'full').arms) {
      const card = a.studies[0];
      if (card.kind !== 'scorecard') throw new Error('not a scorecard');
      expect(card.fitnessMaxLength).toBe(a.config!.stages.at(-1)!.maxCompletionLength);
      expect(card.fitnessMaxLength).toBe(160);
      expect(card.maxCompletionLength).toBe(240);
    }
    // Quick size scores at 64 tokens, below its training cap of 160: the capped columns take 64 too.
    const quick = arm('length-bias', 'Neg (GRPO)', 'quick').studies[0];
    expect(quick.kind === 'scorecard' && [quick.fitnessMaxLength, quick.maxCompletionLength]).toEqual([64, 64]);
  });
  it("score the Training Set column on the problems the arms trained on, Orig's on those of the arms beside it", () => {
    const cards = getPreset('pos-neg').arms.map((a) => a.studies[0]);
    const trainedOn = cards.map((c) => (c.kind === 'scorecard' ? c.trainedOn : undefined));
    const both = getPreset('pos-neg').arms[1].config!;
    for (const t of trainedOn) expect(t).toEqual({ data: both.data, seed: 1, promptsPerStep: both.promptsPerStep, steps: totalSteps(both) });
    // neg-pretrain has no fitness column, so it names no run.
    for (const a of getPreset('neg-pretrain').arms) expect(a.studies[0].kind === 'scorecard' && a.studies[0].trainedOn).toBe(null);
  });
});

describe('splitSteps', () => {
  it('splits by the fractions with the largest remainder, every part at least 1, summing to the total', () => {
    // 50 × [0.5, 0.3, 0.2] = 25, 15, 10 exactly.
    expect(splitSteps(50, [0.5, 0.3, 0.2])).toEqual([25, 15, 10]);
    // 50 × [0.5, 0.3, 0.2, 0.2] / 1.2 = 20.83, 12.5, 8.33, 8.33 → floors 20, 12, 8, 8 (48); the two largest remainders (0.83, 0.5) get one each.
    expect(splitSteps(50, [0.5, 0.3, 0.2, 0.2])).toEqual([21, 13, 8, 8]);
    expect(splitSteps(2, [0.5, 0.3, 0.2])).toEqual([1, 1, 1]);
    expect(splitSteps(7, [1])).toEqual([7]);
    expect(splitSteps(5, [0.5, 0.5])).toEqual([3, 2]);
    expect(() => splitSteps(5, [])).toThrow(/no fractions/);
  });
});

describe('the training recipe of the full-size presets', () => {
  it('trains every compared arm of a preset the same number of steps', () => {
    for (const id of PRESET_IDS) {
      const steps = getPreset(id).arms.flatMap((a) => (a.config ? [totalSteps(a.config)] : []));
      expect(new Set(steps).size, id).toBeLessThanOrEqual(1);
    }
  });
  it('validates every 10 steps and keeps the best checkpoint (B.3); the RLR preset keeps by B.4 in both arms of a pair', () => {
    for (const id of PRESET_IDS) {
      for (const a of getPreset(id).arms) {
        if (!a.config) continue;
        expect(a.config.validation.every, `${id}/${a.label}`).toBe(10);
        expect(a.config.validation.keep, `${id}/${a.label}`).toBe(id === 'rlr' ? 'shortest-within-1pt' : 'best');
      }
    }
    for (const a of getPreset('pos-neg', 'quick').arms) expect(a.config?.validation.every ?? 0).toBe(0);
  });
  it('starts RLR and its matched cap arm from the same plain RL stage, and they differ only in rlr', () => {
    const arms = getPreset('rlr').arms.filter((a) => a.config);
    const first = arms.map((a) => a.config!.stages[0]);
    for (const s of first) expect(s).toEqual({ ...first[0], lengthReward: false, sampleFilter: 'both', maxCompletionLength: 160 });
    for (const cap of [96, 64]) {
      const plain = arms.find((a) => a.label === `cap ${cap}`)!.config!;
      const rlr = arms.find((a) => a.label === `RLR+cap ${cap}`)!.config!;
      expect(plain.stages[1]).toEqual({ sampleFilter: 'both', maxCompletionLength: cap, steps: plain.stages[1].steps, lengthReward: true });
      expect({ ...rlr, name: plain.name, rlr: plain.rlr }).toEqual(plain);
      expect(rlr.rlr.enabled).toBe(true);
      expect(plain.rlr.enabled).toBe(false);
    }
  });
  it('trains injection on the measured hard set', () => {
    for (const a of getPreset('injection').arms) expect(a.config!.data.source).toBe('hard');
  });
});
