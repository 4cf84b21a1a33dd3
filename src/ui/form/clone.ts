import type { ExperimentConfig } from '../../core/config';
import { useView } from '../view-store';
import { draftFromConfig, validateDraft } from './draft';

/**
 * "Clone into the form": a stored run's config becomes the Experiment form's draft, every knob and
 * stage as the run had it, ready to change one thing and Run. The preset picker lets go (the form
 * holds a run's config now, not an arm's), and focus moves to the form's heading.
 */
export function cloneIntoForm(config: ExperimentConfig): void {
  const draft = draftFromConfig(config);
  useView.setState((s) => ({ draft, validation: validateDraft(draft), view: { ...s.view, preset: null } }));
  const heading = document.getElementById('experiment-title');
  if (heading) {
    heading.tabIndex = -1;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }
}
