/**
 * How many training runs the lab runs side by side by default. Each run's TF.js works on one core
 * (the WASM backend is single-threaded), so independent runs (a preset's arms, its seeds) can use
 * the others; one core is left for the browser's own threads and the person at the machine.
 */
export const MAX_PARALLEL_RUNS = 64;

export function defaultParallelRuns(cores: number): number {
  if (!Number.isFinite(cores) || cores < 1) return 1;
  return Math.min(MAX_PARALLEL_RUNS, Math.max(1, Math.floor(cores) - 1));
}
