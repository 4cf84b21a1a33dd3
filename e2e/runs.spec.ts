import { test, expect, type Page } from '@playwright/test';
import { MAX_IMPORT_BYTES, type RunExport } from '../workers/api';
import { waitForSamples } from './lab';
import { validRunExport } from '../src/testing/fuzz';
import { BASE_STUDIES_KEY } from '../src/ui/run/storage-keys';
import { events, getRun, listRuns, openLab, reloadLab, runResult, runToEnd, startRun, storedRows, tinyConfig, waitForStep, type LabWindow } from './lab-runs';

/** Runs through window.__grpoLab on WASM: they persist, export and import, obey pause/resume/stop. */

test('a run completes with TF.js off the page, persists across a reload, and exports and imports', async ({ page }) => {
  test.setTimeout(150_000);
  await openLab(page);
  await waitForSamples(page);

  const config = tinyConfig({ evaluation: { every: 3, suite: 'in-30', runs: 1, maxCompletionLength: 32 } });
  const summary = await runToEnd(page, 'e2e-done', config);
  expect(summary).toMatchObject({ runId: 'e2e-done', status: 'done', step: 6, totalSteps: 6, checkpointStep: 6, backend: { name: 'wasm' } });
  expect((await events(page, 'e2e-done')).map((e) => e.type)).toEqual(['started', 'eval', 'step', 'step', 'checkpoint', 'step', 'eval', 'step', 'checkpoint', 'step', 'step', 'eval', 'checkpoint', 'finished']);
  // The page never computes: after a whole run TF.js is still absent from its main thread, and none
  // of the page's own scripts carries it (main-thread long tasks are timed in npm run bench:page).
  expect(await page.evaluate(() => typeof (globalThis as { _tfengine?: unknown })._tfengine)).toBe('undefined');
  const pageScripts = await page.evaluate(() => [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[rel=modulepreload]')].map((e) => ('src' in e ? e.src : e.href)));
  expect(pageScripts.length).toBeGreaterThan(0);
  for (const url of pageScripts) expect(await (await page.request.get(url)).text(), url).not.toContain('_tfengine');

  const before = (await getRun(page, 'e2e-done'))!;
  expect(before.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(before.evals.map((p) => p.step)).toEqual([0, 3, 6]);
  const samples = await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.getSamples('e2e-done', 2));
  expect(samples!.groups).toHaveLength(2);
  expect(samples!.groups.every((g) => g.samples.length === 4)).toBe(true);

  await reloadLab(page);
  expect(await listRuns(page)).toEqual([expect.objectContaining({ runId: 'e2e-done', status: 'done', step: 6 })]);
  expect(await getRun(page, 'e2e-done')).toEqual(before);

  // Export, then import the file: the copy gets a new id and the same numbers.
  const file = await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.exportRun('e2e-done'));
  expect(file).toMatchObject({ format: 'grpo-lab-run', version: 1, run: { runId: 'e2e-done', config: { seed: 11 }, backend: { name: 'wasm' } } });
  const imported = await page.evaluate((text) => (window as unknown as LabWindow).__grpoLab.client.importRun(text), JSON.stringify(file));
  expect(imported).toMatchObject({ runId: 'e2e-done-imported', status: 'done', checkpointStep: 0 });
  const copy = (await getRun(page, 'e2e-done-imported'))!;
  expect(copy.metrics).toEqual(before.metrics);
  expect(copy.evals).toEqual(before.evals);
  // An imported run brings numbers, not weights: it cannot be resumed.
  await startRun(page, 'e2e-done-imported');
  await expect(runResult(page, 'e2e-done-imported')).rejects.toThrow('was imported; it has no checkpoint to resume from');
  // Nor studied: the Evaluation view offers the base and the run with weights, not the copy.
  await reloadLab(page);
  await page.getByTestId('tab-eval').click();
  const policies = page.getByTestId('study-policy').locator('option');
  await expect(policies).toHaveCount(2);
  expect(await policies.evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['base', 'e2e-done']);
});

test('an invalid import is refused with a message and changes nothing', async ({ page }) => {
  await openLab(page);
  const client = (fn: string, arg: unknown) =>
    page.evaluate(
      async ({ fn, arg }) => {
        const lab = (window as unknown as LabWindow).__grpoLab.client as unknown as Record<string, (a: unknown) => Promise<unknown>>;
        try {
          return { ok: true, value: await lab[fn](arg) };
        } catch (e) {
          return { ok: false, value: e instanceof Error ? e.message : String(e) };
        }
      },
      { fn, arg },
    );
  const valid: RunExport = {
    format: 'grpo-lab-run',
    version: 1,
    exportedAt: '2025-01-01T00:00:00.000Z',
    run: {
      // The schema fills in the config's defaults on the way in: one stage of 40 steps.
      runId: 'kept', label: 'kept', config: {} as RunExport['run']['config'], status: 'done', createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z', step: 0, totalSteps: 40, checkpointStep: 0, backend: { name: 'wasm', adapter: '' }, metrics: [], evals: [], studies: [],
    },
  };
  expect(await client('importRun', JSON.stringify(valid))).toMatchObject({ ok: true, value: { runId: 'kept' } });
  const runsBefore = await listRuns(page);

  const attempts: [string, unknown, RegExp][] = [
    ['malformed JSON', '{"format": "grpo-lab-run", "version": 1, "run": ', /importRun: the file is not valid JSON/],
    ['another version', JSON.stringify({ ...valid, version: 2 }), /importRun: the file is a version 2 run export; this GRPO Lab reads version 1 only/],
    ['another format', JSON.stringify({ ...valid, format: 'tfjs-model' }), /importRun: the file is not a GRPO Lab run export \(format "tfjs-model"/],
    ['wrong schema', JSON.stringify({ ...valid, run: { ...valid.run, runId: 'bad', metrics: [{ step: 'one' }] } }), /importRun: the run export is not valid: run\.metrics\.0\.step/],
    ['a knob out of range', JSON.stringify({ ...valid, run: { ...valid.run, runId: 'bad', config: { numGenerations: 500 } } }), /numGenerations must be an integer in \[1, 64\]/],
  ];
  for (const [what, file, message] of attempts) {
    const r = await client('importRun', file);
    expect(r.ok, what).toBe(false);
    expect(r.value, what).toMatch(message);
  }
  // The page checks a file's size before reading it; the worker checks the text it is given again.
  const tooLarge = await page.evaluate(async (bytes) => {
    try {
      await (window as unknown as LabWindow).__grpoLab.client.importRun(' '.repeat(bytes));
      return 'imported';
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }, MAX_IMPORT_BYTES + 1024 * 1024);
  expect(tooLarge).toBe('importRun: the file is 21.0 MB; the limit for an imported run is 20.0 MB');
  expect(await listRuns(page)).toEqual(runsBefore);
});

/** Writes one row straight into the worker's database: a record as an older version of the app could have stored it. */
async function putRow(page: Page, store: string, value: unknown, key: string[]): Promise<void> {
  await page.evaluate(
    (row) =>
      new Promise<void>((resolve, reject) => {
        const { store, value, key } = JSON.parse(row) as { store: string; value: unknown; key: string[] };
        const open = indexedDB.open('grpo-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(store, 'readwrite');
          tx.objectStore(store).put(value, key);
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    JSON.stringify({ store, value, key }),
  );
}

/** A run export with one step and one Pass@1 report (the fuzz suite's base), whose parts the hostile cases below replace. */
function exportWithStudy(runId: string): RunExport & { run: { studies: Record<string, unknown>[]; metrics: Record<string, unknown>[] } } {
  return validRunExport(runId) as unknown as RunExport & { run: { studies: Record<string, unknown>[]; metrics: Record<string, unknown>[] } };
}

test('hostile imports (bad study results, absurd metrics, a file nested 10,000 deep) are refused and store nothing', async ({ page }) => {
  await openLab(page);
  const importText = (text: string) =>
    page.evaluate(async (text) => {
      try {
        await (window as unknown as LabWindow).__grpoLab.client.importRun(text);
        return 'imported';
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    }, text);
  const good = exportWithStudy('hostile-ok');
  expect(await importText(JSON.stringify(good))).toBe('imported');
  const rowsBefore = await storedRows(page);
  expect(rowsBefore.steps).toBeGreaterThan(0);
  expect(rowsBefore.studies).toBeGreaterThan(0);

  const variant = (change: (f: ReturnType<typeof exportWithStudy>) => void) => {
    const f = exportWithStudy('hostile');
    change(f);
    return JSON.stringify(f);
  };
  const deep = 10_000;
  const cases: [string, string, RegExp][] = [
    ['result {}', variant((f) => (f.run.studies[0].result = {})), /run\.studies\.0\.result\.suite/],
    ['result null', variant((f) => (f.run.studies[0].result = null)), /run\.studies\.0\.result: /],
    ['a scorecard result {}', variant((f) => Object.assign(f.run.studies[0], { kind: 'scorecard', study: { kind: 'scorecard' }, result: {} })), /run\.studies\.0\.result\.columns/],
    ['a kind that differs from study.kind', variant((f) => (f.run.studies[0].kind = 'census')), /run\.studies\.0\.study\.kind/],
    ['runScores "abc"', variant((f) => ((f.run.studies[0].result as Record<string, unknown>).runScores = 'abc')), /run\.studies\.0\.result\.runScores/],
    ['accuracy 1e308', variant((f) => (f.run.metrics[0].accuracy = 1e308)), /run\.metrics\.0\.accuracy: must be a share in \[0, 1\]/],
    ['a negative length', variant((f) => (f.run.metrics[0].meanLength = -5)), /run\.metrics\.0\.meanLength: must be ≥ 0/],
    [
      'a study result nested 10,000 arrays deep',
      variant((f) => ((f.run.studies[0].result as Record<string, unknown>).runScores = '__deep__')).replace('"__deep__"', `${'['.repeat(deep)}0${']'.repeat(deep)}`),
      /importRun: the run export is not valid: run\.studies\.0\.result\.runScores\.0\.[0.]+ is nested more than 64 levels deep/,
    ],
  ];
  for (const [what, text, message] of cases) expect(await importText(text), what).toMatch(message);
  // Nothing of a refused file is stored: not the run, not one of its steps or reports, not after a reload either.
  expect(await storedRows(page)).toEqual(rowsBefore);
  await reloadLab(page);
  expect(await storedRows(page)).toEqual(rowsBefore);
  expect((await listRuns(page)).some((r) => r.runId.startsWith('hostile-ok-') || r.runId === 'hostile')).toBe(false);
});

test('a stored record a view cannot draw shows a message in that view, and the rest of the page works', async ({ page }) => {
  await openLab(page);
  const good = exportWithStudy('bad-record');
  expect(await page.evaluate(async (text) => (await (window as unknown as LabWindow).__grpoLab.client.importRun(text)).runId, JSON.stringify(good))).toBe('bad-record');
  // An older version stored reports unchecked: put one whose result is {} next to the good one.
  await putRow(page, 'studies', { ...good.run.studies[0], result: {} }, ['bad-record', '2025-01-01T00:00:01.000Z#x']);
  await page.goto('/?backend=wasm&view=eval&runs=bad-record');
  const failure = page.getByTestId('view-error');
  await expect(failure).toBeVisible();
  await expect(failure).toContainText('This view could not be drawn');
  await expect(failure).toContainText('bad-record');
  // Header and tabs stand; another view draws.
  await expect(page.getByRole('heading', { name: 'GRPO Lab' })).toBeVisible();
  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('view-error')).toHaveCount(0);
  await expect(page.locator('[data-testid="run-row"][data-run-id="bad-record"]')).toBeVisible();
  await page.getByTestId('tab-eval').click();
  await expect(failure).toBeVisible();
  // Deleting the offending run from the message lets the view draw again.
  await page.getByTestId('view-error-delete-bad-record').click();
  await expect(page.getByTestId('evaluation-panel')).toBeVisible();
  await expect(page.getByTestId('view-error')).toHaveCount(0);
  expect((await listRuns(page)).some((r) => r.runId === 'bad-record')).toBe(false);
});

test('pause holds a run between steps, resume goes on, stop ends it at a checkpoint it can resume from', async ({ page }) => {
  test.setTimeout(150_000);
  await openLab(page);
  await waitForSamples(page);
  const client = (fn: 'pauseRun' | 'resumeRun' | 'stopRun') => page.evaluate((fn) => (window as unknown as LabWindow).__grpoLab.client[fn](), fn);

  // Twelve steps: a stop sent after a step event still lands mid-run when the machine is busy.
  await startRun(page, 'e2e-ctl', tinyConfig({ stages: [{ maxCompletionLength: 48, sampleFilter: 'both', steps: 12 }] }));
  await waitForStep(page, 'e2e-ctl', 1);
  await client('pauseRun');
  await expect.poll(async () => (await events(page, 'e2e-ctl')).some((e) => e.type === 'paused')).toBe(true);
  const paused = (await getRun(page, 'e2e-ctl'))!;
  expect(paused.status).toBe('paused');
  await page.waitForTimeout(3_000);
  expect((await getRun(page, 'e2e-ctl'))!.step).toBe(paused.step);

  await client('resumeRun');
  await waitForStep(page, 'e2e-ctl', paused.step + 1);
  expect((await getRun(page, 'e2e-ctl'))!.status).toBe('running');
  await client('stopRun');
  const stopped = await runResult(page, 'e2e-ctl');
  expect(stopped.status).toBe('stopped');
  expect(stopped.step).toBeLessThan(12);
  expect(stopped.checkpointStep).toBe(stopped.step);

  // Started again by id alone, it resumes from the stop and finishes.
  const done = await runToEnd(page, 'e2e-ctl');
  expect(done).toMatchObject({ status: 'done', step: 12 });
  expect((await events(page, 'e2e-ctl')).filter((e) => e.type === 'started')).toEqual([
    expect.objectContaining({ step: 0, resumed: false }),
    expect.objectContaining({ step: stopped.step, resumed: true }),
  ]);
  expect((await getRun(page, 'e2e-ctl'))!.metrics.map((m) => m.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
});

test('a run validated every 2 steps keeps its best checkpoint through a stop and a reload, says which step it kept, and charts validation', async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page);
  await waitForSamples(page);
  // patience 0: the run trains all 6 steps whatever validation does, so the test does not hang on a plateau.
  const config = tinyConfig({ evaluation: { every: 0, maxCompletionLength: 32 }, validation: { every: 2, runs: 1, patience: 0, keep: 'best' } });
  await startRun(page, 'e2e-val', config);
  await waitForStep(page, 'e2e-val', 3);
  await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.stopRun());
  const stopped = await runResult(page, 'e2e-val');
  expect(stopped.status).toBe('stopped');
  expect(stopped.outcome).toBeUndefined();

  // A fresh worker after the reload resumes from the checkpoint, whose stored candidates the keep rule still reads.
  await reloadLab(page);
  const done = await runToEnd(page, 'e2e-val');
  expect(done).toMatchObject({ status: 'done', step: 6, checkpointStep: 6 });
  const record = (await getRun(page, 'e2e-val'))!;
  const validation = record.evals.filter((p) => p.suite === 'validation-200');
  expect(validation.map((p) => p.step)).toEqual([0, 2, 4, 6]);
  const best = Math.max(...validation.map((p) => p.pass1));
  const kept = validation.find((p) => p.pass1 === best)!;
  expect(done.outcome).toEqual({ endStep: 6, endedBy: 'budget', keep: 'best', keptStep: kept.step, reason: `best validation Pass@1 (${(best * 100).toFixed(1)} %) of 4 evaluations` });

  // The runs table says it, and the training charts draw validation's Pass@1 and length.
  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('run-kept').first()).toContainText(`ran all 6 steps; kept step ${kept.step}: best validation Pass@1`);
  await expect(page.getByTestId('chart-validation-pass1')).toBeVisible();
  await expect(page.getByTestId('chart-validation-length')).toBeVisible();
  // The export carries the outcome.
  const file = await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.exportRun('e2e-val'));
  expect(file.run.outcome).toEqual(done.outcome);
});

test('base-checkpoint reports in localStorage that do not parse by their kind are dropped, the good ones shown', async ({ page }) => {
  await openLab(page);
  const good = exportWithStudy('unused').run.studies[0];
  const stored = [good, { ...good, result: {} }, { ...good, kind: 'census' }, null, 'text', { ...good, result: { ...(good.result as object), runScores: 'abc' } }];
  await page.evaluate(({ key, value }) => localStorage.setItem(key, value), { key: BASE_STUDIES_KEY, value: JSON.stringify(stored) });
  await page.goto('/?backend=wasm&view=eval');
  await expect(page.getByTestId('evaluation-panel')).toBeVisible();
  await expect(page.getByTestId('report-count')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('view-error')).toHaveCount(0);
});
