import type { Page } from 'playwright-core';
import type { GrpoLabWindow } from '../../src/ui/debug-hooks';

/**
 * Opens the built app at `url` and waits until its lab is there (`window.__grpoLab`, given two
 * minutes: a busy machine can be slow to start the page) and its worker has loaded the checkpoint.
 * The units and the chart capture both start this way.
 */
export async function openLab(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as GrpoLabWindow).__grpoLab !== undefined, undefined, { timeout: 120_000 });
  await page.evaluate(() => (window as unknown as GrpoLabWindow).__grpoLab!.ready);
}
