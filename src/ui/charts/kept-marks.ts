import type { XMark } from './MetricChart';

/** Label rows the marks cycle through, so that marks a few steps apart do not print over each other. */
export const MARK_LABEL_ROWS = 3;

/**
 * The step each finished run kept (validation.keep), as one vertical mark per step: runs that kept
 * the same step share it, named once each with their count ("kept: Neg ×5, Both ×2"), in the order
 * the runs are on show. Marks in step order take label rows in turn.
 */
export function keptMarks(runs: readonly { label: string; keptStep: number }[]): XMark[] {
  const byStep = new Map<number, Map<string, number>>();
  for (const { label, keptStep } of runs) {
    const counts = byStep.get(keptStep) ?? new Map<string, number>();
    counts.set(label, (counts.get(label) ?? 0) + 1);
    byStep.set(keptStep, counts);
  }
  return [...byStep]
    .sort(([a], [b]) => a - b)
    .map(([x, counts], i) => ({ x, row: i % MARK_LABEL_ROWS, label: `kept: ${[...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ')}` }));
}
