import { test, expect, type Page } from '@playwright/test';
import { screenshotOf, waitForSamples } from './lab';
import { openLab, runToEnd, tinyConfig, waitForLab, type LabWindow } from './lab-runs';
import { validRunExport } from '../src/testing/fuzz';
import { SCORECARD_COLUMNS } from '../src/core/studies/run-study';
import { SCORECARD_GROUPS, parseStudy } from '../src/core/eval/studies';
import { suiteSpec } from '../src/core/tasks/suites';

/**
 * The runs table as a TensorBoard or W&B user reaches for it: config columns for the knobs that
 * differ, sort, filter, rename and notes kept with the run, clone into the form, a diff of two
 * ticked runs; and the Run card's progress before the first step ends.
 */

test.use({ viewport: { width: 1440, height: 1000 } });

async function openView(page: Page, query: string): Promise<void> {
  await page.goto(`/?backend=wasm&${query}`);
  await waitForLab(page);
}

const rowIds = (page: Page) => page.getByTestId('run-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));

test('a preset arm loaded and run is labelled as Run all labels it, and the Run card says what it does before the first step ends', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/?backend=wasm&preset=pos-neg&size=quick');
  await waitForSamples(page);
  await page.getByRole('button', { name: 'Load Neg into the form' }).click();
  await page.getByTestId('run-button').click();
  // The label Run all gives this arm (runLabel), not the config's name "pos-neg/negative".
  await expect(page.getByTestId('run-label')).toHaveText('Positive vs negative samples · Neg');
  // Step 0: the card names the step it works on and how long it has taken, and says when a time left comes.
  const detail = page.getByTestId('run-progress-detail');
  await expect(detail).toContainText(/sampling and updating step 1 \(\d+ s so far\) · time left known after the first step/);
  // One timed step gives an ETA.
  await expect(detail).toContainText(/sampling and updating step \d+ \(\d+ s so far\) · about .+ left/, { timeout: 180_000 });
  // The quick arm is two steps: it ends by itself.
  await expect(page.getByTestId('run-control')).toHaveAttribute('data-status', 'idle', { timeout: 120_000 });
});

test('config columns, sort and filter, rename and notes that stay, clone into the form, and a diff of two ticked runs', async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page);
  await runToEnd(page, 'rt-a', tinyConfig({ seed: 11 }));
  await runToEnd(page, 'rt-b', tinyConfig({ seed: 12 }));
  await runToEnd(page, 'rt-c', tinyConfig({ seed: 11, learningRate: 3e-4 }));
  await openView(page, 'view=train&runs=rt-a,rt-c');

  // Columns for the knobs that differ between the listed runs, and none for the rest.
  const headers = page.locator('.runs-table thead th');
  await expect(page.getByTestId('sort-config:learningRate')).toBeVisible();
  await expect(page.getByTestId('sort-config:seed')).toBeVisible();
  await expect(page.getByTestId('sort-config:numGenerations')).toHaveCount(0);
  expect(await headers.count()).toBe(6 + 2);
  await expect(page.locator('[data-run-id=rt-c] [data-testid=config-cell][data-key=learningRate]')).toHaveText('0.0003');

  // Sort from the keyboard: Enter on a header sorts ascending, again descending.
  expect(await rowIds(page)).toEqual(['rt-c', 'rt-b', 'rt-a']);
  await page.getByTestId('sort-config:learningRate').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('th[aria-sort=ascending]')).toContainText('learningRate');
  expect((await rowIds(page)).at(-1)).toBe('rt-c');
  await page.keyboard.press('Enter');
  expect((await rowIds(page))[0]).toBe('rt-c');

  // Filter by a knob: the columns follow the rows left (rt-a and rt-b differ by seed only).
  await page.getByTestId('runs-filter').fill('learningRate=0.00002');
  await expect(page.getByTestId('runs-count')).toContainText('2 of 3 runs');
  await expect(page.getByTestId('sort-config:learningRate')).toHaveCount(0);
  await page.getByTestId('runs-filter').fill('nothing-like-this');
  await expect(page.getByTestId('runs-none-match')).toBeVisible();
  await page.getByTestId('runs-filter').fill('');

  // Rename and notes: saved with the run in the worker's store, so a reload keeps them.
  const a = page.locator('[data-testid=run-row][data-run-id=rt-a]');
  await a.getByTestId('edit-run').click();
  await page.getByTestId('run-edit-label').fill('  baseline  ');
  await page.getByTestId('run-edit-notes').fill('the reference arm');
  await page.getByTestId('run-edit-label').press('Enter');
  await expect(page.getByTestId('run-edit-row')).toHaveCount(0);
  await expect(a.locator('.run-name')).toHaveText('baseline');
  await page.reload();
  await waitForLab(page);
  await expect(a.locator('.run-name')).toHaveText('baseline');
  await expect(a.getByTestId('run-notes')).toHaveText('the reference arm');
  await page.getByTestId('runs-filter').fill('reference');
  await expect(page.getByTestId('runs-count')).toContainText('1 of 3 runs');
  await page.getByTestId('runs-filter').fill('');

  // The diff of the two ticked runs: only the knob that differs.
  await page.getByTestId('diff-runs').click();
  await expect(page.getByTestId('config-diff-row')).toHaveCount(1);
  await expect(page.getByTestId('config-diff-row')).toHaveAttribute('data-key', 'learningRate');
  await expect(page.getByTestId('config-diff')).toContainText('0.00002');
  await screenshotOf(page.getByTestId('runs-list'), 'runs-table');

  // Clone into the form: the run's knobs land in the Experiment form.
  await page.locator('[data-run-id=rt-c]').getByTestId('clone-run').click();
  await expect(page.getByTestId('field-learningRate').locator('input')).toHaveValue('0.0003');
  await expect(page.getByTestId('field-seed').locator('input')).toHaveValue('11');
  await expect(page.getByTestId('run-why')).toHaveText('valid');
  await expect(page.locator('#experiment-title')).toBeFocused();

  // Seed groups: rt-a and rt-b differ only by seed, so the training charts draw their mean with a band.
  await openView(page, 'view=train&runs=rt-a,rt-b');
  const reward = page.getByTestId('chart-reward');
  await expect(page.getByTestId('seed-groups')).toContainText('2 seeds of baseline');
  await expect(reward.locator('.chart-legend li')).toHaveText(['baseline · mean of 2 seeds (band: min–max)']);
  await expect(reward.locator('.seed-band path').first()).toBeAttached();
  await screenshotOf(reward, 'seed-group');
  // Shown apart: a line per seed, no band.
  await page.getByTestId('seeds-apart').check();
  await expect(reward.locator('.chart-legend li')).toHaveText(['baseline', 'e2e-tiny']);
  await expect(reward.locator('.seed-band')).toHaveCount(0);
  // The choice is in the link: a reload (or a shared link) shows the seeds apart again.
  await expect(page).toHaveURL(/[?&]seedsApart=true/);
  await page.reload();
  await expect(page.getByTestId('seeds-apart')).toBeChecked();
  await expect(page.getByTestId('chart-reward').locator('.chart-legend li')).toHaveText(['baseline', 'e2e-tiny']);
});

/** A run file with a full Table 1 scorecard (every column, 4 averages), some cells without an interval, every cell with its pass@4 and entropy. */
function scorecardExport(): Record<string, unknown> {
  const file = validRunExport('wide-score');
  const run = file.run as Record<string, unknown>;
  const backend = { name: 'wasm', adapter: 'WebAssembly + SIMD' };
  const columns = SCORECARD_COLUMNS.map((c, i) => ({
    key: c.key,
    suite: c.suite,
    analog: suiteSpec(c.suite).analog + ('short' in c ? ' (short)' : ''),
    group: c.group,
    runs: 4,
    maxCompletionLength: 240,
    pass1: 0.1 + i / 40,
    ci: i % 3 === 0 ? null : [0.05 + i / 40, 0.15 + i / 40],
    passAtK: { k: 4, value: 0.3 + i / 40 },
    entropy: { nats: 0.123 + i / 100, tokens: 4000 },
    delta: 'deltaOf' in c ? -0.02 : null,
  }));
  const groups = SCORECARD_GROUPS.map((g) => ({ group: g, average: 0.3 }));
  const study = parseStudy({ kind: 'scorecard' }, 'e2e');
  run.label = 'Positive vs negative samples · Neg';
  run.studies = [{ kind: 'scorecard', study, backend, startedAt: '2025-01-01T00:00:00.000Z', seconds: 75, result: { columns, groups } }];
  return file;
}

test('the Compare table fits at 1440 px with its averages, whole headers and every cell\'s pass@k and entropy, and the policy column stays in view when it scrolls', async ({ page }) => {
  test.setTimeout(120_000);
  await openLab(page);
  const imported = await page.evaluate((text) => (window as unknown as LabWindow).__grpoLab.client.importRun(text), JSON.stringify(scorecardExport()));
  await openView(page, `view=compare&runs=${imported.runId}`);
  const table = page.getByTestId('scorecard-table');
  await expect(page.getByTestId('scorecard-row')).toHaveCount(1);
  const scroller = page.locator('.table-scroll');
  const fits = await scroller.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
  expect(fits.scroll).toBeLessThanOrEqual(fits.client + 1);
  await expect(table.locator('.avg-head')).toHaveText(['reasoning', 'fitness', 'generalisation', 'robustness']);
  for (const h of await table.locator('.avg-head').all()) await expect(h).toBeInViewport();
  await expect(page.getByTestId('ci-undefined-note')).toContainText('needs ≥ 2 runs');
  // The readouts of diffuse against concentrated under every score, explained once under the table.
  await expect(table.getByTestId('readout-pass-at-k')).toHaveCount(SCORECARD_COLUMNS.length);
  await expect(table.getByTestId('readout-pass-at-k').first()).toHaveText('pass@4 30.0');
  await expect(table.getByTestId('readout-entropy').first()).toHaveText('H 0.123');
  await expect(page.getByTestId('readouts-note')).toContainText('lower is more concentrated');

  // Narrower than the table: it scrolls sideways, and the policy's name stays at the left edge.
  await page.setViewportSize({ width: 900, height: 1000 });
  const wide = await scroller.evaluate((e) => e.scrollWidth > e.clientWidth);
  expect(wide).toBe(true);
  await scroller.evaluate((e) => (e.scrollLeft = e.scrollWidth));
  const policy = table.locator('tbody th').first();
  const [box, edge] = [await policy.boundingBox(), await scroller.boundingBox()];
  expect(Math.abs(box!.x - edge!.x)).toBeLessThanOrEqual(1);
  await expect(policy).toHaveText('Positive vs negative samples · Neg');
});
