import type { ExperimentConfig } from '../../core/config';
import { getPreset, listPresets } from '../../core/presets';
import { encodeStages } from '../form/draft';

let armNames: Map<string, string> | null = null;

/** Each preset arm's config name (the same at every size) → "<preset title> · <arm label>". */
function presetArmLabels(): Map<string, string> {
  if (!armNames) {
    armNames = new Map();
    for (const p of listPresets()) for (const a of getPreset(p.id, 'quick').arms) if (a.config) armNames.set(a.config.name, `${p.title} · ${a.label}`);
  }
  return armNames;
}

/**
 * The label a new run is stored under, the one rule for Run (the form, also after Load) and Run
 * all: a preset arm's "<preset> · <arm>", else the config's name, else what sets an unnamed config
 * apart (stages, G, loss and whether advantages are divided by the std, RLR, injection, seed).
 */
export function runLabel(c: ExperimentConfig): string {
  const arm = presetArmLabels().get(c.name);
  if (arm) return arm;
  if (c.name && c.name !== 'custom') return c.name;
  const stages = encodeStages(c.stages);
  return [stages, `G${c.numGenerations}`, c.lossType, c.scaleRewards ? null : 'no std', c.rlr.enabled ? 'RLR' : null, c.injection.enabled ? (c.injection.luffy ? 'inj+LUFFY' : 'inj') : null, `seed ${c.seed}`].filter(Boolean).join(' · ');
}
