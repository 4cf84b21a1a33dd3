import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { ENV } from './protocol';

/**
 * Playwright Test as the runner's scheduler: each unit is a test (units.spec.ts), run one at a
 * time on this machine (TF.js keeps a core busy), split between machines with --shard, merged
 * with blob reports.
 */
const here = dirname(fileURLToPath(import.meta.url));
const out = process.env[ENV.out] ?? 'results';
const shard = process.argv.find((a) => a.startsWith('--shard='))?.slice('--shard='.length).replace('/', '-of-') ?? 'all';

export default defineConfig({
  testDir: here,
  testMatch: 'units.spec.ts',
  timeout: 0,
  workers: 1,
  fullyParallel: true,
  retries: 0,
  reporter: [[join(here, 'progress-reporter.ts')], ['blob', { outputDir: join(out, 'blob-report'), fileName: `units-${shard}.zip` }]],
  outputDir: join(out, '.playwright'),
});
