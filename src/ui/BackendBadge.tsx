import { useLab } from './store';

/** Always visible: which TF.js backend runs the model, on what, and why it was chosen. */
export function BackendBadge() {
  const backend = useLab((s) => s.backend);
  const phase = useLab((s) => s.phase);
  const failed = useLab((s) => s.error !== null);

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
      {backend.fellBack && (
        <div className="fallback-notice" role="status" data-testid="fallback-notice">
          Fell back: {backend.requested} could not start here, so the lab runs on {backend.name}.
        </div>
      )}
    </div>
  );
}
