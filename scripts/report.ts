/**
 * npm run report [-- --quick] [--only pos-neg,rlr] [--seeds N] [--jobs N] [--unit-jobs N] [--data DIR] [--results DIR]
 *                [--render-only] [--output FILE] [--backend NAME]
 *
 * Builds REPORT.md up over as many invocations as it takes: runs, per preset, the units
 * report-data/ does not hold yet (every arm at the preset size's training seeds, --seeds to
 * override), stores each finished unit there as a small JSON file, and renders REPORT.md from all
 * that report-data/ holds: for each takeaway and each table or figure of the paper, our numbers
 * beside the paper's and three-valued verdicts on preregistered claims.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultParallelRuns, MAX_PARALLEL_RUNS } from '../src/core/parallelism';
import { PRESET_IDS, getPreset } from '../src/core/presets';
import { chromiumExecutablePath, NoChromiumError } from './chromium';
import { accumulate, loadReportData } from './report/accumulate';
import { ReportDataError } from './report/data';
import { baseCheckpointSha256 } from '../src/core/testing/base-checkpoint';
import { renderReport, type ReportData } from './report/render';
import { presetPlan } from './runner/plan';
import { buildIfNeeded, serveBuiltApp, type Served } from './serve';
import { captureCharts } from './runner/charts';
import { reportCharts } from './report/charts';

function refuse(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

/** The file in a preset's charts folder that names the size and seeds its charts were made at. */
const CHARTS_SOURCE = 'made-from.txt';

const OPTIONS = {
  quick: { type: 'boolean', default: false },
  only: { type: 'string' },
  seeds: { type: 'string' },
  data: { type: 'string', default: 'report-data' },
  results: { type: 'string' },
  'render-only': { type: 'boolean', default: false },
  output: { type: 'string', default: 'REPORT.md' },
  backend: { type: 'string', default: 'wasm' },
  jobs: { type: 'string', default: '1' },
  'unit-jobs': { type: 'string' },
} as const;

function flags() {
  try {
    return parseArgs({ options: OPTIONS, strict: true }).values;
  } catch (e) {
    return refuse(e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
}
const values = flags();
const quick = values.quick!;
const size = quick ? 'quick' : 'full';
const only = values.only ? values.only.split(',') : PRESET_IDS;
for (const id of only) if (!PRESET_IDS.includes(id)) refuse(`unknown preset ${JSON.stringify(id)}; known presets: ${PRESET_IDS.join(', ')}`);
const seeds = values.seeds === undefined ? undefined : Number(values.seeds);
if (seeds !== undefined && (!Number.isInteger(seeds) || seeds < 1 || seeds > 100)) refuse(`--seeds must be a whole number from 1 to 100, got ${JSON.stringify(values.seeds)}`);
const jobs = Number(values.jobs);
if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) refuse(`--jobs must be a whole number from 1 to 16, got ${JSON.stringify(values.jobs)}`);
const dataDir = values.data!;
const resultsDir = values.results ?? join('results', quick ? 'report-quick' : 'report');
const output = values.output!;
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;

/**
 * Units per preset's runner: the machine's share of parallel runs (src/core/parallelism.ts) split
 * between the --jobs presets that run at once, so presets × units never outnumber the cores;
 * --unit-jobs sets it outright (on 2 cores, 2 units at once beat one: the page's main thread is
 * nearly idle while a worker trains).
 */
const unitJobs = values['unit-jobs'] === undefined ? Math.max(1, Math.floor(defaultParallelRuns(availableParallelism()) / jobs)) : Number(values['unit-jobs']);
if (!Number.isInteger(unitJobs) || unitJobs < 1 || unitJobs > MAX_PARALLEL_RUNS) refuse(`--unit-jobs must be a whole number from 1 to ${MAX_PARALLEL_RUNS}, got ${JSON.stringify(values['unit-jobs'])}`);

function run(id: string, seedCount: number, out: string): Promise<number> {
  const args = ['run', 'experiment', '--', '--preset', id, '--seeds', String(seedCount), '--out', out, '--backend', values.backend!, '--jobs', String(unitJobs), '--no-charts', ...(quick ? ['--quick'] : [])];
  process.stderr.write(`\n== ${id}: npm ${args.join(' ')}\n`);
  return new Promise((res) => spawn('npm', args, { stdio: 'inherit' }).on('exit', (c) => res(c ?? 1)));
}

let failed: string[] = [];
try {
  if (!values['render-only']) {
    // Checked once here rather than by each preset's runner in turn.
    chromiumExecutablePath();
    let built = false;
    const outcome = await accumulate({ presets: only, size, seeds, dataDir, resultsDir, machine, checkpoint: baseCheckpointSha256() }, async (id, plan, out) => {
      // Built once here: runners started side by side must not race to rebuild dist/.
      if (!built) buildIfNeeded(process.cwd());
      built = true;
      return run(id, plan.seeds.length, out);
    }, jobs);
    process.stderr.write(`report-data: ${outcome.ran.length} units run and stored, ${outcome.skipped.length} already there\n`);
    for (const c of outcome.carried) process.stderr.write(`report-data: ${c} carried; the next invocation goes on after them\n`);
    failed = outcome.failed;
    if (outcome.interrupted) process.exit(130);
  }
  const data = loadReportData(dataDir);
  const notes = [
    'Scale: a 0.4 M-parameter character-level policy on modular-arithmetic chains, trained for tens of GRPO steps, against 1.5B-7B models trained for days. Verdicts say whether the same ordering or effect appears here; the absolute numbers are not comparable.',
    ...(Object.values(data).some((u) => u?.[0]?.size === 'quick') ? ['Presets marked quick ran at --quick sizes (2 steps, 1 evaluation run per problem, 64-token caps): a check of the pipeline, not a measurement.'] : []),
  ];
  const report = renderReport(data, { command: 'npm run report', notes });
  writeFileSync(output, report + (await chartsSection(data)));
  process.stderr.write(`wrote ${output}\n`);
} catch (e) {
  if (e instanceof ReportDataError || e instanceof NoChromiumError) refuse(e.message);
  throw e;
}

/**
 * The page's own charts of each preset, drawn from report-data (reportCharts) into
 * `<report name>-charts/<preset>/`, committed with the report. Its CHARTS_SOURCE file holds the
 * caption and a key of the units shown: the charts are drawn again only when those change, so a
 * render on a machine without a browser keeps them while they match the data. Charts that no
 * longer match the data are removed rather than shown.
 */
async function chartsSection(data: ReportData): Promise<string> {
  const chartsDir = output.replace(/\.md$/, '') + '-charts';
  const parts: string[] = [];
  let served: Served | undefined;
  const madeOf = (dir: string) => (existsSync(join(dir, CHARTS_SOURCE)) ? readFileSync(join(dir, CHARTS_SOURCE), 'utf8') : null);
  try {
    for (const [id, units] of Object.entries(data)) {
      if (!units?.length) continue;
      const at = units[0].size;
      const charts = reportCharts(presetPlan(id, at, Math.max(...units.map((u) => u.unit.seed)), []), units);
      const dir = join(chartsDir, id);
      const made = charts ? `${charts.caption}\n${charts.key}\n` : null;
      if (charts && madeOf(dir) !== made) {
        const drawing = `${dir}.drawing`;
        rmSync(drawing, { recursive: true, force: true });
        try {
          if (!served) {
            buildIfNeeded(process.cwd());
            served = await serveBuiltApp(process.cwd());
          }
          process.stderr.write(`drawing the ${id} charts (${charts.caption})\n`);
          await captureCharts({ appUrl: served.url, dir: drawing, runs: charts.runs, baseStudies: charts.baseStudies });
          writeFileSync(join(drawing, CHARTS_SOURCE), made!);
          rmSync(dir, { recursive: true, force: true });
          renameSync(drawing, dir);
        } catch (e) {
          rmSync(drawing, { recursive: true, force: true });
          process.stderr.write(`warning: the ${id} charts could not be drawn (${e instanceof Error ? e.message.split('\n')[0] : e})\n`);
        }
      }
      if (made === null || madeOf(dir) !== made) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const pngs = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
      if (!pngs.length) continue;
      const p = getPreset(id, at);
      parts.push(`### ${p.title} (${p.paper})`, '', `Drawn from ${charts!.caption}.`, '');
      for (const f of pngs) parts.push(`![${id}: ${f.replace(/\.png$/, '')}](${relative(dirname(output), join(dir, f))})`);
      parts.push('');
    }
  } finally {
    await served?.close();
  }
  // A preset the report holds no data of keeps no charts either (an earlier world's, say).
  if (existsSync(chartsDir)) for (const id of readdirSync(chartsDir)) if (!data[id]?.length) rmSync(join(chartsDir, id), { recursive: true, force: true });
  return parts.length ? `\n## Charts\n\nThe page's own charts of each preset, drawn from report-data: the runs of the seeds named, every arm at the same seeds, seeds of an arm as one line with a min–max band (README, "Charts", says what each one shows).\n\n${parts.join('\n')}` : '';
}
if (failed.length) {
  process.stderr.write(`presets whose runner failed: ${failed.join(', ')} (their finished units are stored)\n`);
  process.exit(1);
}
