import { useMemo } from 'react';
import { getPreset, listPresets, PRESET_SIZES, type PresetSize } from '../../core/presets';
import { useView } from '../view-store';
import { useRuns } from '../run/runs-store';
import { useLabClient } from '../lab-access';
import { encodeStages } from './draft';

/** One preset per table or figure of the paper: load an arm into the form, or run every arm and its studies. */
export function PresetPicker() {
  const presets = useMemo(() => listPresets(), []);
  const presetId = useView((s) => s.view.preset);
  const size = useView((s) => s.view.size);
  const patchView = useView((s) => s.patchView);
  const loadArm = useView((s) => s.loadPresetArm);
  const runPreset = useRuns((s) => s.runPreset);
  const busy = useRuns((s) => s.active !== null || s.study !== null || s.preset !== null);
  const job = useRuns((s) => s.preset);
  const client = useLabClient();
  const preset = useMemo(() => (presetId ? getPreset(presetId, size) : null), [presetId, size]);

  return (
    <div className="preset-picker" data-testid="preset-picker">
      <div className="preset-row">
        <label>
          Preset
          <select value={presetId ?? ''} onChange={(e) => patchView({ preset: e.target.value || null })} data-testid="preset-select">
            <option value="">— custom —</option>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title} ({p.paper})
              </option>
            ))}
          </select>
        </label>
        <label>
          Size
          <select value={size} onChange={(e) => patchView({ size: e.target.value as PresetSize })}>
            {PRESET_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {preset && (
        <div className="preset-card">
          <p className="facts">
            <b>{preset.paper}</b> — {preset.shows}
          </p>
          <ul className="arms">
            {preset.arms.map((a) => (
              <li key={a.label}>
                <span className="arm-label">{a.label}</span>
                <span className="arm-facts">
                  {a.config
                    ? `${encodeStages(a.config.stages)} · ${a.config.lossType}${a.config.rlr.enabled ? ' · RLR' : ''}${a.config.injection.enabled ? ` · injection${a.config.injection.luffy ? '+LUFFY' : ''}` : ''}`
                    : 'base checkpoint (no training)'}
                  {' · '}
                  {a.studies.map((s) => s.kind).join(', ')}
                </span>
                {a.config && (
                  <button type="button" className="small ghost" onClick={() => loadArm(preset.id, size, a.label)} aria-label={`Load ${a.label} into the form`}>
                    Load
                  </button>
                )}
              </li>
            ))}
          </ul>
          <button type="button" className="small" disabled={!client || busy} onClick={() => void runPreset(preset.id, size)}>
            Run all {preset.arms.length} arms and their studies
          </button>
          {job && (
            <p className="facts" role="status">
              Preset: arm {job.index + 1} of {job.arms} ({job.arm})…
            </p>
          )}
        </div>
      )}
    </div>
  );
}

