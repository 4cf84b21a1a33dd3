import { test, expect } from '@playwright/test';
import { screenshotOf } from './lab';
import { openLab, runToEnd, tinyConfig, waitForLab } from './lab-runs';

/**
 * The seed axis end to end in the Compare view: two tiny runs that differ only by their training
 * seed, scored from Compare, are one row with "2 seeds", each suite's mean over the seeds with its
 * interval across seeds, and the paired difference from the base checkpoint; Show seeds apart
 * returns to a row per run. Reasoning columns only, one run per problem, two training steps.
 */

test.use({ viewport: { width: 1440, height: 1000 } });

test('two runs that differ only by seed are one Compare row with 2 seeds, an interval across seeds and a paired Δ', async ({ page }) => {
  test.setTimeout(420_000);
  await openLab(page);
  const stages = [{ maxCompletionLength: 48, sampleFilter: 'both' as const, steps: 2 }];
  await runToEnd(page, 'cs-11', tinyConfig({ name: 'seeded', seed: 11, stages }));
  await runToEnd(page, 'cs-12', tinyConfig({ name: 'seeded', seed: 12, stages }));
  await page.goto('/?backend=wasm&view=compare&runs=cs-11,cs-12');
  await waitForLab(page);

  for (const g of ['fitness', 'generalisation', 'robustness']) await page.getByTestId(`score-group-${g}`).uncheck();
  await page.getByTestId('score-runs').fill('1');
  await page.getByRole('button', { name: 'Score Orig (base checkpoint)' }).click();
  await expect(page.getByTestId('scorecard-row')).toHaveCount(1, { timeout: 150_000 });
  // One seed scored: nothing to group yet, a row per run.
  await page.getByRole('button', { name: 'Score seeded' }).first().click();
  await expect(page.getByTestId('scorecard-row')).toHaveCount(2, { timeout: 150_000 });
  await expect(page.getByTestId('seeds-apart')).toHaveCount(0);
  await page.getByRole('button', { name: 'Score seeded' }).click();

  // Both seeds scored: Orig and one seed-group row.
  const groupRows = page.getByTestId('seed-group-row');
  await expect(groupRows).toHaveCount(2, { timeout: 150_000 });
  const group = groupRows.nth(1);
  await expect(group.getByTestId('seed-count')).toHaveText('2 seeds (11, 12)');
  await expect(groupRows.nth(0).getByTestId('seed-count')).toHaveText('checkpoint');
  // Each reasoning cell: a mean with an interval across the two seeds, and the paired Δ from Orig with its interval and reading.
  const cells = group.locator('td.num .ci').filter({ hasText: /^\[-?\d+\.\d, -?\d+\.\d\]$/ });
  await expect(cells).toHaveCount(2);
  const deltas = group.getByTestId('paired-delta');
  await expect(deltas).toHaveCount(2);
  await expect(deltas.first()).toHaveText(/^Δ [+-]\d+\.\d\d \[[+-]\d+\.\d\d, [+-]\d+\.\d\d\] (includes 0|excludes 0 \((above|below) 0\))$/);
  expect(['above 0', 'below 0', 'includes 0']).toContain(await deltas.first().getAttribute('data-reading'));
  await expect(page.getByTestId('compare-baseline').locator('option')).toHaveText(['Orig · checkpoint', 'seeded · 2 seeds (11, 12)']);
  await screenshotOf(page.getByTestId('scorecard-table'), 'compare-seeds');

  // Show seeds apart: a row per run again, and the link keeps it.
  await page.getByTestId('seeds-apart').check();
  await expect(page.getByTestId('scorecard-row')).toHaveCount(3);
  await expect(groupRows).toHaveCount(0);
  await expect(page).toHaveURL(/seedsApart=true/);
});
