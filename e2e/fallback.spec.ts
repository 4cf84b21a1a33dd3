import { test, expect } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from '../scripts/chromium';

// A browser without WebGPU, as most are today: asking for it must fall back visibly.
test.use({ launchOptions: { ...chromiumLaunchOptions(), args: CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu') } });

test('a backend that cannot start falls back and says so', async ({ page }) => {
  await page.goto('/?backend=webgpu');
  const notice = page.getByTestId('fallback-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('webgpu could not start');
  await expect(page.getByTestId('backend-name')).not.toHaveText('webgpu');
  await expect(page.getByTestId('backend-reason')).toContainText('fell back to');
});
