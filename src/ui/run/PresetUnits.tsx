import { useState } from 'react';
import { defaultParallelRuns, MAX_PARALLEL_RUNS } from '../../core/parallelism';
import { VIEW_PARAMS } from '../url-state';
import { useView } from '../view-store';
import { presetWorkers, runById, useRuns, type PresetProgress, type PresetUnit, type RunData } from './runs-store';

/** How many lab workers a preset job takes, why, and the control that sets it (`workers` in the link). */
export function PresetWorkers({ arms }: { arms: number }) {
  const chosen = useView((s) => s.view.workers);
  const patchView = useView((s) => s.patchView);
  const [draft, setDraft] = useState<{ text: string; problem: string } | null>(null);
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  const workers = presetWorkers(chosen, cores);
  const change = (text: string) => {
    const r = VIEW_PARAMS.workers.schema.safeParse(text);
    if (r.success && r.data !== null) {
      setDraft(null);
      patchView({ workers: r.data });
    } else {
      setDraft({ text, problem: r.success ? 'workers must be a number' : r.error.issues[0].message });
    }
  };
  return (
    <div className="facts preset-workers" data-testid="preset-workers" data-workers={workers}>
      <label>
        Lab workers{' '}
        <input type="number" min={1} max={MAX_PARALLEL_RUNS} step={1} value={draft?.text ?? workers} onChange={(e) => change(e.target.value)} aria-invalid={draft !== null} data-testid="preset-workers-input" />
      </label>{' '}
      <span data-testid="preset-workers-facts">
        Runs {Math.min(workers, arms)} {Math.min(workers, arms) === 1 ? 'arm' : 'arms'} at a time on {cores} {cores === 1 ? 'core' : 'cores'} (
        {chosen === null ? 'automatic: one fewer than the cores' : `set here; automatic would be ${defaultParallelRuns(cores)}`}). Each worker holds its own TF.js backend and policy.
      </span>
      {chosen !== null && (
        <>
          {' '}
          <button type="button" className="small ghost" onClick={() => (setDraft(null), patchView({ workers: null }))}>
            Automatic
          </button>
        </>
      )}
      {draft && (
        <span className="inline-error" role="alert">
          {' '}
          {draft.problem}
        </span>
      )}
    </div>
  );
}

function describeUnit(u: PresetUnit, run: RunData | undefined): string {
  const worker = u.slot !== undefined ? `worker ${u.slot + 1}` : '';
  switch (u.state) {
    case 'waiting':
      return 'waiting for a lab worker';
    case 'running':
      return `${worker}: ${u.doing === 'training' && run ? `training, step ${run.summary.step} of ${run.summary.totalSteps}` : (u.doing ?? 'starting')}`;
    case 'done':
      return `done (${worker})`;
    case 'done before':
      return 'done before this session';
    case 'stopped':
      return `stopped (${worker})`;
    case 'failed':
      return `failed in ${worker}: ${u.error ?? 'its run or a study ended with an error'}`;
    case 'cancelled':
      return 'not started: the preset was stopped';
  }
}

/** A preset job's arms, one line each: the worker it runs in and what it does, or how it ended. */
export function PresetUnits({ progress }: { progress: PresetProgress }) {
  const runs = useRuns((s) => s.runs);
  const going = progress.status === undefined;
  return (
    <div className="preset-units" data-testid="preset-units" data-job-id={progress.jobId} data-status={progress.status ?? 'running'} data-workers={progress.workers}>
      <p className="facts" role="status">
        {going ? 'Preset going' : `Last run of this preset: ${progress.status}`} in {progress.workers} lab {progress.workers === 1 ? 'worker' : 'workers'}.{progress.note ? ` ${progress.note}.` : ''}
      </p>
      <ol>
        {progress.units.map((u) => (
          <li key={u.label} data-testid="preset-unit" data-arm={u.label} data-state={u.state} data-slot={u.slot ?? ''} data-start-seq={u.startSeq ?? ''} data-end-seq={u.endSeq ?? ''}>
            <b>{u.label}</b> · {describeUnit(u, u.runId ? runById(runs, u.runId) : undefined)}
          </li>
        ))}
      </ol>
    </div>
  );
}
