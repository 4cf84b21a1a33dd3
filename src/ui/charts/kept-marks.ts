import type { XMark } from './MetricChart';

/** The longest label a kept mark prints in full; a longer one (many arms kept the step) prints its counts only. */
export const KEPT_LABEL_CHARS = 40;

/**
 * The step each finished run kept (validation.keep), as one vertical mark per step: runs that kept
 * the same step share it, named once each with their count ("kept: Neg ×5, Both ×2"), in the order
 * the runs are on show. Where that list is longer than KEPT_LABEL_CHARS it would print across the
 * other marks, so the label gives the counts instead ("kept: 10 runs of 4 arms"); the runs list and
 * the report name each run's kept step. The chart picks each label's row (mark-rows.ts).
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
    .map(([x, counts]) => ({ x, label: keptLabel(counts) }));
}

function keptLabel(counts: Map<string, number>): string {
  const full = `kept: ${[...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ')}`;
  if (full.length <= KEPT_LABEL_CHARS || counts.size === 1) return full;
  const runs = [...counts.values()].reduce((a, b) => a + b, 0);
  return `kept: ${runs} runs of ${counts.size} arms`;
}
