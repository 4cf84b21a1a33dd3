import { describeProbe, type BackendReport } from '../core/backend-choice';
import { useLab, type ProbeState } from './store';
import { movedBecause } from './lab-supervisor';

/** The background probe's line: running, its timings, and whether the next start changes backend. */
function ProbeLine({ probe, backend, onReprobe }: { probe: ProbeState; backend: BackendReport; onReprobe: () => void }) {
  if (backend.requested !== 'auto') return null;
  const text =
    probe.state === 'running'
      ? 'Timing the backends in the background…'
      : probe.state === 'failed'
        ? `The background probe failed: ${probe.message}`
        : probe.state === 'done'
          ? `Probe: ${describeProbe(probe.result)}${probe.result.best === backend.name ? ', and in use.' : `; the next start uses it (reload to switch now).`}`
          : null;
  return (
    <div className="backend-probe" data-testid="backend-probe" data-state={probe.state}>
      {text && <span>{text} </span>}
      {probe.state !== 'running' && (
        <button type="button" className="link-button" data-testid="reprobe" onClick={onReprobe} title="Time every backend that can win here again, in a worker of its own, and remember the fastest for the next start">
          Re-probe
        </button>
      )}
    </div>
  );
}

/** Always visible: which TF.js backend runs the model, on what, and why it was chosen. */
export function BackendBadge() {
  const backend = useLab((s) => s.backend);
  const phase = useLab((s) => s.phase);
  const failed = useLab((s) => s.error !== null);
  const supervisor = useLab((s) => s.supervisor);
  const probe = useLab((s) => s.probe);
  const reprobe = useLab((s) => s.reprobe);
  const moved = backend ? movedBecause(backend) : null;
  const notice = supervisor && (supervisor.state === 'recovering' || (supervisor.state === 'failed' && backend)) ? supervisor : null;

  if (!backend) {
    return (
      <div className="backend-badge pending" data-testid="backend-badge" aria-live="polite">
        <span className="backend-label">Backend</span>
        <span className="backend-name">{failed ? 'not running' : phase === 'starting-worker' ? 'starting…' : 'choosing…'}</span>
      </div>
    );
  }

  return (
    <div className={`backend-badge${backend.fellBack ? ' fell-back' : ''}`} data-testid="backend-badge" aria-live="polite">
      <div className="backend-line">
        <span className="backend-label">Backend</span>
        <span className="backend-name" data-testid="backend-name">{backend.name}</span>
        <span className="backend-adapter" data-testid="backend-adapter" title="adapter">{backend.adapter}</span>
      </div>
      <div className="backend-reason" data-testid="backend-reason">{backend.reason}</div>
      <ProbeLine probe={probe} backend={backend} onReprobe={() => void reprobe()} />
      {notice && (
        <div className={`supervisor-notice ${notice.state}`} role="status" data-testid="supervisor-status" data-state={notice.state}>
          {notice.state === 'recovering' ? `Recovering (attempt ${notice.attempt}): ${notice.reason}` : `The lab stopped: ${notice.message}`}
        </div>
      )}
      {backend.fellBack && (
        <div className="fallback-notice" role="status" data-testid="fallback-notice">
          {moved ? `Moved: the lab now runs on ${backend.name}, because ${moved}.` : `Fell back: ${backend.requested} could not start here, so the lab runs on ${backend.name}.`}
        </div>
      )}
    </div>
  );
}
