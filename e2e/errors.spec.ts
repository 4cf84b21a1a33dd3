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

test('a link naming Object’s members, an unknown suite or run ids like constructor leaves the page working and says what was wrong', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const inherited = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
  await page.goto(`/?backend=wasm&${inherited.map((k) => `${k}=1`).join('&')}&runs=constructor,toString&irun=valueOf`);
  await page.waitForFunction(() => (window as unknown as { __grpoLab?: { ready: Promise<unknown> } }).__grpoLab !== undefined);
  await page.evaluate(() => (window as unknown as { __grpoLab: { ready: Promise<unknown> } }).__grpoLab.ready);
  const problems = page.getByTestId('url-problems');
  for (const k of inherited) await expect(problems).toContainText(`${k} is not a setting of this page; it was ignored`);
  await expect(page.getByTestId('experiment-panel')).toBeVisible();

  await page.goto('/?backend=wasm&evaluation.suite=nonexistent-suite&evaluation.every=1');
  const field = page.getByTestId('field-evaluation.suite');
  await expect(field).toHaveClass(/invalid/);
  await expect(field.getByTestId('field-error')).toContainText('evaluation.suite must be one of in-30');
  await expect(page.getByTestId('run-button')).toBeDisabled();

  await page.goto('/?backend=wasm&view=eval&suite=zzz');
  await expect(page.getByTestId('url-problems')).toContainText('suite: unknown suite "zzz"; known suites: in-30');
  await expect(page.getByTestId('study-suite')).toHaveValue('in-30');
  expect(pageErrors).toEqual([]);
});

test('a checkpoint link that resolves to another origin is refused by the page, before any worker or request', async ({ page }) => {
  const workers: string[] = [];
  const requests: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  page.on('request', (r) => requests.push(r.url()));
  // Each passes a "starts with one /" check, and the URL parser turns it into //evil.example/.
  for (const checkpoint of ['/%5Cevil.example/', '/%5C%5Cevil.example/', '/%09/evil.example/', '/%5C/evil.example/']) {
    await page.goto(`/?backend=wasm&checkpoint=${checkpoint}`);
    const error = page.getByTestId('error');
    await expect(error, checkpoint).toContainText('This link has an invalid setting');
    await expect(error, checkpoint).toContainText('checkpoint must be a folder on this site');
    await expect(error, checkpoint).toContainText('leads to http://evil.example');
  }
  expect(workers).toEqual([]);
  expect(requests.filter((u) => !u.startsWith(new URL(page.url()).origin))).toEqual([]);
});
