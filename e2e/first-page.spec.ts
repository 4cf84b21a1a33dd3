import { test, expect, type Worker } from '@playwright/test';
import { foreignRequests, recordCspViolations, recordRequests, screenshot, waitForSamples } from './lab';
import type { LabWindow } from './lab-runs';
import { BACKEND_CHOICE_KEY } from '../src/ui/run/storage-keys';

const BACKEND_NAME = /^(webgpu|webgl|wasm|cpu)$/;

test('first page: alive at once, takes the first backend that can win, samples and verifies in a worker, stays on its origin', async ({ page, baseURL }) => {
  const requests = recordRequests(page);
  const cspViolations = recordCspViolations(page);
  const workers: Worker[] = [];
  page.on('worker', (w) => workers.push(w));

  await page.goto('/');
  // The shell and the start-up steps show before the worker has done anything.
  await expect(page.getByRole('heading', { name: 'GRPO Lab' })).toBeVisible();
  await expect(page.getByTestId('progress')).toBeVisible();
  await expect(page.getByTestId('backend-badge')).toBeVisible();

  await waitForSamples(page);

  // A fresh profile remembers nothing: the first backend that starts serves the page at once, and
  // backends on a software adapter (SwiftShader without a GPU) are not started at all.
  await expect(page.getByTestId('backend-name')).toHaveText(BACKEND_NAME);
  await expect(page.getByTestId('backend-adapter')).not.toBeEmpty();
  await expect(page.getByTestId('backend-reason')).toContainText('the first that started here');
  const first = (await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.backend))!;
  expect(first.how).toBe('first-that-started');
  expect(first.skipped[first.name], 'the lab does not run on a backend it skipped').toBeUndefined();
  for (const [name, why] of Object.entries(first.skipped)) {
    expect(why).toMatch(/^software (adapter|renderer) \(/);
    await expect(page.getByTestId('backend-reason')).toContainText(`${name}: ${why}`);
  }

  // The probe times the others in a worker of its own, after the samples, and never a skipped one.
  await expect(page.getByTestId('backend-probe')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('backend-probe')).toContainText(/is the fastest here/);
  expect(workers.some((w) => w.url().includes('probe.worker'))).toBe(true);
  const probed = (await page.evaluate((key) => localStorage.getItem(key), BACKEND_CHOICE_KEY))!;
  const remembered = JSON.parse(probed) as { identity: string; name: string; probeMs: Record<string, number | null> };
  expect(remembered.identity).toBe(first.identity);
  for (const name of Object.keys(first.skipped)) expect(remembered.probeMs).not.toHaveProperty(name);

  // Every sample shows its prompt, completion, verdict and length.
  for (const card of await page.getByTestId('sample').all()) {
    await expect(card.getByTestId('prompt')).toContainText(/^Q:/);
    await expect(card.getByTestId('verdict')).toHaveText(/correct|wrong/);
    await expect(card.getByTestId('length')).toHaveText(/^\d+ tokens/);
    await expect(card.getByTestId('completion')).toBeVisible();
  }
  await expect(page.getByTestId('checkpoint')).toContainText('parameters');

  // TF.js ran in the lab worker and never on the page's main thread.
  const lab = workers.find((w) => w.url().includes('lab.worker'));
  expect(lab, `a lab worker among ${workers.map((w) => w.url()).join(', ')}`).toBeTruthy();
  expect(await lab!.evaluate(() => typeof (globalThis as { _tfengine?: unknown })._tfengine)).toBe('object');
  expect(await page.evaluate(() => typeof (globalThis as { _tfengine?: unknown })._tfengine)).toBe('undefined');

  // Nothing left the origin (the worker's own fetches included), and the CSP was never violated.
  expect(requests.some((u) => u.endsWith('/manifest.json')), 'the worker fetches are recorded').toBe(true);
  expect(foreignRequests(requests, new URL(baseURL!).origin)).toEqual([]);
  expect(cspViolations).toEqual([]);

  await screenshot(page, 'first-page');

  // A second visit starts the remembered backend at once and starts no probe.
  workers.length = 0;
  await page.reload();
  await waitForSamples(page);
  await expect(page.getByTestId('backend-reason')).toContainText(/^remembered: fastest in this browser's probe of \d{4}-\d\d-\d\d/);
  const second = (await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.backend))!;
  expect(second).toMatchObject({ how: 'remembered', name: remembered.name, identity: first.identity });
  await expect(page.getByTestId('backend-probe')).toHaveAttribute('data-state', 'idle');
  expect(workers.map((w) => w.url()).filter((u) => u.includes('probe.worker'))).toEqual([]);

  // Re-probe, on request.
  await page.getByTestId('reprobe').click();
  await expect(page.getByTestId('backend-probe')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(workers.some((w) => w.url().includes('probe.worker'))).toBe(true);
});

test('a damaged or foreign remembered choice is ignored: the lab starts as on a first visit', async ({ page }) => {
  await page.goto('/');
  await waitForSamples(page);
  await expect(page.getByTestId('backend-probe')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const probed = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), BACKEND_CHOICE_KEY))!) as Record<string, unknown>;
  for (const entry of ['{not json', JSON.stringify({ ...probed, name: 'tpu' }), JSON.stringify({ ...probed, identity: 'another machine' })]) {
    await page.evaluate(({ key, entry }) => localStorage.setItem(key, entry), { key: BACKEND_CHOICE_KEY, entry });
    await page.reload();
    await waitForSamples(page);
    await expect(page.getByTestId('backend-reason'), entry).toContainText('the first that started here');
  }
  await expect(page.getByTestId('backend-reason')).toContainText('the adapters changed since the last probe');
});

test('Sample again draws new problems with the next seed, and leaks no tensors', async ({ page }) => {
  const workers: Worker[] = [];
  page.on('worker', (w) => workers.push(w));
  await page.goto('/?backend=wasm');
  await waitForSamples(page);
  const tensors = () => workers[0].evaluate(() => (globalThis as unknown as { _tfengine: { state: { numTensors: number } } })._tfengine.state.numTensors);
  const tensorsAfterFirst = await tensors();
  await expect(page.getByTestId('backend-reason')).toHaveText('wasm was requested');
  await expect(page.getByTestId('fallback-notice')).toHaveCount(0);
  const promptsBefore = await page.getByTestId('prompt').allTextContents();
  await expect(page.getByTestId('samples')).toContainText('seed 1');

  await page.getByRole('button', { name: 'Sample again' }).click();
  await expect(page.getByTestId('samples')).toContainText('seed 2');
  await waitForSamples(page);
  expect(await page.getByTestId('prompt').allTextContents()).not.toEqual(promptsBefore);
  expect(await tensors()).toBe(tensorsAfterFirst);

  // Completions are text, never markup: the page holds no element the model could have written.
  expect(await page.locator('[data-testid=completion] *').count()).toBe(0);
});
