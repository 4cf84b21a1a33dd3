/**
 * npm run bench — times the lab's hot paths on every TF.js backend in headless Chromium, inside a
 * Web Worker as in the product: sampling 128-token completions with and without the KV cache, and
 * one GRPO-sized update (64 sequences × 160 tokens: masked NLL, gradients, Adam). Prints a table and
 * writes bench/results.json.
 *
 *   npm run bench                          all backends
 *   npm run bench -- --backends wasm,cpu   a subset
 *   npm run bench -- --out other.json      another results file
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';
import type { BenchArgs, BenchResult, Measured, SamplingTiming } from '../workers/bench-api';
import type { BenchOutcome, BenchPage } from '../src/ui/bench-page';
import { chromiumLaunchOptions, describeChromium } from './chromium';
import { buildIfNeeded, serveBuiltApp } from './serve';

type Backend = BenchArgs['backend'];
const ALL_BACKENDS: Backend[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

const WORKLOAD = { sampleBatch: 64, compareBatch: 8, newTokens: 128, trainBatch: 64, trainSeqLen: 160 } as const;

/**
 * How hard to measure each backend. WASM is timed after a warm-up, three times. The CPU backend
 * compiles nothing and is slow: once, cold. WebGL compiles a shader per op and shape on first use,
 * so it gets a warm-up. Without a GPU, WebGL and WebGPU run on a software rasteriser, taking minutes
 * per measurement (WebGPU: once, cold), so the cache-versus-recompute comparison skips both unless
 * --full (recomputing alone would take WebGL ~5 minutes and WebGPU the better part of an hour).
 */
const COLD = { sample: false, compare: false, train: false };
const PLAN: Record<Backend, Pick<BenchArgs, 'reps' | 'warmup'>> = {
  webgpu: { reps: { sample: 1, compare: 0, train: 1 }, warmup: COLD },
  webgl: { reps: { sample: 1, compare: 0, train: 2 }, warmup: { sample: true, compare: false, train: true } },
  wasm: { reps: { sample: 3, compare: 3, train: 3 }, warmup: { sample: true, compare: true, train: true } },
  cpu: { reps: { sample: 1, compare: 1, train: 1 }, warmup: COLD },
};
const QUICK: Pick<BenchArgs, 'reps' | 'warmup'> = { reps: { sample: 1, compare: 0, train: 1 }, warmup: COLD };

interface Options {
  backends: Backend[];
  out: string;
  quick: boolean;
  full: boolean;
}

function parseArgs(argv: string[]): Options {
  let backends = ALL_BACKENDS;
  let out = 'bench/results.json';
  let quick = false;
  let full = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--backends') {
      const list = (argv[++i] ?? '').split(',').filter(Boolean);
      const bad = list.filter((b) => !ALL_BACKENDS.includes(b as Backend));
      if (bad.length || list.length === 0) throw new Error(`--backends takes a comma-separated list of ${ALL_BACKENDS.join(', ')}`);
      backends = list as Backend[];
    } else if (a === '--quick') {
      quick = true;
    } else if (a === '--full') {
      full = true;
    } else if (a === '--out') {
      out = argv[++i] ?? out;
    } else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench [-- --backends webgpu,webgl,wasm,cpu] [--quick: one cold run each, no recompute] [--full: recompute on WebGL and WebGPU too] [--out bench/results.json]');
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${a} (try --help)`);
    }
  }
  return { backends, out, quick, full };
}

const tps = (t: Measured<SamplingTiming> | undefined) => (!t ? '—' : t.ok ? t.tokensPerSecond.toFixed(0) : 'failed');

function table(outcomes: BenchOutcome[]): string {
  const { sampleBatch, compareBatch, newTokens } = WORKLOAD;
  const head = [
    'backend',
    'adapter',
    `sampling tok/s, KV cache, batch ${sampleBatch}`,
    `batch ${compareBatch}: KV cache`,
    `batch ${compareBatch}: recompute`,
    'cache speed-up',
    `train step ms (${WORKLOAD.trainBatch} × ${WORKLOAD.trainSeqLen})`,
  ];
  const rows = [head];
  for (const o of outcomes) {
    if (!o.ok) {
      rows.push([o.backend, `failed: ${o.error}`, '', '', '', '', '']);
      continue;
    }
    const r: BenchResult = o.result;
    const c = r.compare;
    const speedup = c?.cached.ok && c.recompute.ok ? `${(c.cached.tokensPerSecond / c.recompute.tokensPerSecond).toFixed(1)}×` : '—';
    rows.push([r.backend.name, r.backend.adapter, tps(r.sampling), tps(c?.cached), tps(c?.recompute), speedup, r.trainStep.ok ? r.trainStep.medianMs.toFixed(0) : 'failed']);
  }
  const widths = head.map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  const lines = rows.map((r) => `| ${r.map((cell, col) => cell.padEnd(widths[col])).join(' | ')} |`);
  lines.splice(1, 0, `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  return `${lines.join('\n')}\n(${newTokens}-token completions at temperature 1; '—': not measured)`;
}

async function main(): Promise<void> {
  const { backends, out, quick, full } = parseArgs(process.argv.slice(2));
  buildIfNeeded();
  const served = await serveBuiltApp();
  console.error(`serving the built app at ${served.url}; browser: ${describeChromium()}`);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.text().startsWith('[bench] ')) console.error(`  ${m.text().slice(8)}`);
    });
    await page.goto(new URL('bench.html', served.url).href);
    await page.waitForFunction(() => 'grpoBench' in window);
    const machine = await page.evaluate(() => (window as unknown as { grpoBench: BenchPage }).grpoBench.machine());
    const browserVersion = browser.version();
    const outcomes: BenchOutcome[] = [];
    // Other work on the machine slows every number down; the load average says how busy it was.
    const loadBefore = loadavg()[0];
    for (const backend of backends) {
      const plan = quick ? QUICK : full && PLAN[backend].reps.compare === 0 ? { ...PLAN[backend], reps: { ...PLAN[backend].reps, compare: 1 } } : PLAN[backend];
      const args: BenchArgs = { backend, ...WORKLOAD, ...plan, budgetMs: 60_000 };
      const t0 = Date.now();
      console.error(`${backend}: starting (repetitions ${JSON.stringify(args.reps)}, warm-up ${JSON.stringify(args.warmup)})`);
      const outcome = await page.evaluate((a) => (window as unknown as { grpoBench: BenchPage }).grpoBench.run(a), args);
      console.error(`${backend}: ${outcome.ok ? 'done' : `failed: ${outcome.error}`} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      outcomes.push(outcome);
    }
    const results = {
      timestamp: new Date().toISOString(),
      machine: { ...machine, browser: `Chromium ${browserVersion}`, platform: `${process.platform} ${process.arch}`, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), loadAverage1m: { before: loadBefore, after: loadavg()[0] } },
      model: await page.evaluate(() => (window as unknown as { grpoBench: BenchPage }).grpoBench.model()),
      workload: {
        ...WORKLOAD,
        sampling: 'temperature 1, top-p 1, prompts from in-83, random GPT-2-scale weights; rows that emit EOS stay in the batch (fed EOS), and the longest row must reach newTokens (else the next seed is tried), so every call is exactly newTokens full-batch decode steps; tokens/s = batch × newTokens / median ms',
        trainStep: 'teacher-forced masked NLL over the completion tokens, tf.variableGrads over every parameter, one Adam step; one batch, no micro-batching',
        timing: 'median of the timed repetitions (ms), after one untimed warm-up where warmupMs is not null; a failed measurement has ok: false and its error',
        plan: Object.fromEntries(backends.map((b) => [b, quick ? QUICK : PLAN[b]])),
      },
      backends: Object.fromEntries(outcomes.map((o) => (o.ok ? [o.result.backend.name, o.result] : [o.backend, { error: o.error }]))),
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(table(outcomes));
    console.log(`\n${machine.hardwareConcurrency} logical cores, Chromium ${browserVersion}, load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}; wrote ${out}`);
  } finally {
    await browser.close();
    await served.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
