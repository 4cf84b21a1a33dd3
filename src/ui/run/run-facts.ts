import type { RunSummary } from '../../../workers/api';

/**
 * What a stored run holds, decided here once for every panel: an imported run brings its metrics
 * and studies but no weights (nothing to study, score or resume) and no samples (nothing to inspect).
 */

/** Weights to study or score: a checkpoint is stored. */
export function hasWeights(r: RunSummary): boolean {
  return r.checkpointStep > 0;
}

/** Why a run has no weights to study or score; null when it has them. */
export function whyNoWeights(r: RunSummary): string | null {
  if (hasWeights(r)) return null;
  return r.imported ? 'An imported run brings its numbers, not its weights: there is nothing to score' : 'No checkpoint stored yet';
}

/** Which step a finished run kept and why ("kept step 20 of 30: …"); null before it has finished. */
export function keptNote(r: RunSummary): string | null {
  const o = r.outcome;
  if (!o) return null;
  const ended = o.endedBy === 'plateau' ? `stopped at step ${o.endStep}, validation had plateaued` : `ran all ${o.endStep} steps`;
  return `${ended}; kept step ${o.keptStep}: ${o.reason}`;
}

/** Why a run has no step samples to inspect; null when it has them. */
export function whyNoSamples(r: RunSummary): string | null {
  if (r.imported) return 'An imported run brings its metrics and studies, not its samples';
  if (r.step === 0) return 'No step has finished yet';
  return null;
}
