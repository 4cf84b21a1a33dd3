import { test, expect } from '@playwright/test';
import { BASE_STUDIES_KEY } from '../src/ui/run/storage-keys';
import { openLab } from './lab-runs';

/** A running study can be stopped: it ends between batches, says so, and stores nothing; meanwhile the Run card says what holds the worker. */

test('Stop study ends a long study with a "stopped" message and no report; the Run card says a study holds the worker', async ({ page }) => {
  test.setTimeout(180_000);
  await openLab(page);
  await page.getByTestId('tab-eval').click();
  await page.getByTestId('study-kind').selectOption('pass1');
  await page.getByTestId('study-suite').selectOption('in-500');
  await page.getByTestId('study-runs').fill('64');
  await page.getByTestId('run-study').click();
  // 500 problems × 64 runs: minutes of sampling; the first batches report progress.
  await expect(page.getByTestId('eval-study-progress')).toContainText(/in-500: [\d,]+ of 32,000 completions/, { timeout: 60_000 });

  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('run-study-busy')).toContainText('a study holds the lab worker');
  await expect(page.getByTestId('run-idle')).toHaveCount(0);
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await page.getByTestId('study-progress-stop').click();
  await expect(page.getByTestId('study-progress-stopped')).toContainText('; nothing of it was stored.', { timeout: 60_000 });
  await expect(page.getByTestId('run-idle')).toBeVisible();

  await page.getByTestId('tab-eval').click();
  await expect(page.getByTestId('eval-study-progress-stopped')).toBeVisible();
  await expect(page.getByTestId('report-count')).toHaveAttribute('data-count', '0');
  expect(await page.evaluate((key) => localStorage.getItem(key), BASE_STUDIES_KEY)).toBeNull();
  // The worker is free again: a small study runs to its end and is kept.
  await page.getByTestId('study-suite').selectOption('in-30');
  await page.getByTestId('study-runs').fill('1');
  await page.getByTestId('run-study').click();
  await expect(page.getByTestId('report-count')).toHaveAttribute('data-count', '1', { timeout: 60_000 });
});
