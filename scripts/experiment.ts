/**
 * npm run experiment -- --preset <name> | --config <file.json> [--seeds N] [--out DIR]
 *                       [--backend auto|webgpu|webgl|wasm|cpu] [--quick] [--grid knob=v1,v2 …]
 *                       [--jobs N] [--shard i/n] [--browser-ws <endpoint>]
 * npm run experiment -- --list
 * npm run experiment -- --merge DIR… --out DIR
 *
 * Runs a preset or config through the built app in headless Chromium (the page's own worker and
 * engine), unit by unit (--jobs at a time), and writes a results folder. Ctrl-C stops; the same command resumes.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../src/core/knobs';
import { listPresets } from '../src/core/presets';
import { defaultParallelRuns } from '../src/core/parallelism';
import { buildIfNeeded, serveBuiltApp } from './serve';
import { chromiumExecutablePath, describeChromium, NoChromiumError } from './chromium';
import { configPlan, defaultOutDir, parseGridArgs, PlanError, presetPlan, type Plan } from './runner/plan';
import { captureCharts, describeChartSeeds, runnerCharts } from './runner/charts';
import { parseCli, UsageError, USAGE } from './runner/cli';
import { ensureDir, OutDirError, readPlanFile, sameUnits, writeAtomic } from './runner/out-dir';
import { presetEstimates } from './runner/estimate';
import { serveOnStablePort } from './runner/origin';
import { parseResultFile, UnitResultSchema } from './runner/schema';
import { ENV, UNIT_FILES } from './runner/protocol';
import { metricsCsv, renderTables, summarise, type UnitResult } from './runner/summary';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

/** A wrong request: the problem and the usage, exit code 2. */
function fail(message: string, code = 2): never {
  process.stderr.write(`error: ${message}\n\n${USAGE}\n`);
  process.exit(code);
}

/** A request that cannot be carried out here (a folder, a file): one line, exit code 2. */
function refuse(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

function readResults(dirs: string[], plan: Plan): Map<string, UnitResult> {
  const results = new Map<string, UnitResult>();
  for (const dir of dirs) {
    for (const u of plan.units) {
      const f = join(dir, 'units', u.id, UNIT_FILES.result);
      if (!existsSync(f) || results.has(u.id)) continue;
      try {
        results.set(u.id, parseResultFile(UnitResultSchema, f, readFileSync(f, 'utf8')) as UnitResult);
      } catch (e) {
        throw new OutDirError(`${e instanceof Error ? e.message.split('\n')[0] : e}; delete that unit's folder to run it again`);
      }
    }
  }
  return results;
}

/** The wall time an earlier invocation recorded; summary.json is rewritten, so an unreadable one counts as 0. */
function previousWallSeconds(dir: string): number {
  try {
    const w = (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { wallSeconds?: unknown }).wallSeconds;
    return typeof w === 'number' && Number.isFinite(w) && w >= 0 ? w : 0;
  } catch {
    return 0;
  }
}

function versions(): Record<string, string> {
  const pkg = (name: string) => {
    try {
      return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    'grpo-lab': (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
    '@tensorflow/tfjs': pkg('@tensorflow/tfjs'),
    playwright: pkg('@playwright/test'),
    node: process.version,
    browser: describeChromium(),
  };
}

function writeOutputs(out: string, plan: Plan, results: Map<string, UnitResult>, startedAt: string, wallSeconds: number): void {
  const summary = summarise(plan, results, { versions: versions(), startedAt, wallSeconds });
  writeAtomic(join(out, 'summary.json'), JSON.stringify(summary, null, 1));
  writeAtomic(join(out, 'metrics.csv'), metricsCsv(plan, results));
  writeAtomic(join(out, 'table.md'), renderTables(summary));
}

async function runPlaywright(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn('npx', ['playwright', 'test', '--config', join(here, 'runner', 'runner.config.ts'), ...args], { cwd: root, env, stdio: 'inherit' });
  let interrupted = false;
  const onSig = () => {
    interrupted = true;
    process.stderr.write('\nstopping… (the same command resumes where this run stopped)\n');
    child.kill('SIGINT');
  };
  process.on('SIGINT', onSig);
  const code: number = await new Promise((res) => child.on('exit', (c) => res(c ?? 1)));
  process.off('SIGINT', onSig);
  return interrupted ? 130 : code;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseCli(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) fail(e.message);
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.list) {
    const estimates = presetEstimates(root);
    for (const p of listPresets()) {
      const e = estimates.get(p.id)!;
      const cost = e.sizes.map((x) => `${x.size}: ${x.arms} arm${x.arms === 1 ? '' : 's'}, about ${x.label}`).join(' · ');
      process.stdout.write(`${p.id.padEnd(16)} ${p.title} — ${p.paper}\n${' '.repeat(17)}${p.shows}\n${' '.repeat(17)}${cost}\n`);
    }
    process.stdout.write(`\n${estimates.basis}\n`);
    return;
  }
  if (args.merge) {
    const plans = args.dirs.map((d) => readPlanFile(d) ?? refuse(`${d} is not a results folder (no plan.json)`));
    if (plans.some((p) => !sameUnits(p, plans[0]))) refuse('the folders hold different experiments (their plans differ); merge only shards of one experiment');
    const out = args.out!;
    const results = readResults(args.dirs, plans[0]);
    for (const [id, r] of results) {
      const src = args.dirs.find((d) => existsSync(join(d, 'units', id, UNIT_FILES.result)))!;
      for (const f of readdirSync(join(src, 'units', id)).filter((f) => f.endsWith('.json'))) writeAtomic(join(out, 'units', id, f), readFileSync(join(src, 'units', id, f), 'utf8'));
      void r;
    }
    writeAtomic(join(out, 'plan.json'), JSON.stringify(plans[0], null, 1));
    const walls = args.dirs.map(previousWallSeconds);
    writeOutputs(out, plans[0], results, new Date().toISOString(), Math.max(0, ...walls));
    const blobs = args.dirs.map((d) => join(d, 'blob-report')).filter(existsSync);
    if (blobs.length) {
      ensureDir(join(out, 'all-blob-reports'));
      for (const b of blobs) for (const f of readdirSync(b)) writeFileSync(join(out, 'all-blob-reports', f), readFileSync(join(b, f)));
      const code = await new Promise<number>((res) => spawn('npx', ['playwright', 'merge-reports', '--reporter', 'list', join(out, 'all-blob-reports')], { cwd: root, stdio: 'inherit' }).on('exit', (c) => res(c ?? 1)));
      if (code !== 0) process.stderr.write('warning: merging the Playwright blob reports failed; the results are merged all the same\n');
    }
    process.stderr.write(`merged ${results.size}/${plans[0].units.length} units into ${out}\n`);
    return;
  }

  // Everything that can be wrong with the request is checked before anything is written.
  let plan: Plan;
  const grid = parseGridArgs(args.grid);
  const size = args.quick ? 'quick' : 'full';
  if (args.preset) plan = presetPlan(args.preset, size, args.seeds, grid);
  else {
    const file = args.config!;
    if (!existsSync(file)) fail(`config file ${file} does not exist`);
    let json: unknown;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      refuse(`cannot read config file ${file}: ${e instanceof Error ? e.message : e}`);
    }
    try {
      json = JSON.parse(text);
    } catch (e) {
      fail(`${file} is not valid JSON: ${e instanceof Error ? e.message : e}`);
    }
    plan = configPlan(file, json, args.seeds, grid, size);
  }
  // A local browser must exist before anything is written, or every unit would fail on it alone.
  if (!args.browserWs) chromiumExecutablePath();
  const out = resolve(args.out ?? defaultOutDir(plan, args.quick));
  const planFile = join(out, 'plan.json');
  ensureDir(out);
  const previous = readPlanFile(out);
  if (previous && !sameUnits(previous, plan)) refuse(`${out} holds a different experiment; choose another --out or delete it`);
  // The same units listed in another order (an earlier version's arm-major plan) run in this version's order.
  const order = (p: typeof plan) => p.units.map((u) => u.id).join('\n');
  if (!previous || order(previous) !== order(plan)) writeAtomic(planFile, JSON.stringify(plan, null, 1));

  buildIfNeeded(root);
  // A remote browser keeps no profile, so nothing there outlives an invocation; a local one keeps a
  // profile per unit, whose IndexedDB belongs to the origin: the same port each time resumes it.
  const served = args.browserWs
    ? await serveBuiltApp(root, { host: '0.0.0.0', name: args.appHost, port: args.appPort })
    : await serveOnStablePort(out, (port) => serveBuiltApp(root, port === undefined ? {} : { port }), (line) => process.stderr.write(`${line}\n`));
  const jobs = args.jobs ?? defaultParallelRuns(availableParallelism());
  process.stderr.write(`${plan.title}: ${plan.units.length} units, ${jobs} at a time${args.jobs ? '' : ` (--jobs: ${availableParallelism()} cores less one)`}, seeds ${plan.seeds.join(',')}, backend ${args.backend}, ${args.browserWs ? `remote browser ${args.browserWs}` : describeChromium()}, app at ${served.url}\nresults in ${out}\n`);
  const startedAt = new Date().toISOString();
  const t0 = Date.now();
  let code: number;
  let results: Map<string, UnitResult>;
  try {
    code = await runPlaywright([`--workers=${jobs}`, ...(args.shard ? [`--shard=${args.shard}`] : [])], {
      ...process.env,
      [ENV.plan]: planFile,
      [ENV.out]: out,
      [ENV.url]: served.url,
      [ENV.backend]: args.backend,
      ...(args.browserWs ? { [ENV.browserWs]: args.browserWs } : {}),
    });
    // Read once, for the charts and the summary: Playwright has exited, so no unit writes its
    // result any more, and the charts add only PNGs under charts/.
    results = readResults([out], plan);
    if (code !== 130 && results.size > 0 && !args.noCharts) {
      try {
        const { runs, baseStudies, seeds } = runnerCharts(out, plan, results);
        const charts = await captureCharts({ appUrl: served.url, dir: join(out, 'charts'), runs, baseStudies, browserWs: args.browserWs });
        process.stderr.write(`${charts.length} chart PNGs in ${join(out, 'charts')}${charts.length ? `, of ${describeChartSeeds(seeds)}` : ''}\n`);
      } catch (e) {
        process.stderr.write(`warning: the chart PNGs could not be taken: ${e instanceof Error ? e.message : e}\n`);
        if (code === 0) code = 1;
      }
    }
  } finally {
    await served.close();
  }
  writeOutputs(out, plan, results, startedAt, previousWallSeconds(out) + (Date.now() - t0) / 1000);
  process.stderr.write(`${results.size}/${plan.units.length} units done; wrote summary.json, metrics.csv, table.md to ${out}\n`);
  if (code === 130) process.exit(130);
  if (code !== 0) process.exit(1);
}

try {
  await main();
} catch (e) {
  // A wrong config or grid, or a folder that cannot be written: one line, no stack trace.
  if (e instanceof ConfigError || e instanceof PlanError || e instanceof UsageError) fail(e.message);
  if (e instanceof OutDirError || e instanceof NoChromiumError) refuse(e.message);
  throw e;
}
