/**
 * What passes between the runner's pieces: the entry script hands the unit tests their settings
 * through environment variables, and the tests report progress to the terminal reporter as
 * tagged stdout lines (Playwright forwards each test's stdout to reporters).
 */
export const ENV = {
  plan: 'GRPO_RUNNER_PLAN',
  out: 'GRPO_RUNNER_OUT',
  url: 'GRPO_RUNNER_URL',
  backend: 'GRPO_RUNNER_BACKEND',
  browserWs: 'GRPO_RUNNER_BROWSER_WS',
} as const;

export const PROGRESS_TAG = '@@grpo-progress ';

export interface ProgressLine {
  unit: string;
  phase: 'train' | 'study' | 'charts' | 'done';
  label: string;
  done: number;
  total: number;
  /** The latest key metric, e.g. "reward 0.41" or "Pass@1 38.2 %". */
  metric?: string;
  /** A line the terminal keeps (the progress line redraws): a checkpoint stored, a run resumed from one. */
  note?: string;
}

export function progressLine(p: ProgressLine): string {
  return PROGRESS_TAG + JSON.stringify(p);
}

export function parseProgress(text: string): ProgressLine[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(PROGRESS_TAG))
    .map((l) => JSON.parse(l.slice(PROGRESS_TAG.length)) as ProgressLine);
}

/** Files of a unit's folder. */
export const UNIT_FILES = {
  result: 'result.json',
  run: 'run.json',
  profile: 'profile',
  study: (i: number) => `study-${i}.json`,
  metrics: 'metrics.csv',
} as const;
