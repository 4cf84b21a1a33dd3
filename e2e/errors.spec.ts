import { test, expect } from '@playwright/test';

test('a missing checkpoint says which file is missing', async ({ page }) => {
  await page.goto('/?backend=wasm&checkpoint=/checkpoints/missing/');
  const error = page.getByTestId('error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('The checkpoint could not be loaded');
  await expect(error).toContainText('/checkpoints/missing/manifest.json');
  await expect(error).toContainText('HTTP 404');
  // The rest of the page still stands: header, badge and the failed step.
  await expect(page.getByTestId('backend-name')).toHaveText('wasm');
  await expect(page.locator('.step.failed')).toHaveText('Loading checkpoint');
});

test('a malformed checkpoint says what is wrong with it', async ({ page }) => {
  await page.route('**/checkpoints/broken/manifest.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ format: 'something-else' }) }));
  await page.goto('/?backend=wasm&checkpoint=/checkpoints/broken/');
  const error = page.getByTestId('error');
  await expect(error).toContainText('The checkpoint could not be loaded');
  await expect(error).toContainText('checkpoint manifest is not valid');
});

test('an invalid ?backend= is refused with a clear message', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto('/?backend=foo');
  const error = page.getByTestId('error');
  await expect(error).toContainText('This link has an invalid setting');
  await expect(error).toContainText('backend must be one of auto, webgpu, webgl, wasm, cpu (got "foo")');
  await expect(page.getByRole('heading', { name: 'GRPO Lab' })).toBeVisible();
  expect(workers).toEqual([]);
});
