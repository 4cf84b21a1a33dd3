import { mkdirSync } from 'node:fs';
import { test, expect, type Locator, type Page, type Request } from '@playwright/test';

/** Helpers shared by the e2e specs. */

/** Waits until the first page has shown its samples (or failed); software GPU adapters need a longer `timeout`. */
export async function waitForSamples(page: Page, count = 6, timeout = 60_000): Promise<void> {
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('sample')).toHaveCount(count, { timeout });
  await expect(page.getByTestId('progress')).toHaveAttribute('data-phase', 'ready');
}

/** Records every request the page and its workers make. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r: Request) => urls.push(r.url()));
  return urls;
}

/** Requests that leave the page's own origin (data: and blob: URLs stay local). */
export function foreignRequests(urls: readonly string[], origin: string): string[] {
  return urls.filter((u) => !(u.startsWith('data:') || u.startsWith('blob:') || new URL(u).origin === origin));
}

/** Console messages that report a Content-Security-Policy violation. */
export function recordCspViolations(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) found.push(m.text());
  });
  return found;
}

/**
 * Saves a screenshot of the page as `<name>.png`: into e2e/screenshots/ (the README's pictures)
 * with UPDATE_SCREENSHOTS=1, else into the test's output folder. Scrolled to the top first, so the
 * sticky Experiment form sits where a reader expects it.
 */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  const dir = process.env.UPDATE_SCREENSHOTS ? 'e2e/screenshots' : test.info().outputPath();
  mkdirSync(dir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${dir}/${name}.png`, animations: 'disabled', fullPage });
}

/** Saves a screenshot of one element as `<name>.png`, where `screenshot` saves a page's. */
export async function screenshotOf(target: Locator, name: string): Promise<void> {
  const dir = process.env.UPDATE_SCREENSHOTS ? 'e2e/screenshots' : test.info().outputPath();
  mkdirSync(dir, { recursive: true });
  await target.scrollIntoViewIfNeeded();
  await target.screenshot({ path: `${dir}/${name}.png`, animations: 'disabled' });
}
