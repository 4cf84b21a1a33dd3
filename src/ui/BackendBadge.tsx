import { useLab } from './store';
import { movedBecause } from './lab-supervisor';

/** Always visible: which TF.js backend runs the model, on what, and why it was chosen. */
export function BackendBadge() {
  const backend = useLab((s) => s.backend);
  const phase = useLab((s) => s.phase);
  const failed = useLab((s) => s.error !== null);
  const supervisor = useLab((s) => s.supervisor);
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
