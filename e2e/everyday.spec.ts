import { test, expect, type Page } from '@playwright/test';
import { waitForChartsDrawn } from '../scripts/runner/charts';
import { screenshot } from './lab';
import { listRuns, openLab, runToEnd, tinyConfig, waitForLab, type LabWindow } from './lab-runs';

/**
 * What a researcher, a teacher and a headless user meet first: the training charts (every metric,
 * stage and cap marks, axes that fit, a capture that waits for every row), the runs table (imported
 * runs marked, import errors where the file was picked, a delete that asks), and Copy link on a
 * page that cannot use the clipboard.
 */

test.use({ viewport: { width: 1280, height: 900 } });

async function openView(page: Page, query: string): Promise<void> {
  await page.goto(`/?backend=wasm&${query}`);
  await waitForLab(page);
}

const TRAINING_CHARTS = ['reward', 'accuracy', 'length', 'zero-advantage', 'samples-used', 'truncated', 'kl', 'clip', 'loss', 'grad-norm', 'entropy', 'step-time'];

test('every recorded metric is charted with stage and cap marks on axes that fit, and the capture waits until each chart drew every row', async ({ page }) => {
  test.setTimeout(180_000);
  await openLab(page);
  // Two stages, 48(NP)x3-32(N)x3: a boundary after step 3 and two length caps.
  const stages = [
    { maxCompletionLength: 48, sampleFilter: 'both' as const, steps: 3 },
    { maxCompletionLength: 32, sampleFilter: 'negative' as const, steps: 3 },
  ];
  await runToEnd(page, 'charts-run', tinyConfig({ stages }));

  // What the headless runner does: open the view and wait. Right after the wait, without any
  // sleep, every chart holds all six steps: the chart set depends on the data alone.
  await openView(page, 'view=train&runs=charts-run');
  await waitForChartsDrawn(page, 'train', 1);
  const charts = await page
    .getByTestId('training-charts')
    .locator('figure')
    .evaluateAll((fs) => fs.map((f) => ({ id: (f as HTMLElement).dataset.testid, empty: (f as HTMLElement).dataset.empty, rows: (f as HTMLElement).dataset.rows, total: (f as HTMLElement).dataset.rowsTotal })));
  expect(charts).toEqual(TRAINING_CHARTS.map((id) => ({ id: `chart-${id}`, empty: 'false', rows: '6', total: '6' })));

  // Stage 2 starts after step 3, on every line chart; the length chart shows both caps.
  // (recharts draws the marks' labels in a layer of their own, so look for them in the whole plot.)
  await expect(page.getByTestId('chart-reward').locator('.recharts-reference-line')).toHaveCount(1);
  await expect(page.getByTestId('chart-reward').locator('svg.recharts-surface')).toContainText('stage 2');
  await expect(page.getByTestId('chart-length').locator('.recharts-reference-line')).toHaveCount(3);
  for (const label of ['stage 2', 'cap 48', 'cap 32']) await expect(page.getByTestId('chart-length').locator('svg.recharts-surface')).toContainText(label);

  // With μ = 1 nothing is clipped: the clip axis fits its zeros (0–6 %), it does not reach 400 %.
  // (recharts 3 draws ticks in layers of their own, outside the axis group: the % ticks are the y axis.)
  const yTicks = async (id: string) => (await page.getByTestId(`chart-${id}`).locator('.recharts-cartesian-axis-tick-value').allTextContents()).filter((t) => t.endsWith('%')).map((t) => Number.parseFloat(t));
  const clipTicks = await yTicks('clip');
  expect(clipTicks.length).toBeGreaterThan(1);
  expect(Math.max(...clipTicks)).toBeLessThanOrEqual(6);
  // A share never leaves 0–100 %.
  const truncatedTicks = await yTicks('truncated');
  expect(truncatedTicks.length).toBeGreaterThan(1);
  expect(Math.max(...truncatedTicks)).toBeLessThanOrEqual(100);
  expect(Math.min(...truncatedTicks)).toBeGreaterThanOrEqual(0);
  await screenshot(page, 'training-charts');
});

test('the runs table marks imported runs and keeps them from Inspect and Score; import errors sit next to Import; Delete asks; colours follow the run id', async ({ page }) => {
  test.setTimeout(180_000);
  await openLab(page);
  await runToEnd(page, 'table-run', tinyConfig());
  const file = await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.exportRun('table-run'));
  await openView(page, 'view=train');

  // A broken file: the reason shows next to Import, and the Run card stays clear.
  const input = page.getByTestId('import-input');
  const message = page.getByTestId('import-message');
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "grpo-lab-run", "version": ') });
  await expect(message).toHaveAttribute('data-ok', 'false');
  await expect(message).toHaveAttribute('role', 'alert');
  await expect(message).toContainText('The file was not imported: importRun: the file is not valid JSON');
  await expect(page.getByTestId('runs-error')).toHaveCount(0);
  // A good file afterwards replaces the error.
  await input.setInputFiles({ name: 'table-run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(message).toHaveAttribute('data-ok', 'true');
  await expect(message).toHaveText('Imported e2e-tiny.');

  const trained = page.locator('[data-testid=run-row][data-run-id="table-run"]');
  const imported = page.locator('[data-testid=run-row][data-run-id="table-run-imported"]');
  await expect(imported.getByTestId('imported-tag')).toHaveText('imported');
  await expect(trained.getByTestId('imported-tag')).toHaveCount(0);
  await expect(imported.getByTestId('inspect-run')).toBeDisabled();
  await expect(imported.getByTestId('inspect-run')).toHaveAttribute('title', 'An imported run brings its metrics and studies, not its samples');
  await expect(trained.getByTestId('inspect-run')).toBeEnabled();

  // Colours come from the run ids: the same whichever run was ticked first.
  const swatches = async () => ({ trained: await trained.locator('.swatch').evaluate((e) => getComputedStyle(e).backgroundColor), imported: await imported.locator('.swatch').evaluate((e) => getComputedStyle(e).backgroundColor) });
  await openView(page, 'view=train&runs=table-run,table-run-imported');
  const forward = await swatches();
  await openView(page, 'view=train&runs=table-run-imported,table-run');
  expect(await swatches()).toEqual(forward);
  expect(forward.trained).not.toBe(forward.imported);
  await waitForChartsDrawn(page, 'train', 2);
  await page.getByTestId('runs-list').screenshot({ path: test.info().outputPath('runs-table.png') });

  // Compare offers Score where there are weights (Orig, the trained run), and says why not for the import.
  await openView(page, 'view=compare&runs=table-run,table-run-imported');
  await expect(page.getByRole('button', { name: /^Score / })).toHaveText(['Score Orig (base checkpoint)', 'Score e2e-tiny']);
  await expect(page.getByTestId('cannot-score')).toHaveText('e2e-tiny: An imported run brings its numbers, not its weights: there is nothing to score.');

  // Delete asks first; Cancel keeps the run, Delete removes it.
  await openView(page, 'view=train');
  await imported.getByTestId('delete-run').click();
  await expect(page.getByTestId('confirm-delete-row')).toContainText('Delete “e2e-tiny” and everything stored with it');
  await expect(page.getByTestId('confirm-delete')).toBeFocused();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('confirm-delete-row')).toHaveCount(0);
  await expect(imported).toHaveCount(1);
  await imported.getByTestId('delete-run').click();
  await page.getByTestId('confirm-delete').click();
  await expect(imported).toHaveCount(0);
  expect((await listRuns(page)).map((r) => r.runId)).toEqual(['table-run']);
});

test('Copy link copies the link; where the clipboard API is missing (an insecure context) it selects the link in a field and says so', async ({ browser, baseURL }) => {
  // 127.0.0.1 is a secure context: the clipboard works and the button says so.
  const secure = await browser.newContext({ baseURL, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await secure.newPage();
  await page.goto('/?backend=wasm&view=compare&smooth=0.5');
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link')).toHaveText('Link copied');
  await expect(page.getByRole('status').filter({ hasText: 'The link to this page is on the clipboard.' })).toHaveCount(1);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(copied).searchParams.get('view')).toBe('compare');
  expect(new URL(copied).searchParams.get('smooth')).toBe('0.5');
  await expect(page.getByTestId('copy-link-manual')).toHaveCount(0);
  await secure.close();

  // On a LAN address over HTTP the page has no navigator.clipboard at all: removing it is that condition.
  const insecure = await browser.newContext({ baseURL });
  await insecure.addInitScript(() => {
    delete (Navigator.prototype as { clipboard?: unknown }).clipboard;
  });
  const lan = await insecure.newPage();
  await lan.goto('/?backend=wasm&view=compare&smooth=0.5');
  expect(await lan.evaluate(() => 'clipboard' in navigator)).toBe(false);
  await lan.getByTestId('copy-link').click();
  const manual = lan.getByTestId('copy-link-manual');
  await expect(manual).toBeVisible();
  await expect(manual).toHaveAttribute('role', 'alert');
  await expect(manual).toContainText('not served over HTTPS or from localhost');
  await expect(manual).toContainText(/press (Ctrl\+C|⌘C) to copy it/);
  const field = lan.getByTestId('copy-link-field');
  await expect(field).toBeFocused();
  const { value, selected } = await field.evaluate((e: HTMLInputElement) => ({ value: e.value, selected: e.value.slice(e.selectionStart ?? 0, e.selectionEnd ?? 0) }));
  expect(new URL(value).searchParams.get('view')).toBe('compare');
  expect(selected).toBe(value);
  await screenshot(lan, 'copy-link-fallback', false);
  await manual.getByRole('button', { name: 'Close' }).click();
  await expect(manual).toHaveCount(0);
  await insecure.close();
});

test('keyboard: Skip to Runs is the first Tab stop, and each chart is one Tab stop with a summary; Enter goes in, Escape comes back', async ({ page }) => {
  test.setTimeout(180_000);
  await openLab(page);
  await runToEnd(page, 'keys-run', tinyConfig());
  await openView(page, 'view=train&runs=keys-run');
  await waitForChartsDrawn(page, 'train', 1);

  // Inside every chart the only Tab stop is the chart itself (it held three: plot, PNG, CSV).
  const stops = await page
    .getByTestId('training-charts')
    .locator('figure')
    .evaluateAll((figures) => figures.map((f) => [f, ...f.querySelectorAll<HTMLElement>('a[href], button, input, select, [tabindex]')].filter((e) => (e as HTMLElement).tabIndex >= 0 && !(e as HTMLButtonElement).disabled).length));
  expect(stops).toEqual(TRAINING_CHARTS.map(() => 1));
  // Tab goes from chart to chart, nothing in between (recharts' layers were Tab stops of their own).
  await page.getByTestId(`chart-${TRAINING_CHARTS[0]}`).focus();
  for (const id of TRAINING_CHARTS.slice(1)) {
    await page.keyboard.press('Tab');
    await expect(page.getByTestId(`chart-${id}`)).toBeFocused();
  }
  // Its name is its title and the numbers in a sentence: the text alternative of the picture.
  const reward = page.getByTestId('chart-reward');
  await expect(reward).toHaveAccessibleName(/^Reward\. e2e-tiny: [\d.]+ at step 1, [\d.]+ at step 6/);
  await expect(page.getByTestId('chart-clip')).toHaveAccessibleName(/^Clip fraction\. e2e-tiny: 0% at step 1, 0% at step 6\.$/);

  await reward.focus();
  await page.keyboard.press('Enter');
  await expect(reward.getByRole('button', { name: /as PNG/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(reward.getByRole('button', { name: /as CSV/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(reward.locator('svg.recharts-surface')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(reward).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('chart-accuracy')).toBeFocused();

  // From any view, the first Tab stop skips to the runs table.
  await openView(page, 'view=eval');
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-to-runs');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('runs-list')).toBeFocused();
  await expect(page).toHaveURL(/^(?!.*view=eval)/);
});
