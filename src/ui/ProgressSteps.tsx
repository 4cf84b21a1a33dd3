import { PHASES, useLab, type Phase } from './store';

const LABELS: Record<Exclude<Phase, 'ready'>, string> = {
  'starting-worker': 'Starting worker',
  'choosing-backend': 'Choosing backend',
  'loading-checkpoint': 'Loading checkpoint',
  sampling: 'Sampling',
};

type StepState = 'done' | 'active' | 'failed' | 'pending';

/** The start-up steps, shown from the first frame so the page is never blank while the worker works. */
export function ProgressSteps() {
  const phase = useLab((s) => s.phase);
  const failed = useLab((s) => s.error !== null);
  const invalidLink = useLab((s) => s.params === null && s.error !== null);
  if (invalidLink) return null;
  const current = PHASES.indexOf(phase);

  return (
    <ol className="steps" aria-label="Start-up progress" data-testid="progress" data-phase={phase}>
      {PHASES.filter((p): p is Exclude<Phase, 'ready'> => p !== 'ready').map((p, i) => {
        const state: StepState = i < current ? 'done' : i > current ? 'pending' : failed ? 'failed' : 'active';
        return (
          <li key={p} className={`step ${state}`} aria-current={state === 'active' ? 'step' : undefined}>
            <span className="step-mark" aria-hidden="true" />
            {LABELS[p]}
          </li>
        );
      })}
    </ol>
  );
}
