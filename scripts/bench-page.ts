/**
 * npm run bench:page — what a person opening the page waits for, and whether the page stays
 * responsive while the worker trains. Timings are measurements, never test assertions: they depend
 * on the machine and on what else runs on it, so `--busy` repeats them with a CPU hog on every core.
 *
 *   npm run bench:page                   the built app (vite preview): 3 fresh profiles, each a first
 *                                        visit and a second one (reload), then a 6-step run
 *   npm run bench:page -- --busy         the same with one spinning process per core beside it
 *   npm run bench:page -- --dev          the dev server (npm start) instead, its pre-bundle cache
 *                                        cleared first: the first load is what a new clone's first
 *                                        `npm start` costs
 *   npm run bench:page -- --visits 5 --out bench/other.json
 *
 * Writes bench/results-page[-busy][-dev].json and prints a table.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer } from 'vite';
import type { GrpoLabWindow } from '../src/ui/debug-hooks';
import { chromiumLaunchOptions } from './chromium';
import { startCpuHog } from './cpu-hog';
import { buildIfNeeded, serveBuiltApp, type Served } from './serve';
import { median } from '../workers/bench-workload';

interface Options {
  busy: boolean;
  dev: boolean;
  visits: number;
  out: string | null;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { busy: false, dev: false, visits: 3, out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--busy') o.busy = true;
    else if (a === '--dev') o.dev = true;
    else if (a === '--visits') {
      o.visits = Number(argv[++i]);
      if (!Number.isInteger(o.visits) || o.visits < 1 || o.visits > 20) throw new Error('--visits takes an integer in [1, 20]');
    } else if (a === '--out') o.out = argv[++i] ?? null;
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench:page [-- --busy] [--dev] [--visits N] [--out FILE]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return o;
}

/** Milliseconds from navigation to each milestone of the start-up, read off the page's own clock. */
interface Visit {
  firstPaintMs: number | null;
  backendMs: number;
  samplesMs: number;
  backend: string;
  how: string;
  reason: string;
  /** Workers the page started: a remembered backend starts no probe worker. */
  probeWorker: boolean;
  /** Wall-clock ms from asking the browser to navigate to six samples (includes a dev server's wait and reloads). */
  wallMs: number;
}

const WAIT_MS = 180_000;

/**
 * Loads `url` (or reloads) and times the frame, the backend badge and the six samples; then waits
 * for the badge's probe line to settle, so a probe worker started after the samples is counted.
 */
async function visit(page: Page, url: string | null): Promise<Visit> {
  let probeWorker = false;
  const onWorker = (w: { url(): string }) => {
    if (w.url().includes('probe.worker')) probeWorker = true;
  };
  page.on('worker', onWorker);
  const t0 = Date.now();
  if (url) await page.goto(url, { timeout: WAIT_MS });
  else await page.reload({ timeout: WAIT_MS });
  const at = (selector: string, count: number) =>
    page
      .waitForFunction(({ selector, count }) => (document.querySelectorAll(selector).length >= count ? performance.now() : false), { selector, count }, { timeout: WAIT_MS, polling: 20 })
      .then((h) => h.jsonValue() as Promise<number>);
  const backendMs = await at('[data-testid=backend-name]', 1);
  const samplesMs = await at('[data-testid=sample]', 6);
  const wallMs = Date.now() - t0;
  await page.waitForTimeout(500);
  await page.waitForSelector('[data-testid=backend-probe]:not([data-state=running])', { timeout: WAIT_MS });
  const info = await page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const b = (window as unknown as GrpoLabWindow).__grpoLab?.client.backend;
    return { firstPaintMs: paint ? paint.startTime : null, backend: b?.name ?? '?', how: b?.how ?? '?', reason: b?.reason ?? '' };
  });
  page.off('worker', onWorker);
  return { ...info, backendMs, samplesMs, probeWorker, wallMs };
}

/** Main-thread long tasks (> 50 ms, the Long Tasks API's threshold) while the worker runs 6 GRPO steps. */
async function longTasksDuringRun(page: Page): Promise<{ steps: number; seconds: number; longTasks: number[] }> {
  return page.evaluate(async () => {
    const lab = (window as unknown as GrpoLabWindow).__grpoLab!;
    await lab.ready;
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(Math.round(e.duration));
    });
    observer.observe({ type: 'longtask' });
    const t0 = performance.now();
    const run = await lab.client.startRun({
      runId: `bench-page-${Date.now()}`,
      config: { name: 'bench-page', seed: 11, numGenerations: 4, promptsPerStep: 2, data: { trainSize: 64, minOps: 2, maxOps: 4 }, stages: [{ maxCompletionLength: 48, sampleFilter: 'both', steps: 6 }], checkpointEvery: 2, microBatchSize: 8, evaluation: { every: 3, suite: 'in-30', runs: 1, maxCompletionLength: 32 } },
    });
    // The charts redraw throttled after the last step: give them a moment on the clock as well.
    await new Promise((r) => setTimeout(r, 1000));
    observer.disconnect();
    return { steps: run.step, seconds: (performance.now() - t0) / 1000, longTasks };
  });
}

const range = (xs: number[]) => `${(median(xs) / 1000).toFixed(1)} s (${(Math.min(...xs) / 1000).toFixed(1)}–${(Math.max(...xs) / 1000).toFixed(1)})`;

async function serveDev(): Promise<Served> {
  // The dev server's pre-bundle cache: cleared, so the first load pays what a new clone's first `npm start` pays.
  rmSync(join('node_modules', '.vite'), { recursive: true, force: true });
  const server = await createServer({ logLevel: 'warn', server: { port: 0, strictPort: false, host: '127.0.0.1' } });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the dev server did not report a port');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const out = opts.out ?? `bench/results-page${opts.busy ? '-busy' : ''}${opts.dev ? '-dev' : ''}.json`;
  if (!opts.dev) buildIfNeeded();
  const stopHog = opts.busy ? startCpuHog() : () => {};
  const loadBefore = loadavg()[0];
  let served: Served | null = null;
  let browser: Browser | null = null;
  try {
    served = opts.dev ? await serveDev() : await serveBuiltApp();
    console.error(`serving ${opts.dev ? 'the dev server' : 'the built app'} at ${served.url}${opts.busy ? `, beside a CPU hog on ${cpus().length} cores` : ''}`);
    browser = await chromium.launch(chromiumLaunchOptions());
    const first: Visit[] = [];
    const second: Visit[] = [];
    let run: Awaited<ReturnType<typeof longTasksDuringRun>> | null = null;
    for (let i = 0; i < opts.visits; i++) {
      const context = await browser.newContext(); // a fresh profile: nothing remembered
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
      first.push(await visit(page, served.url));
      // The background probe has remembered its choice: the second visit should start it at once.
      second.push(await visit(page, null));
      console.error(`profile ${i + 1}: first visit ${JSON.stringify(first.at(-1))}\n           second visit ${JSON.stringify(second.at(-1))}`);
      if (i === 0) {
        run = await longTasksDuringRun(page);
        console.error(`run: ${JSON.stringify(run)}`);
      }
      await context.close();
    }
    const longTasks = run?.longTasks ?? [];
    const results = {
      timestamp: new Date().toISOString(),
      server: opts.dev ? 'vite dev server (npm start), pre-bundle cache cleared before the first visit' : 'built app (vite preview)',
      busy: opts.busy ? `one spinning process per core (${cpus().length})` : false,
      machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', loadAverage1m: { before: loadBefore, after: loadavg()[0] }, browser: `Chromium ${browser.version()}` },
      method: 'ms from navigation (the page clock) to: first contentful paint, the backend badge naming a backend, six samples shown; wallMs: from the navigation request (Node clock) to six samples, reloads included; first visit = fresh profile, second = reload in the same profile after the background probe finished',
      firstVisit: first,
      secondVisit: second,
      run: run && { ...run, longTaskMaxMs: Math.max(0, ...longTasks), longTasksOver200ms: longTasks.filter((ms) => ms > 200).length },
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    const row = (name: string, v: Visit[]) => `| ${name} | ${range(v.map((x) => x.firstPaintMs ?? NaN))} | ${range(v.map((x) => x.backendMs))} | ${range(v.map((x) => x.samplesMs))} | ${range(v.map((x) => x.wallMs))} | ${[...new Set(v.map((x) => `${x.backend} (${x.how})`))].join(', ')} | ${v.some((x) => x.probeWorker) ? 'yes' : 'no'} |`;
    console.log('| visit | first paint | backend chosen | first samples | wall clock to samples | backend | probe worker started |');
    console.log('|---|---:|---:|---:|---:|---|---|');
    console.log(row('first (fresh profile)', first));
    console.log(row('second (reload)', second));
    if (run) console.log(`\nA 6-step run (2 prompts × 4, 48 tokens) took ${run.seconds.toFixed(1)} s; main-thread long tasks: ${longTasks.length} (longest ${Math.max(0, ...longTasks)} ms, ${results.run!.longTasksOver200ms} over 200 ms).`);
    console.log(`\nload average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}; wrote ${out}`);
  } finally {
    await browser?.close();
    await served?.close();
    stopHog();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
