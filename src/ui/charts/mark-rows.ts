import type { XMark } from './MetricChart';

/** Label rows the vertical marks of a chart cycle through, so that marks a few steps apart do not print over each other. */
export const MARK_LABEL_ROWS = 3;

/**
 * The line under the chart's top edge each vertical mark's label prints on: the marks in step
 * order take the rows in turn, whatever they mark (a stage boundary, a kept step), so that a
 * boundary of one schedule and the kept step of another do not share a row where they are close.
 */
export function markRows(marks: readonly XMark[]): (XMark & { row: number })[] {
  return [...marks].sort((a, b) => a.x - b.x).map((m, i) => ({ ...m, row: i % MARK_LABEL_ROWS }));
}
