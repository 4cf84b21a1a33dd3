/**
 * Run colours: Tableau 10 (distinguishable and print-safe) and two darker ones, so that every run
 * the charts may show at once (MAX_RUNS_SHOWN) has its own colour. Then the paper's categories.
 */
export const RUN_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#3d3d3d', '#0f6f7c'];

export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length];
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
