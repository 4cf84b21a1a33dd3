import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { totalSteps, type ExperimentConfig } from '../../src/core/config';
import { defaultRuns } from '../../src/core/eval/runs';
import { SCORECARD_COLUMNS } from '../../src/core/studies/run-study';
import { censusRollouts, type Study } from '../../src/core/eval/studies';
import { getPreset, listPresets, PRESET_SIZES, type PresetSize } from '../../src/core/presets';
import { SUITES } from '../../src/core/tasks/suites';

/**
 * What `--list` says a preset costs: completions sampled (training and evaluation), priced by the
 * benchmark's measured WASM timings in bench/results-grpo-wasm.json (a GRPO step of 8 × 8
 * completions; Pass@1 over 64 runs of in-30 with the base checkpoint). Length caps are not
 * priced in: the measured completions are the base checkpoint's, which mostly stop early.
 */
export interface Rates {
  /** Seconds per training completion (sampling and update), from the GRPO step. */
  trainCompletion: number;
  /** Seconds per evaluation completion (sampling and verifying), from Pass@1. */
  evalCompletion: number;
  measuredAt: string;
}

export const BENCH_FILE = join('bench', 'results-grpo-wasm.json');

export function readRates(root: string): Rates | null {
  const file = join(root, BENCH_FILE);
  if (!existsSync(file)) return null;
  try {
    const b = JSON.parse(readFileSync(file, 'utf8')) as {
      timestamp: string;
      backends: { wasm: { grpoStep: { promptsPerStep: number; numGenerations: number; median: { total: number } }; pass1: { medianMs: number; problems: number; runs: number } } };
    };
    const { grpoStep, pass1 } = b.backends.wasm;
    const trainCompletion = grpoStep.median.total / (grpoStep.promptsPerStep * grpoStep.numGenerations);
    const evalCompletion = pass1.medianMs / 1000 / (pass1.problems * pass1.runs);
    if (!(trainCompletion > 0 && evalCompletion > 0)) return null;
    return { trainCompletion, evalCompletion, measuredAt: b.timestamp.slice(0, 10) };
  } catch {
    return null;
  }
}

const sizeOf = (suite: string) => SUITES.find((s) => s.name === suite)?.size ?? 0;
/** Problems a study scores of a suite: its first `limit` where the study has one. */
const scored = (suite: string, limit = 0) => (limit > 0 ? Math.min(limit, sizeOf(suite)) : sizeOf(suite));

/** Completions a study samples. */
export function studyCompletions(study: Study): number {
  switch (study.kind) {
    case 'pass1':
      return scored(study.suite, study.limit) * (study.runs || defaultRuns(scored(study.suite, study.limit)));
    case 'maxGap':
      // One pool of runs: as many as the largest trial takes, for each trial.
      return sizeOf(study.suite) * Math.max(...study.runsPerTrial) * study.trials;
    case 'temperatureSweep':
      // Greedy decoding (T = 0) is one run.
      return sizeOf(study.suite) * study.temperatures.reduce((n, t) => n + (t === 0 ? 1 : study.runs), 0);
    case 'greedy':
      // The sampled runs, one greedy decode per batch size, and one more per other backend (at most all listed).
      return sizeOf(study.suite) * (study.runs + study.batchSizes.length + study.backends.length);
    case 'perturbation':
      return sizeOf(study.suite) * 2 + study.train.promptsPerStep * study.train.numGenerations;
    case 'scorecard': {
      const needed = study.groups.some((g) => g === 'fitness' || g === 'robustness');
      return SCORECARD_COLUMNS.filter((c) => (study.groups as readonly string[]).includes(c.group) || (needed && (c.key === 'in-30' || c.key === 'in-83'))).reduce((n, c) => n + scored(c.suite, study.limit) * (study.runs || defaultRuns(scored(c.suite, study.limit))), 0);
    }
    case 'census':
      return (study.limit || study.data.trainSize) * censusRollouts(study) * study.samplings.length;
  }
}

/** Training completions of a run, evaluations during training included. */
export function trainingCompletions(config: ExperimentConfig): { train: number; evaluate: number } {
  const steps = totalSteps(config);
  const evals = config.evaluation.every > 0 ? Math.floor(steps / config.evaluation.every) : 0;
  return { train: steps * config.promptsPerStep * config.numGenerations, evaluate: evals * sizeOf(config.evaluation.suite) * config.evaluation.runs };
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export interface PresetEstimate {
  sizes: { size: PresetSize; arms: number; seconds: number | null; label: string }[];
}

/** Arm count and estimated wall time, one seed, per preset and size. */
export function presetEstimates(root: string): Map<string, PresetEstimate> & { basis: string } {
  const rates = readRates(root);
  const out = new Map<string, PresetEstimate>() as Map<string, PresetEstimate> & { basis: string };
  for (const { id } of listPresets()) {
    const sizes = PRESET_SIZES.map((size) => {
      const arms = getPreset(id, size).arms;
      let train = 0;
      let evaluate = 0;
      for (const a of arms) {
        if (a.config) {
          const t = trainingCompletions(a.config);
          train += t.train;
          evaluate += t.evaluate;
        }
        for (const s of a.studies) evaluate += studyCompletions(s);
      }
      const seconds = rates ? train * rates.trainCompletion + evaluate * rates.evalCompletion : null;
      const completions = `${(train + evaluate).toLocaleString('en')} completions`;
      return { size, arms: arms.length, seconds, label: seconds === null ? completions : `${formatDuration(seconds)} on WASM (${completions})` };
    });
    out.set(id, { sizes });
  }
  out.basis = rates
    ? `Times are per seed, from ${BENCH_FILE} (measured ${rates.measuredAt}): ${rates.trainCompletion.toFixed(3)} s per training completion (a GRPO step), ${rates.evalCompletion.toFixed(3)} s per evaluation completion (Pass@1). Sampling and updates only: each unit adds its start-up (browser, app, checkpoint), a busy machine is slower, a GPU backend faster.`
    : `No ${BENCH_FILE} to price completions with; run npm run bench to measure this machine.`;
  return out;
}
