import { useMemo } from 'react';
import { getPreset, listPresets, PRESET_SIZES, type PresetSize } from '../../core/presets';
import { useView } from '../view-store';
import { drivenHere, runList, useRuns } from '../run/runs-store';
import { PresetUnits, PresetWorkers } from '../run/PresetUnits';
import { trainsInAnotherTab } from '../run/other-tabs';
import { nextArm } from '../run/preset-job';
import type { PresetJob } from '../../../workers/api';
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
  const busy = useRuns((s) => s.active !== null || s.study !== null || s.preset !== null || runList(s.runs).some((r) => trainsInAnotherTab(r.summary, drivenHere(s))));
  const job = useRuns((s) => s.preset);
  const last = useRuns((s) => s.lastPreset);
  const resumable = useRuns((s) => s.resumablePresets);
  const client = useLabClient();
  const preset = useMemo(() => (presetId ? getPreset(presetId, size) : null), [presetId, size]);

  return (
    <div className="preset-picker" data-testid="preset-picker">
      {resumable.map((j) => (
        <ResumablePreset key={j.jobId} job={j} disabled={!client || busy} />
      ))}
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
                    ? `${encodeStages(a.config.stages)} · ${a.config.lossType}${a.config.scaleRewards ? '' : ' · no std'}${a.config.rlr.enabled ? ' · RLR' : ''}${a.config.injection.enabled ? ` · injection${a.config.injection.luffy ? '+LUFFY' : ''}` : ''}`
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
          <PresetWorkers arms={preset.arms.length} />
          {job ? <PresetUnits progress={job} /> : last?.presetId === preset.id && <PresetUnits progress={last} />}
        </div>
      )}
    </div>
  );
}


/** A preset job no tab drives (a reload or a Stop ended it): resume it from where it was, or forget it. */
function ResumablePreset({ job, disabled }: { job: PresetJob; disabled: boolean }) {
  const resumePreset = useRuns((s) => s.resumePreset);
  const discardPreset = useRuns((s) => s.discardPreset);
  let next: number | null = null;
  try {
    next = nextArm(job);
  } catch {
    // The preset's arms changed since: the job can only be forgotten.
  }
  return (
    <p className="facts preset-resume" role="status" data-testid="preset-resumable" data-job-id={job.jobId}>
      {job.status === 'stopped' ? 'Stopped' : 'Interrupted'} preset: <b>{job.title}</b> ({job.size}){next !== null ? `, arm ${next + 1} of ${job.arms.length} (${job.arms[next].label})` : ''}.{' '}
      {next !== null && (
        <button type="button" className="small" disabled={disabled} title={disabled ? 'The lab is busy with a run or a study' : undefined} onClick={() => void resumePreset(job.jobId)} data-testid="resume-preset">
          Resume preset
        </button>
      )}{' '}
      <button type="button" className="small ghost" onClick={() => void discardPreset(job.jobId)} data-testid="discard-preset">
        Discard
      </button>
    </p>
  );
}
