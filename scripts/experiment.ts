/**
 * npm run experiment -- --preset <name> | --config <file.json> [--seeds N] [--out DIR]
 *                       [--backend auto|webgpu|webgl|wasm|cpu] [--quick] [--grid knob=v1,v2 …]
 *                       [--shard i/n] [--browser-ws <endpoint>]
 * npm run experiment -- --list
 * npm run experiment -- --merge DIR… --out DIR
 *
 * Runs a preset or config through the built app in headless Chromium (the page's own worker and
 * engine), unit by unit, and writes a results folder. Ctrl-C stops; the same command resumes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BACKENDS } from '../src/core/config';
import { ConfigError } from '../src/core/knobs';
import { listPresets, PRESET_IDS } from '../src/core/presets';
import { buildIfNeeded, serveBuiltApp } from './serve';
import { describeChromium } from './chromium';
import { configPlan, parseGridArg, PlanError, presetPlan, type Plan } from './runner/plan';
import { captureCharts } from './runner/charts';
import { parseResultFile, UnitResultSchema } from './runner/schema';
import { ENV, UNIT_FILES } from './runner/protocol';
import { metricsCsv, renderTables, summarise, type UnitResult } from './runner/summary';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

const USAGE = `usage:
  npm run experiment -- --preset <name> | --config <file.json> [--seeds N] [--out DIR]
                        [--backend auto|webgpu|webgl|wasm|cpu] [--quick] [--grid knob=v1,v2 ...]
                        [--shard i/n] [--browser-ws <ws-endpoint> [--app-host NAME] [--app-port N]]
  npm run experiment -- --list
  npm run experiment -- --merge DIR1 DIR2 ... --out DIR`;

const ArgsSchema = z
  .object({
    preset: z.string().optional(),
    config: z.string().optional(),
    seeds: z.coerce.number({ error: '--seeds must be a positive integer' }).int({ error: '--seeds must be a positive integer' }).min(1, { error: '--seeds must be a positive integer' }).max(1000).default(1),
    out: z.string().min(1).optional(),
    backend: z.enum(BACKENDS, { error: `--backend must be one of ${BACKENDS.join(', ')}` }).default('wasm'),
    quick: z.boolean().default(false),
    grid: z.array(z.string()).default([]),
    shard: z.string().regex(/^\d+\/\d+$/, { error: '--shard must look like i/n, e.g. 1/2' }).refine((s) => { const [i, n] = s.split('/').map(Number); return i >= 1 && i <= n; }, { error: '--shard i/n needs 1 ≤ i ≤ n' }).optional(),
    browserWs: z.string().regex(/^wss?:\/\//, { error: '--browser-ws must be a ws:// or wss:// endpoint' }).optional(),
    /** How the remote browser reaches this machine's server (default: this host name, a free port). */
    appHost: z.string().regex(/^[\w.-]+$/, { error: '--app-host must be a host name or address' }).optional(),
    appPort: z.coerce.number({ error: '--app-port must be a port number' }).int().min(1, { error: '--app-port must be a port number' }).max(65535, { error: '--app-port must be a port number' }).optional(),
    list: z.boolean().default(false),
    merge: z.boolean().default(false),
    help: z.boolean().default(false),
    dirs: z.array(z.string()).default([]),
  })
  .superRefine((a, ctx) => {
    if (a.help || a.list) return;
    if (a.merge) {
      if (a.dirs.length < 1) ctx.addIssue({ code: 'custom', message: '--merge needs at least one results folder' });
      if (!a.out) ctx.addIssue({ code: 'custom', message: '--merge needs --out DIR for the combined folder' });
      return;
    }
    if ((a.appHost || a.appPort) && !a.browserWs) ctx.addIssue({ code: 'custom', message: '--app-host and --app-port only apply with --browser-ws' });
    if (a.dirs.length) ctx.addIssue({ code: 'custom', message: `unexpected argument ${JSON.stringify(a.dirs[0])}` });
    if (!a.preset === !a.config) ctx.addIssue({ code: 'custom', message: 'give exactly one of --preset <name> or --config <file.json>' });
    if (a.preset && !PRESET_IDS.includes(a.preset)) ctx.addIssue({ code: 'custom', message: `unknown preset ${JSON.stringify(a.preset)}; known presets: ${PRESET_IDS.join(', ')} (see --list)` });
  });

function fail(message: string, code = 2): never {
  process.stderr.write(`error: ${message}\n\n${USAGE}\n`);
  process.exit(code);
}

function parseCli(argv: string[]): z.output<typeof ArgsSchema> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        preset: { type: 'string' },
        config: { type: 'string' },
        seeds: { type: 'string' },
        out: { type: 'string' },
        backend: { type: 'string' },
        quick: { type: 'boolean' },
        grid: { type: 'string', multiple: true },
        shard: { type: 'string' },
        'browser-ws': { type: 'string' },
        'app-host': { type: 'string' },
        'app-port': { type: 'string' },
        list: { type: 'boolean' },
        merge: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail(e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
  const { 'browser-ws': browserWs, 'app-host': appHost, 'app-port': appPort, ...rest } = parsed.values;
  const r = ArgsSchema.safeParse({ ...rest, browserWs, appHost, appPort, dirs: parsed.positionals });
  if (!r.success) fail(r.error.issues.map((i) => i.message).join('; '));
  return r.data;
}

function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

function readResults(dirs: string[], plan: Plan): Map<string, UnitResult> {
  const results = new Map<string, UnitResult>();
  for (const dir of dirs) {
    for (const u of plan.units) {
      const f = join(dir, 'units', u.id, UNIT_FILES.result);
      if (existsSync(f) && !results.has(u.id)) results.set(u.id, parseResultFile(UnitResultSchema, f, readFileSync(f, 'utf8')) as UnitResult);
    }
  }
  return results;
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
  const args = parseCli(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.list) {
    for (const p of listPresets()) process.stdout.write(`${p.id.padEnd(16)} ${p.title} — ${p.paper}\n${' '.repeat(17)}${p.shows}\n`);
    return;
  }
  if (args.merge) {
    const plans = args.dirs.map((d) => {
      const f = join(d, 'plan.json');
      if (!existsSync(f)) fail(`${d} is not a results folder (no plan.json)`);
      return JSON.parse(readFileSync(f, 'utf8')) as Plan;
    });
    const ids = (p: Plan) => p.units.map((u) => u.id).join('\n');
    if (plans.some((p) => ids(p) !== ids(plans[0]))) fail('the folders hold different experiments (their plans differ); merge only shards of one experiment');
    const out = args.out!;
    const results = readResults(args.dirs, plans[0]);
    for (const [id, r] of results) {
      const src = args.dirs.find((d) => existsSync(join(d, 'units', id, UNIT_FILES.result)))!;
      for (const f of readdirSync(join(src, 'units', id)).filter((f) => f.endsWith('.json'))) writeAtomic(join(out, 'units', id, f), readFileSync(join(src, 'units', id, f), 'utf8'));
      void r;
    }
    writeAtomic(join(out, 'plan.json'), JSON.stringify(plans[0], null, 1));
    const walls = args.dirs.map((d) => (existsSync(join(d, 'summary.json')) ? (JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8')) as { wallSeconds: number }).wallSeconds : 0));
    writeOutputs(out, plans[0], results, new Date().toISOString(), Math.max(0, ...walls));
    const blobs = args.dirs.map((d) => join(d, 'blob-report')).filter(existsSync);
    if (blobs.length) {
      mkdirSync(join(out, 'all-blob-reports'), { recursive: true });
      for (const b of blobs) for (const f of readdirSync(b)) writeFileSync(join(out, 'all-blob-reports', f), readFileSync(join(b, f)));
      const code = await new Promise<number>((res) => spawn('npx', ['playwright', 'merge-reports', '--reporter', 'list', join(out, 'all-blob-reports')], { cwd: root, stdio: 'inherit' }).on('exit', (c) => res(c ?? 1)));
      if (code !== 0) process.stderr.write('warning: merging the Playwright blob reports failed; the results are merged all the same\n');
    }
    process.stderr.write(`merged ${results.size}/${plans[0].units.length} units into ${out}\n`);
    return;
  }

  // Everything that can be wrong with the request is checked before anything is written.
  let plan: Plan;
  try {
    const grid = args.grid.map(parseGridArg);
    if (args.preset) plan = presetPlan(args.preset, args.quick ? 'quick' : 'full', args.seeds, grid);
    else {
      const file = args.config!;
      if (!existsSync(file)) fail(`config file ${file} does not exist`);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        fail(`${file} is not valid JSON: ${e instanceof Error ? e.message : e}`);
      }
      plan = configPlan(file, json, args.seeds, grid);
    }
  } catch (e) {
    if (e instanceof ConfigError || e instanceof PlanError) fail(e.message);
    throw e;
  }
  const out = resolve(args.out ?? join('results', `${args.preset ?? plan.title}${args.quick ? '-quick' : ''}`));
  const planFile = join(out, 'plan.json');
  if (existsSync(planFile)) {
    const previous = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
    if (JSON.stringify(previous.units) !== JSON.stringify(plan.units)) fail(`${out} holds a different experiment; choose another --out or delete it`);
  } else writeAtomic(planFile, JSON.stringify(plan, null, 1));

  buildIfNeeded(root);
  const served = await serveBuiltApp(root, args.browserWs ? { host: '0.0.0.0', name: args.appHost, port: args.appPort } : undefined);
  process.stderr.write(`${plan.title}: ${plan.units.length} units, seeds ${plan.seeds.join(',')}, backend ${args.backend}, ${args.browserWs ? `remote browser ${args.browserWs}` : describeChromium()}, app at ${served.url}\nresults in ${out}\n`);
  const startedAt = new Date().toISOString();
  const t0 = Date.now();
  let code: number;
  let results: Map<string, UnitResult>;
  try {
    code = await runPlaywright(args.shard ? [`--shard=${args.shard}`] : [], {
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
    if (code !== 130 && results.size > 0) {
      try {
        const charts = await captureCharts({ appUrl: served.url, out, plan, results, browserWs: args.browserWs });
        process.stderr.write(`${charts.length} chart PNGs in ${join(out, 'charts')}\n`);
      } catch (e) {
        process.stderr.write(`warning: the chart PNGs could not be taken: ${e instanceof Error ? e.message : e}\n`);
        if (code === 0) code = 1;
      }
    }
  } finally {
    await served.close();
  }
  const previousWall = existsSync(join(out, 'summary.json')) ? (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { wallSeconds: number }).wallSeconds : 0;
  writeOutputs(out, plan, results, startedAt, previousWall + (Date.now() - t0) / 1000);
  process.stderr.write(`${results.size}/${plan.units.length} units done; wrote summary.json, metrics.csv, table.md to ${out}\n`);
  if (code === 130) process.exit(130);
  if (code !== 0) process.exit(1);
}

await main();
