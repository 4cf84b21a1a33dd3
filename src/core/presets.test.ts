import { describe, expect, it } from 'vitest';
import { getPreset, listPresets, PRESET_IDS, PresetIdSchema } from './presets';
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
