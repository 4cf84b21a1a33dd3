import { test, expect } from '@playwright/test';
import { MAX_IMPORT_BYTES, type RunExport } from '../workers/api';
import { waitForSamples } from './lab';
import { events, getRun, listRuns, longTasks, openLab, recordLongTasks, reloadLab, runResult, runToEnd, startRun, tinyConfig, waitForStep, type LabWindow } from './lab-runs';

/** Runs through window.__grpoLab on WASM: they persist, export and import, obey pause/resume/stop. */

test('a run completes without blocking the page, persists across a reload, and exports and imports', async ({ page }) => {
  test.setTimeout(150_000);
  await openLab(page);
  await waitForSamples(page);
  await recordLongTasks(page);

  const config = tinyConfig({ evaluation: { every: 3, suite: 'in-30', runs: 1, maxCompletionLength: 32 } });
  const summary = await runToEnd(page, 'e2e-done', config);
  expect(summary).toMatchObject({ runId: 'e2e-done', status: 'done', step: 6, totalSteps: 6, checkpointStep: 6, backend: { name: 'wasm' } });
  expect((await events(page, 'e2e-done')).map((e) => e.type)).toEqual(['started', 'eval', 'step', 'step', 'checkpoint', 'step', 'eval', 'step', 'checkpoint', 'step', 'step', 'eval', 'checkpoint', 'finished']);
  // The main thread never blocked for more than 200 ms while the worker trained.
  expect((await longTasks(page)).filter((ms) => ms > 200)).toEqual([]);

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

test('pause holds a run between steps, resume goes on, stop ends it at a checkpoint it can resume from', async ({ page }) => {
  test.setTimeout(150_000);
  await openLab(page);
  await waitForSamples(page);
  const client = (fn: 'pauseRun' | 'resumeRun' | 'stopRun') => page.evaluate((fn) => (window as unknown as LabWindow).__grpoLab.client[fn](), fn);

  await startRun(page, 'e2e-ctl', tinyConfig());
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
  expect(stopped.step).toBeLessThan(6);
  expect(stopped.checkpointStep).toBe(stopped.step);

  // Started again by id alone, it resumes from the stop and finishes.
  const done = await runToEnd(page, 'e2e-ctl');
  expect(done).toMatchObject({ status: 'done', step: 6 });
  expect((await events(page, 'e2e-ctl')).filter((e) => e.type === 'started')).toEqual([
    expect.objectContaining({ step: 0, resumed: false }),
    expect.objectContaining({ step: stopped.step, resumed: true }),
  ]);
  expect((await getRun(page, 'e2e-ctl'))!.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
});
