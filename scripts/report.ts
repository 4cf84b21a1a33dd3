/**
 * npm run report [-- --quick] [--only pos-neg,rlr] [--jobs N] [--results DIR] [--render-only] [--output FILE]
 *
 * Runs every preset through the headless runner (full sizes by default: hours on a 2-core machine
 * without a GPU; --quick: minutes) and writes REPORT.md: for each takeaway and each table or
 * figure of the paper, our toy-scale numbers beside the paper's with a plain verdict.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { PRESET_IDS } from '../src/core/presets';
import type { Summary } from './runner/summary';
import { parseResultFile, SummarySchema } from './runner/schema';
import { renderReport } from './report/render';
import { buildIfNeeded } from './serve';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    results: { type: 'string' },
    'render-only': { type: 'boolean', default: false },
    output: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    jobs: { type: 'string', default: '1' },
  },
  strict: true,
});
const quick = values.quick!;
const only = values.only ? values.only.split(',') : PRESET_IDS;
for (const id of only) {
  if (!PRESET_IDS.includes(id)) {
    process.stderr.write(`error: unknown preset ${JSON.stringify(id)}; known presets: ${PRESET_IDS.join(', ')}\n`);
    process.exit(2);
  }
}
const resultsDir = values.results ?? join('results', quick ? 'report-quick' : 'report');
const output = values.output ?? (quick ? join(resultsDir, 'REPORT.md') : 'REPORT.md');

function run(id: string): Promise<number> {
  const args = ['run', 'experiment', '--', '--preset', id, '--out', join(resultsDir, id), '--backend', values.backend!, ...(quick ? ['--quick'] : [])];
  process.stderr.write(`\n== ${id}: npm ${args.join(' ')}\n`);
  return new Promise((res) => spawn('npm', args, { stdio: 'inherit' }).on('exit', (c) => res(c ?? 1)));
}

const jobs = Number(values.jobs);
if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) {
  process.stderr.write(`error: --jobs must be a whole number from 1 to 16, got ${JSON.stringify(values.jobs)}\n`);
  process.exit(2);
}

const failed: string[] = [];
if (!values['render-only']) {
  // Built once here: runners started side by side must not race to rebuild dist/.
  buildIfNeeded(process.cwd());
  // Each runner keeps about one core busy (one browser, one worker): --jobs N runs N presets at once.
  const queue = [...only];
  await Promise.all(
    Array.from({ length: Math.min(jobs, queue.length) }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const code = await run(id);
        if (code === 130) process.exit(130);
        if (code !== 0) failed.push(id);
      }
    }),
  );
}

const summaries: Record<string, Summary> = {};
for (const id of PRESET_IDS) {
  const f = join(resultsDir, id, 'summary.json');
  if (existsSync(f)) summaries[id] = parseResultFile(SummarySchema, f, readFileSync(f, 'utf8')) as Summary;
}
const notes = [
  'Scale: a 0.4 M-parameter character-level policy on modular-arithmetic chains, trained for tens of GRPO steps, against 1.5B-7B models trained for days. Verdicts say whether the same ordering or effect appears here; the absolute numbers are not comparable.',
  'Intervals are 95 %: across seeds when a preset ran several, else a bootstrap over evaluation runs. A claim that holds only in the means (overlapping intervals) is reported as within noise.',
  ...(quick ? ['These are --quick sizes: a smoke test of the pipeline, not a measurement.'] : []),
  ...(jobs > 1 ? [`Presets ran ${jobs} at a time (--jobs ${jobs}), each runner keeping about one core busy; a preset's wall time was measured with the others running beside it.`] : []),
  ...(failed.length ? [`Presets that failed to finish: ${failed.join(', ')}.`] : []),
];
const report = renderReport(summaries, {
  generatedAt: new Date().toISOString(),
  machine: `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, no GPU`,
  size: quick ? 'quick' : 'full',
  command: `npm run report${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
  notes,
});
writeFileSync(output, report + chartsSection());
process.stderr.write(`wrote ${output}\n`);

/**
 * The runner's chart PNGs, copied next to the report (`<report name>-charts/<preset>/`) so the
 * committed report shows them; results/ itself is not committed.
 */
function chartsSection(): string {
  const chartsDir = output.replace(/\.md$/, '') + '-charts';
  rmSync(chartsDir, { recursive: true, force: true });
  const parts: string[] = [];
  for (const id of PRESET_IDS) {
    const src = join(resultsDir, id, 'charts');
    if (!summaries[id] || !existsSync(src)) continue;
    const pngs = readdirSync(src).filter((f) => f.endsWith('.png')).sort();
    if (!pngs.length) continue;
    mkdirSync(join(chartsDir, id), { recursive: true });
    parts.push(`### ${summaries[id]!.title} (${summaries[id]!.paper})`, '');
    for (const f of pngs) {
      copyFileSync(join(src, f), join(chartsDir, id, f));
      parts.push(`![${id}: ${f.replace(/\.png$/, '')}](${relative(dirname(output), join(chartsDir, id, f))})`);
    }
    parts.push('');
  }
  return parts.length ? `\n## Charts\n\nThe page's own charts for every arm of each preset, as the runner saved them (README, "Charts", says what each one shows).\n\n${parts.join('\n')}` : '';
}
if (failed.length) process.exit(1);
