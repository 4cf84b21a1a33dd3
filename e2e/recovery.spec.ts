import { test, expect } from '@playwright/test';
import { waitForSamples } from './lab';
import { events, getRun, listRuns, noticesSeen, openLab, recordNotices, reloadLab, runResult, runToEnd, startRun, statusLog, tinyConfig, waitForStep, withoutTiming, withRecipe, type LabWindow } from './lab-runs';

/** Nothing lost: a reload, a crashed worker and a lost GPU device all resume from the last checkpoint. */

test('a reload mid-run leaves it interrupted; resuming keeps every finished step and reproduces an uninterrupted run', async ({ page }) => {
  test.setTimeout(180_000);
  await openLab(page);
  await waitForSamples(page);
  // The recipe's β and mini-batches: the resumed worker must load the reference policy again.
  const config = withRecipe(tinyConfig());
  await runToEnd(page, 'e2e-ref', config);
  const reference = (await getRun(page, 'e2e-ref'))!.metrics;

  await startRun(page, 'e2e-cut', config);
  await waitForStep(page, 'e2e-cut', 3);
  await reloadLab(page);

  const cut = (await listRuns(page)).find((r) => r.runId === 'e2e-cut')!;
  expect(cut.status).toBe('interrupted');
  expect(cut.step).toBeGreaterThanOrEqual(3);
  expect(cut.checkpointStep).toBeGreaterThanOrEqual(2);
  const kept = (await getRun(page, 'e2e-cut'))!.metrics;
  expect(kept.map((m) => m.step)).toEqual(Array.from({ length: cut.step }, (_, i) => i + 1));
  expect(withoutTiming(kept)).toEqual(withoutTiming(reference.slice(0, cut.step)));

  // Started again by id, the run resumes from its checkpoint, not from scratch.
  const done = await runToEnd(page, 'e2e-cut');
  expect(done).toMatchObject({ status: 'done', step: 6 });
  expect((await events(page, 'e2e-cut'))[0]).toMatchObject({ type: 'started', step: cut.checkpointStep, resumed: true });
  expect(withoutTiming((await getRun(page, 'e2e-cut'))!.metrics)).toEqual(withoutTiming(reference));
});

test('a worker that dies mid-run is restarted and the run finishes without losing a finished step', async ({ page }) => {
  test.setTimeout(180_000);
  await openLab(page);
  await waitForSamples(page);

  // Ten steps: room to pause mid-run even when the page's calls reach the worker slowly.
  await startRun(page, 'e2e-crash', tinyConfig({ stages: [{ maxCompletionLength: 48, sampleFilter: 'both', steps: 10 }] }));
  await waitForStep(page, 'e2e-crash', 3);
  // Paused first, so the crash lands mid-run however slow the machine is: on a busy machine the
  // last steps could otherwise finish before the worker takes the crash message.
  await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.pauseRun());
  await expect.poll(async () => (await events(page, 'e2e-crash')).some((e) => e.type === 'paused'), { timeout: 60_000 }).toBe(true);
  const beforeCrash = (await getRun(page, 'e2e-crash'))!;
  expect(beforeCrash.step).toBeLessThan(10);
  await recordNotices(page);
  // The worker closes itself without a word: only the ping watchdog can tell.
  await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.crashWorker());
  // The watchdog needs up to ping interval + timeout (20 s): generous, so a loaded machine is no failure.
  await expect.poll(() => noticesSeen(page), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^Recovering \(attempt 1\): the lab worker stopped: it stopped answering/));
  // The new worker resumes the run from its checkpoint, still paused as the page asked; then it goes on.
  await expect.poll(async () => (await events(page, 'e2e-crash')).filter((e) => e.type === 'started').length, { timeout: 120_000 }).toBe(2);
  await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.resumeRun());

  const done = await runResult(page, 'e2e-crash', 150_000);
  expect(done).toMatchObject({ status: 'done', step: 10, backend: { name: 'wasm' } });
  const log = await statusLog(page);
  expect(log.map((s) => s.state)).toEqual(['starting', 'ready', 'recovering', 'ready']);
  expect(log[2]).toMatchObject({ state: 'recovering', attempt: 1, reason: expect.stringMatching(/^the lab worker stopped: it stopped answering .*; restarting on wasm$/) });
  await expect(page.getByTestId('supervisor-status')).toHaveCount(0);

  const started = (await events(page, 'e2e-crash')).filter((e) => e.type === 'started');
  expect(started).toHaveLength(2);
  expect(started[1]).toMatchObject({ resumed: true });
  const after = (await getRun(page, 'e2e-crash'))!.metrics;
  expect(after.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  // Steps re-run after the checkpoint reproduce the numbers they had before the crash.
  expect(withoutTiming(after.slice(0, beforeCrash.step))).toEqual(withoutTiming(beforeCrash.metrics));
});

test('a lost GPU device is reported and the lab restarts on the next backend', async ({ page }) => {
  // Without a GPU, WebGPU and WebGL are software adapters whose start-up slows down with the load on
  // the machine. The waits below scale with what this start took here, not with a fixed guess.
  test.setTimeout(600_000);
  const t0 = Date.now();
  await openLab(page, 'webgpu');
  const bootMs = Date.now() - t0;
  const wait = Math.max(90_000, 15 * bootMs);
  test.info().annotations.push({ type: 'webgpu start-up', description: `${bootMs} ms; waits up to ${wait} ms per restart` });
  const backend = await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.backend?.name);
  test.skip(backend !== 'webgpu', `WebGPU did not start in this browser (the lab runs on ${backend})`);

  // The software WebGPU adapter is far too slow for a training step here (see the README), so this
  // loses the device under the first page's sampling: the detection and restart path is the same.
  await recordNotices(page);
  expect(await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.loseDevice())).toBe('destroyed the WebGPU device');
  await expect.poll(() => noticesSeen(page), { timeout: wait }).toContainEqual(expect.stringContaining('the WebGPU device was lost (destroyed'));
  await expect(page.getByTestId('supervisor-status')).toHaveCount(0, { timeout: wait });
  await expect(page.getByTestId('backend-name')).toHaveText('webgl');
  await expect(page.getByTestId('backend-reason')).toContainText('the WebGPU device was lost (destroyed');
  await expect(page.getByTestId('fallback-notice')).toContainText('Moved: the lab now runs on webgl, because the WebGPU device was lost (destroyed');
  // And a lost WebGL context moves the lab on to WASM.
  expect(await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.loseDevice())).toBe('lost the WebGL context');
  await expect.poll(() => noticesSeen(page), { timeout: wait }).toContainEqual(expect.stringContaining('the WebGL context was lost'));
  await expect(page.getByTestId('supervisor-status')).toHaveCount(0, { timeout: wait });
  await expect(page.getByTestId('backend-name')).toHaveText('wasm');
  const log = await statusLog(page);
  expect(log.map((s) => s.state)).toEqual(['starting', 'ready', 'recovering', 'ready', 'recovering', 'ready']);
  expect(log[2]).toMatchObject({ attempt: 1, reason: expect.stringMatching(/^the WebGPU device was lost \(destroyed.*\); restarting on webgl$/) });
  expect(log[4]).toMatchObject({ attempt: 2, reason: 'the WebGL context was lost; restarting on wasm' });
  // The first page's samples, cut short twice, arrive from the WASM worker.
  await waitForSamples(page);
});
