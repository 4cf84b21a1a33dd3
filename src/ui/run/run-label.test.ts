import { describe, expect, it } from 'vitest';
import { ExperimentConfigSchema } from '../../core/config';
import { getPreset, listPresets, PRESET_SIZES } from '../../core/presets';
import { draftFromConfig, validateDraft } from '../form/draft';
import { runLabel } from './run-label';

describe('runLabel', () => {
  it('a preset arm loaded into the form and run gets the label Run all gives it, at every size', () => {
    for (const size of PRESET_SIZES)
      for (const p of listPresets())
        for (const arm of getPreset(p.id, size).arms) {
          if (!arm.config) continue;
          // Load puts the arm in the form; Run starts what the form validates.
          const v = validateDraft(draftFromConfig(arm.config));
          expect(v.ok).toBe(true);
          if (!v.ok) continue;
          expect(runLabel(v.config)).toBe(`${p.title} · ${arm.label}`);
          expect(runLabel(arm.config)).toBe(`${p.title} · ${arm.label}`);
        }
  });
  it('an unnamed config says what sets it apart', () => {
    const c = ExperimentConfigSchema.parse({});
    expect(runLabel(c)).toMatch(/G\d+ · .* · seed \d+$/);
    expect(runLabel({ ...c, name: 'my sweep' })).toBe('my sweep');
    // Dr. GRPO is the dr_grpo aggregation and no std division: the label names both.
    expect(runLabel({ ...c, lossType: 'dr_grpo', scaleRewards: false })).toMatch(/ · dr_grpo · no std · /);
    expect(runLabel({ ...c, lossType: 'dr_grpo' })).not.toMatch(/no std/);
  });
});
