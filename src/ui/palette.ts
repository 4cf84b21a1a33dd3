/**
 * Run colours: Tableau 10 (distinguishable and print-safe) and two darker ones, so that every run
 * the charts may show at once (MAX_RUNS_SHOWN) has its own colour. Then the paper's categories.
 */
export const RUN_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#3d3d3d', '#0f6f7c'];

/** The colour of the i-th series of a chart whose series are not runs (e.g. study reports). */
export function seriesColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length];
}

/** FNV-1a of the run id: the run's own place in RUN_COLORS, the same on every visit. */
function slotOf(runId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < runId.length; i++) h = Math.imul(h ^ runId.charCodeAt(i), 0x01000193) >>> 0;
  return h % RUN_COLORS.length;
}

/**
 * The colour of each run on show, from its id (not from the order runs were ticked): each takes
 * its own slot; when two ids share one, the later in id order takes the next free slot. So a run
 * keeps its colour from visit to visit, and the colours depend only on which runs are on show.
 * Up to RUN_COLORS.length runs get distinct colours; beyond that they repeat.
 */
export function runColors(runIds: readonly string[]): Map<string, string> {
  const taken = new Set<number>();
  const colors = new Map<string, string>();
  for (const id of [...new Set(runIds)].sort()) {
    let slot = slotOf(id);
    for (let k = 0; k < RUN_COLORS.length && taken.has(slot); k++) slot = (slot + 1) % RUN_COLORS.length;
    taken.add(slot);
    colors.set(id, RUN_COLORS[slot]);
    if (taken.size === RUN_COLORS.length) taken.clear();
  }
  return colors;
}

export const CATEGORY = {
  correct: '#1d7a46',
  wrong: '#b3261e',
  effective: '#2f5bd3',
  otherEqual: '#9c755f',
  uncertain: '#e8a33d',
  certain: '#7a8593',
  greedy: '#7a5195',
  sampled: '#4e79a7',
} as const;
