import { useView, useHidden } from '../view-store';
import { drivenHere, runList, useRuns } from '../run/runs-store';
import { trainsInAnotherTab } from '../run/other-tabs';
import { useLabClient } from '../lab-access';
import { GROUP_SWITCH, groupedFields } from './knob-fields';
import { KnobInput } from './KnobInput';
import { StageEditor } from './StageEditor';
import { PresetPicker } from './PresetPicker';
import { runLabel } from '../run/run-label';
import './form.css';

const GROUPS = groupedFields();
const OPEN_BY_DEFAULT = new Set(['sampling', 'objective']);

function GroupFields({ id, title, fields }: (typeof GROUPS)[number]) {
  const values = useView((s) => s.draft.values);
  const errors = useView((s) => s.validation.errors);
  const hidden = useView((s) => s.hidden);
  const setValue = useView((s) => s.setValue);
  const visible = fields.filter((f) => !hidden.includes(f.path));
  if (visible.length === 0) return null;
  const switchPath = GROUP_SWITCH[id];
  const on = switchPath ? values[switchPath] === true : true;
  const hasError = visible.some((f) => errors[f.path]);
  const changed = visible.some((f) => values[f.path] !== undefined && String(values[f.path]) !== String(f.defaultValue));
  return (
    <details className="knob-group" open={OPEN_BY_DEFAULT.has(id) || hasError || changed} data-testid={`group-${id}`}>
      <summary>
        {title}
        {switchPath && <span className={`pill ${on ? 'on' : ''}`}>{on ? 'on' : 'off'}</span>}
        {hasError && <span className="pill bad">invalid</span>}
      </summary>
      <div className="knob-grid">
        {visible.map((f) => (
          <KnobInput key={f.path} field={f} value={values[f.path]} error={errors[f.path]} onChange={(v) => setValue(f.path, v)} inactive={!!switchPath && f.path !== switchPath && !on} />
        ))}
      </div>
    </details>
  );
}

/** The Experiment panel: a preset, every knob of ExperimentConfig, the stage editor and Run. */
export function ExperimentPanel() {
  const stages = useView((s) => s.draft.stages);
  const validation = useView((s) => s.validation);
  const setStages = useView((s) => s.setStages);
  const hideStages = useHidden('stages');
  const hidePresets = useHidden('presets');
  const client = useLabClient();
  const active = useRuns((s) => s.active);
  const start = useRuns((s) => s.start);
  // A study (or a preset's studies) holds the worker: a run started meanwhile would queue behind it.
  const study = useRuns((s) => s.study);
  // One run at a time across the tabs of this browser.
  const elsewhere = useRuns((s) => !s.active && runList(s.runs).some((r) => trainsInAnotherTab(r.summary, drivenHere(s))));
  // A preset job holds the lab's workers between its arms too.
  const presetGoing = useRuns((s) => s.preset !== null);
  const problems = Object.entries(validation.errors);
  const canRun = validation.ok && !!client && !active && !study && !elsewhere && !presetGoing;
  const why = !validation.ok
    ? `${problems.length} invalid setting${problems.length > 1 ? 's' : ''}: fix ${problems.length > 1 ? 'them' : 'it'} to run`
    : !client
      ? 'waiting for the lab to start'
      : active
        ? 'a run is going (one at a time)'
        : elsewhere
          ? 'a run is training in another tab (one at a time); Run can start when it ends'
          : study
            ? 'a study is running; the run can start when it ends'
            : presetGoing
              ? 'a preset is running; the run can start when it ends'
              : null;

  return (
    <section className="card experiment" aria-labelledby="experiment-title" data-testid="experiment-panel">
      <h2 id="experiment-title">Experiment</h2>
      {!hidePresets && <PresetPicker />}
      <form
        className="knob-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (canRun && validation.ok) void start(validation.config, runLabel(validation.config));
        }}
        noValidate
      >
        {!hideStages && <StageEditor stages={stages} errors={validation.errors} onChange={setStages} />}
        {GROUPS.map((g) => (
          <GroupFields key={g.id} {...g} />
        ))}
        {Object.hasOwn(validation.errors, 'config') && <p className="field-error">{validation.errors.config}</p>}
        <div className="run-row">
          <button type="submit" disabled={!canRun} data-testid="run-button" aria-describedby="run-why">
            Run
          </button>
          <span id="run-why" className="facts" data-testid="run-why">
            {why ?? 'valid'}
          </span>
        </div>
      </form>
    </section>
  );
}
