import { test, expect, type Page } from '@playwright/test';
import { events, getRun, listRuns, openLab, runResult, runToEnd, startRun, tinyConfig, waitForStep, type LabWindow } from './lab-runs';

/**
 * Two tabs of one browser profile are two pages of one Playwright context: one origin, one
 * IndexedDB, one lock manager, each tab with its own lab worker. A run is owned by the worker that
 * trains it: the other tab sees it live and can neither delete it, start it again, nor start a
 * second run, until the owner lets go (the run ends, or its tab closes).
 */

async function rowCounts(page: Page, runId: string): Promise<Record<string, number>> {
  return page.evaluate(
    (runId) =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open('grpo-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = ['runs', 'steps', 'samples', 'evals', 'checkpoints', 'studies'];
          const tx = db.transaction(names, 'readonly');
          const counts: Record<string, number> = {};
          for (const name of names) {
            const one = name === 'runs' || name === 'checkpoints';
            const range = one ? IDBKeyRange.only(runId) : IDBKeyRange.bound([runId], [runId, []]);
            const req = tx.objectStore(name).count(range);
            req.onsuccess = () => (counts[name] = req.result);
          }
          tx.oncomplete = () => (db.close(), resolve(counts));
          tx.onerror = () => reject(tx.error);
        };
      }),
    runId,
  );
}

async function clientError(page: Page, call: 'deleteRun', runId: string): Promise<string> {
  return page.evaluate(
    async ({ call, runId }) => {
      try {
        await (window as unknown as LabWindow).__grpoLab.client[call](runId);
        return 'no error';
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
    { call, runId },
  );
}

test('a run training in one tab is shown live in another, which can neither delete it, start it again nor start a second run', async ({ page }) => {
  test.setTimeout(240_000);
  const a = page;
  await openLab(a);
  const b = await a.context().newPage();
  await openLab(b);

  // Long enough to outlast everything tab B tries; tab A is closed long before it ends.
  const long = tinyConfig({ stages: [{ maxCompletionLength: 48, sampleFilter: 'both', steps: 1000 }], checkpointEvery: 2 });
  await startRun(a, 'tab-x', long);
  await waitForStep(a, 'tab-x', 1);

  // Tab B's worker lists the runs (and sweeps left-behind ones): tab A's live run stays 'running'.
  expect((await listRuns(b)).find((r) => r.runId === 'tab-x')?.status).toBe('running');
  expect(await clientError(b, 'deleteRun', 'tab-x')).toMatch(/deleteRun: run tab-x is training in another tab of this lab; stop it there first/);
  await startRun(b, 'tab-x');
  await expect(runResult(b, 'tab-x')).rejects.toThrow(/run tab-x is training in another tab of this lab/);
  await startRun(b, 'tab-y', tinyConfig());
  await expect(runResult(b, 'tab-y')).rejects.toThrow(/run tab-x is training in another tab of this lab; one run at a time/);
  expect((await listRuns(b)).some((r) => r.runId === 'tab-y')).toBe(false);

  // What tab B shows: the run, live, with Run, Delete and presets disabled and saying why.
  await b.reload();
  await b.waitForFunction(() => (window as unknown as Partial<LabWindow>).__grpoLab !== undefined);
  const row = b.locator('[data-testid="run-row"][data-run-id="tab-x"]');
  await expect(row.getByTestId('run-row-status')).toHaveText('running in another tab');
  await expect(row.getByTestId('delete-run')).toBeDisabled();
  await expect(row.getByTestId('delete-run')).toHaveAttribute('title', 'It is training in another tab: stop it there first');
  await expect(b.getByTestId('run-button')).toBeDisabled();
  await expect(b.getByTestId('run-why')).toHaveText(/a run is training in another tab/);
  const elsewhere = b.getByTestId('run-elsewhere');
  await expect(elsewhere).toContainText('is training in another tab');
  const stepShown = async () => Number((await elsewhere.textContent())!.match(/step (\d+) of 1000/)![1]);
  const first = await stepShown();
  // Steps stream in from tab A's worker, no reload needed.
  await expect.poll(stepShown, { timeout: 60_000 }).toBeGreaterThan(first + 1);

  // Tab A closes mid-run: its worker's locks go with it, and tab B sees the run as interrupted.
  const checkpointed = (await getRun(b, 'tab-x'))!.checkpointStep;
  expect(checkpointed).toBeGreaterThan(0);
  await a.close();
  await expect(row.getByTestId('run-row-status')).toHaveText('interrupted', { timeout: 30_000 });
  await expect(row.getByTestId('delete-run')).toBeEnabled();
  await expect(b.getByTestId('run-elsewhere')).toHaveCount(0);

  // Now tab B owns it: delete removes every row of it in one go, and a new run under its id starts from nothing.
  await row.getByTestId('delete-run').click();
  await b.getByTestId('confirm-delete').click();
  await expect(row).toHaveCount(0);
  expect(await rowCounts(b, 'tab-x')).toEqual({ runs: 0, steps: 0, samples: 0, evals: 0, checkpoints: 0, studies: 0 });
});

test('a run id that has rows but no run record starts from step 0, not from the leftover checkpoint', async ({ page }) => {
  test.setTimeout(150_000);
  await openLab(page);
  await runToEnd(page, 'leftover-src', tinyConfig());
  // Leftovers as an older version could leave them (a delete that raced a training tab): a finished
  // checkpoint and steps under an id with no run record.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('grpo-lab');
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['checkpoints', 'steps'], 'readwrite');
          const get = tx.objectStore('checkpoints').get('leftover-src');
          get.onsuccess = () => {
            tx.objectStore('checkpoints').put({ ...get.result, runId: 'orphan' });
            tx.objectStore('steps').put({ step: 99 }, ['orphan', 99]);
          };
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  const done = await runToEnd(page, 'orphan', tinyConfig({ seed: 12 }));
  expect(done).toMatchObject({ status: 'done', step: 6 });
  const started = (await events(page, 'orphan')).find((e) => e.type === 'started');
  expect(started).toMatchObject({ step: 0, resumed: false });
  expect((await getRun(page, 'orphan'))!.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
});
