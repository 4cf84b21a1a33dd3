import { useLab } from '../store';
import { drivenHere, runList, useRuns } from './runs-store';
import { runProgressDetail } from './progress-line';
import { useNow } from './use-now';
import { trainsInAnotherTab } from './other-tabs';
import { StudyStatus } from './StudyStatus';
import './run-control.css';

/** The backend the lab runs on, why, and whether it fell back; the supervisor's recovery state. */
function RunBackend() {
  const backend = useLab((s) => s.backend);
  const status = useLab((s) => s.supervisor);
  return (
    <div className={`run-backend${backend?.fellBack ? ' fell-back' : ''}`} data-testid="run-backend">
      <span className="backend-label">Backend</span> <b className="mono">{backend?.name ?? '…'}</b> <span className="muted">{backend?.adapter}</span>
      {backend && (
        <div className="muted small-text" data-testid="run-backend-reason">
          {backend.reason}
        </div>
      )}
      {backend?.fellBack && (
        <div className="fallback-notice" role="status" data-testid="run-fallback-notice">
          Fell back: {backend.requested} could not start here, so runs use {backend.name}.
        </div>
      )}
      {status?.state === 'recovering' && (
        <div className="fallback-notice" role="status" data-testid="recovering">
          The lab is recovering ({status.reason}), attempt {status.attempt}; the run resumes from its last checkpoint.
        </div>
      )}
      {status?.state === 'failed' && (
        <div className="fallback-notice bad" role="alert">
          The lab stopped: {status.message}
        </div>
      )}
    </div>
  );
}

/** Start is the Experiment panel's Run; here: pause, resume, stop, progress, step and ETA. */
export function RunControl() {
  const active = useRuns((s) => s.active);
  const runs = useRuns((s) => s.runs);
  const poolRuns = useRuns((s) => s.poolRuns);
  const study = useRuns((s) => s.study);
  const error = useRuns((s) => s.error);
  const clearError = useRuns((s) => s.clearError);
  const { pause, resume, stop } = useRuns.getState();
  const run = active ? runs[active.runId] : null;
  const last = active ? null : (runList(runs)[0] ?? null);
  // One run at a time holds across the tabs of this browser: another tab's run is shown, not driven, here.
  const elsewhere = active ? null : (runList(runs).find((r) => trainsInAnotherTab(r.summary, drivenHere({ active, poolRuns })))?.summary ?? null);
  const now = useNow(active?.status === 'running');
  const detail = active ? runProgressDetail(active, now) : null;
  const fraction = active && active.totalSteps > 0 ? active.step / active.totalSteps : 0;

  return (
    <section className="card run-control" aria-labelledby="run-control-title" data-testid="run-control" data-status={active?.status ?? 'idle'}>
      <div className="card-head">
        <h2 id="run-control-title">Run</h2>
        <RunBackend />
      </div>
      {active ? (
        <>
          <p className="run-line">
            <b data-testid="run-label">{run?.summary.label ?? active.runId}</b> · <span data-testid="run-status">{active.status}</span> · step{' '}
            <span data-testid="run-step">{active.step}</span> of {active.totalSteps}
            {detail && <span data-testid="run-progress-detail"> · {detail}</span>}
          </p>
          <progress max={1} value={fraction} aria-label={`Run progress: step ${active.step} of ${active.totalSteps}`} />
          <div className="button-row">
            {active.status === 'paused' ? (
              <button type="button" onClick={() => void resume()}>
                Resume
              </button>
            ) : (
              <button type="button" onClick={() => void pause()} disabled={active.status !== 'running'}>
                Pause
              </button>
            )}
            <button type="button" className="danger" onClick={() => void stop()} disabled={active.status === 'stopping'}>
              Stop
            </button>
          </div>
        </>
      ) : elsewhere ? (
        <p className="facts" role="status" data-testid="run-elsewhere">
          <b>{elsewhere.label || elsewhere.runId}</b> is training in another tab · {elsewhere.status} · step {elsewhere.step} of {elsewhere.totalSteps}. Pause or stop it in that tab; one run
          at a time, so Run waits until it ends.
        </p>
      ) : study ? (
        <p className="facts" data-testid="run-study-busy">
          No run going: a study holds the lab worker ({study.label}). Run can start when it ends, or when you stop it.
        </p>
      ) : (
        <p className="facts" data-testid="run-idle">
          No run going. Set the knobs and press <b>Run</b>, or run a preset.
          {last && (
            <>
              {' '}
              Last: <b>{last.summary.label}</b>, {last.summary.status} at step {last.summary.step} of {last.summary.totalSteps}.
            </>
          )}
        </p>
      )}
      <StudyStatus testId="study-progress" />
      {error && (
        <div className="inline-error" role="alert" data-testid="runs-error">
          <span>{error}</span>
          <button type="button" className="small ghost" onClick={clearError}>
            Dismiss
          </button>
        </div>
      )}
    </section>
  );
}
