import type { Page } from '@playwright/test';
import type { ExperimentConfigInput } from '../src/core/config';
import type { StepMetrics } from '../src/core/grpo/metrics';
import type { RunEvent } from '../src/core/training/driver';
import type { GrpoLabHooks } from '../src/ui/debug-hooks';
import type { SupervisorStatus } from '../src/ui/lab-client-api';
import type { RunRecord, RunSummary } from '../workers/api';

/**
 * Driving runs from e2e tests through `window.__grpoLab` (the LabClient the panels use), with a
 * recorder of run events kept on the page so it survives between `evaluate` calls.
 */

/**
 * A run small enough to take seconds on WASM: 2 prompts × 4 samples, 48 tokens, 6 steps, one update
 * per batch and no KL. What these tests are about is not the recipe: with β > 0 every batch updates
 * (the KL carries a gradient even where all advantages are 0), which made a tiny step's update
 * about five times as long (0.8–0.9 s against 0.15–0.2 s for 6 steps, measured in Node). `withRecipe` gives a test the recipe's β and mini-batches back.
 */
export function tinyConfig(overrides: Partial<ExperimentConfigInput> = {}): ExperimentConfigInput {
  return {
    name: 'e2e-tiny',
    seed: 11,
    numGenerations: 4,
    promptsPerStep: 2,
    data: { trainSize: 64, minOps: 2, maxOps: 4 },
    stages: [{ maxCompletionLength: 48, sampleFilter: 'both', steps: 6 }],
    checkpointEvery: 2,
    microBatchSize: 8,
    evaluation: { every: 0 },
    beta: 0,
    miniBatches: 1,
    ...overrides,
  };
}

/** A config with the recipe's defaults for β (a reference policy in the worker) and mini-batches. */
export function withRecipe(config: ExperimentConfigInput): ExperimentConfigInput {
  const { beta: _beta, miniBatches: _miniBatches, ...rest } = config;
  return rest;
}

/** What the page keeps for the test: events (steps without their samples), run outcomes, notices. */
export interface Recorder {
  events: (Exclude<RunEvent, { type: 'step' }> | { type: 'step'; runId: string; step: number })[];
  results: Record<string, RunSummary>;
  errors: Record<string, string>;
  /** The supervisor notice's texts since recordNotices, oldest first. */
  notices: string[];
}

/** `window` as the tests see it once the lab is open: its hooks and the recorder. */
export type LabWindow = { __grpoLab: GrpoLabHooks; __rec: Recorder };

/** Waits until the page's lab is there and its worker has loaded the checkpoint. */
export async function waitForLab(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as Partial<LabWindow>).__grpoLab !== undefined);
  await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.ready);
}

/** What openLab and reloadLab do once the page has loaded: wait for the lab, start recording run events. */
async function labLoaded(page: Page): Promise<void> {
  await waitForLab(page);
  await page.evaluate(() => {
    const w = window as unknown as LabWindow;
    w.__rec = { events: [], results: {}, errors: {}, notices: [] };
    w.__grpoLab.client.onRunEvent((e) => w.__rec.events.push(e.type === 'step' ? { type: 'step', runId: e.runId, step: e.metrics.step } : e));
  });
}

/** Opens the lab, waits until its worker has loaded the checkpoint, and starts recording run events. */
export async function openLab(page: Page, backend = 'wasm'): Promise<void> {
  await page.goto(`/?backend=${backend}`);
  await labLoaded(page);
}

/** Reloads the page (same URL, so the same backend), then waits for the lab and records afresh, as openLab does. */
export async function reloadLab(page: Page): Promise<void> {
  await page.reload();
  await labLoaded(page);
}

/** Starts (or resumes) a run without waiting for it; its outcome lands in the recorder. */
export async function startRun(page: Page, runId: string, config?: ExperimentConfigInput): Promise<void> {
  await page.evaluate(
    ({ runId, config }) => {
      const w = window as unknown as LabWindow;
      delete w.__rec.results[runId];
      delete w.__rec.errors[runId];
      w.__grpoLab.client.startRun({ runId, ...(config ? { config } : {}) }).then(
        (s) => (w.__rec.results[runId] = s),
        (e: unknown) => (w.__rec.errors[runId] = e instanceof Error ? e.message : String(e)),
      );
    },
    { runId, config },
  );
}

/** Waits for the run to end and returns its summary (throws with the run's error if it failed). */
export async function runResult(page: Page, runId: string, timeout = 120_000): Promise<RunSummary> {
  await page.waitForFunction((id) => {
    const r = (window as unknown as LabWindow).__rec;
    return id in r.results || id in r.errors;
  }, runId, { timeout });
  const { result, error } = await page.evaluate((id) => {
    const r = (window as unknown as LabWindow).__rec;
    return { result: r.results[id] ?? null, error: r.errors[id] ?? null };
  }, runId);
  if (error !== null) throw new Error(`run ${runId} failed: ${error}`);
  return result!;
}

export async function runToEnd(page: Page, runId: string, config?: ExperimentConfigInput): Promise<RunSummary> {
  await startRun(page, runId, config);
  return runResult(page, runId);
}

/** Waits until the run has reported step `step` (or a later one). */
export async function waitForStep(page: Page, runId: string, step: number, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    ({ runId, step }) => (window as unknown as LabWindow).__rec.events.some((e) => e.type === 'step' && e.runId === runId && e.step >= step),
    { runId, step },
    { timeout },
  );
}

export async function events(page: Page, runId: string): Promise<Recorder['events']> {
  return page.evaluate((id) => (window as unknown as LabWindow).__rec.events.filter((e) => e.runId === id), runId);
}

export async function getRun(page: Page, runId: string): Promise<RunRecord | null> {
  return page.evaluate((id) => (window as unknown as LabWindow).__grpoLab.client.getRun(id), runId);
}

export async function listRuns(page: Page): Promise<RunSummary[]> {
  return page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.listRuns());
}

export async function statusLog(page: Page): Promise<SupervisorStatus[]> {
  return page.evaluate(() => (window as unknown as LabWindow).__grpoLab.statusLog);
}

/**
 * Records every text the supervisor's notice shows from now on. The notice lives only while a new
 * worker starts, which on a fast machine is shorter than Playwright's polling interval, so tests
 * read this record instead of hoping to catch the element on screen.
 */
export async function recordNotices(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as LabWindow;
    w.__rec.notices = [];
    const look = () => {
      const text = document.querySelector('[data-testid="supervisor-status"]')?.textContent ?? null;
      if (text !== null && w.__rec.notices.at(-1) !== text) w.__rec.notices.push(text);
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** The notice texts seen since recordNotices, oldest first. */
export async function noticesSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as LabWindow).__rec.notices);
}

/** Step metrics without the wall-clock fields, which no two runs share. */
export function withoutTiming(metrics: readonly StepMetrics[]): Omit<StepMetrics, 'secondsSampling' | 'secondsScoring' | 'secondsUpdating'>[] {
  return metrics.map(({ secondsSampling: _a, secondsScoring: _b, secondsUpdating: _c, ...rest }) => rest);
}

/** How many rows each store of the worker's database holds, read from the page (same origin, same database). */
export async function storedRows(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open('grpo-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names, 'readonly');
          const counts: Record<string, number> = {};
          for (const name of names) {
            const req = tx.objectStore(name).count();
            req.onsuccess = () => (counts[name] = req.result);
          }
          tx.oncomplete = () => (db.close(), resolve(counts));
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}
