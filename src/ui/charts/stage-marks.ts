import type { Stage } from '../../core/config';
import type { XMark, YMark } from './MetricChart';

/**
 * Where the stages of the runs on show begin and what length cap each has, as chart marks: a
 * vertical line between the last step of a stage and the first of the next, and a horizontal
 * segment at each stage's maxCompletionLength over its steps. Runs with the same stages share
 * their marks.
 */
export function stageMarks(runs: readonly (readonly Stage[])[]): { boundaries: XMark[]; caps: YMark[] } {
  const boundaries = new Map<number, XMark>();
  const caps = new Map<string, YMark>();
  for (const stages of runs) {
    let first = 1;
    stages.forEach((s, i) => {
      const last = first + s.steps - 1;
      if (i > 0) boundaries.set(first - 0.5, { x: first - 0.5, label: `stage ${i + 1}` });
      caps.set(`${first}/${last}/${s.maxCompletionLength}`, { x1: first, x2: last, y: s.maxCompletionLength, label: `cap ${s.maxCompletionLength}` });
      first = last + 1;
    });
  }
  return { boundaries: [...boundaries.values()].sort((a, b) => a.x - b.x), caps: [...caps.values()] };
}
