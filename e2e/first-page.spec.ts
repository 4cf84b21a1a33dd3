import { test, expect, type Worker } from '@playwright/test';
import { foreignRequests, recordCspViolations, recordRequests, screenshot, waitForSamples } from './lab';

const BACKEND_NAME = /^(webgpu|webgl|wasm|cpu)$/;

test('first page: alive at once, picks a backend by probing, samples and verifies in a worker, stays on its origin', async ({ page, baseURL }) => {
  const requests = recordRequests(page);
  const cspViolations = recordCspViolations(page);
  const workers: Worker[] = [];
  page.on('worker', (w) => workers.push(w));

  const t0 = Date.now();
  await page.goto('/');
  // The shell and the start-up steps show before the worker has done anything.
  await expect(page.getByRole('heading', { name: 'GRPO Lab' })).toBeVisible({ timeout: 3_000 });
  await expect(page.getByTestId('progress')).toBeVisible({ timeout: 3_000 });
  await expect(page.getByTestId('backend-badge')).toBeVisible({ timeout: 3_000 });
  expect(Date.now() - t0).toBeLessThan(3_000);

  await waitForSamples(page);

  // The badge names the backend, its adapter and why it was chosen (auto: the probe's timings).
  await expect(page.getByTestId('backend-name')).toHaveText(BACKEND_NAME);
  await expect(page.getByTestId('backend-adapter')).not.toBeEmpty();
  await expect(page.getByTestId('backend-reason')).toContainText('fastest in a short probe');

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
