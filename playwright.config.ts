import { availableParallelism } from 'node:os';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/chromium';

/**
 * e2e tests run against the BUILT app (vite build + vite preview), in headless Chromium found by
 * scripts/chromium.ts ($CHROMIUM_PATH, then Debian's /usr/bin/chromium, then Playwright's own).
 */
const PORT = Number(process.env.E2E_PORT ?? 4178);

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // Two cores: each test's worker already keeps one core busy with TF.js.
  // Two test files at a time: most of a test waits on a worker or a browser, and every test has its
  // own browser context (IndexedDB, localStorage), so two share a 2-core machine without a conflict.
  workers: Math.min(2, availableParallelism()),
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    // Recording a trace (DOM snapshots and a screencast of every action) made the UI-heavy tests
    // take three times as long; E2E_TRACE=1 keeps one for each failing test, to open with
    // `npx playwright show-trace`. A failing test always leaves its screenshot.
    trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npm run build && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
