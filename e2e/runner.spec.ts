import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import type { RunExport } from '../workers/api';
import { StepMetricsSchema } from '../src/core/grpo/metrics';
import { SummarySchema, UnitResultSchema } from '../scripts/runner/schema';
import { openLab, runToEnd, tinyConfig, withoutTiming, type LabWindow } from './lab-runs';

/**
 * The headless runner as a terminal user runs it: `npm run experiment` in a child process, its
 * own build, server and Chromium, the real worker. The output folder is checked against the
 * schemas the report reads it with.
 */
const root = join(import.meta.dirname, '..');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

function experiment(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'scripts/experiment.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 600_000, env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'grpo-runner-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('wrong flags, an unknown preset and an invalid config are named, exit non-zero and write nothing', () => {
  const out = join(dir, 'never');
  const unknown = experiment(['--preset', 'no-such-preset', '--out', out]);
  expect(unknown.code).not.toBe(0);
  expect(unknown.stderr).toMatch(/no-such-preset/);
  expect(unknown.stderr).toMatch(/pos-neg/);

  const flag = experiment(['--preset', 'rlr', '--sedes', '2', '--out', out]);
  expect(flag.code).not.toBe(0);
  expect(flag.stderr).toMatch(/sedes/);

  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ...tinyConfig(), numGenerations: 0, temperature: 'hot' }));
  const invalid = experiment(['--config', bad, '--out', out]);
  expect(invalid.code).not.toBe(0);
  expect(invalid.stderr).toMatch(/numGenerations/);
  expect(invalid.stderr).toMatch(/temperature/);

  const typo = join(dir, 'typo.json');
  writeFileSync(typo, JSON.stringify({ ...tinyConfig(), numGenerationz: 4, rlr: { enabeld: true } }));
  const typos = experiment(['--config', typo, '--out', out]);
  expect(typos.code).toBe(2);
  expect(typos.stderr).toMatch(/numGenerationz: unknown key/);
  expect(typos.stderr).toMatch(/rlr\.enabeld: unknown key/);

  const misspelt = experiment(['--presett', 'rlr']);
  expect(misspelt.code).toBe(2);
  expect(misspelt.stderr.split('\n')[0]).toBe('error: unknown flag --presett (did you mean --preset?)');

  expect(existsSync(out)).toBe(false);
});

test('a config over two seeds and a grid writes a summary, per-step CSV, a table and chart PNGs, and a second invocation resumes', () => {
  test.setTimeout(600_000);
  const config = join(dir, 'tiny.json');
  writeFileSync(config, JSON.stringify({ ...tinyConfig({ stages: [{ maxCompletionLength: 32, sampleFilter: 'both', steps: 2 }] }), name: 'runner-e2e', studies: [{ kind: 'pass1', suite: 'in-30', runs: 1, maxCompletionLength: 32 }] }));
  const out = join(dir, 'out');
  // The second invocation must ask for exactly the same experiment, or it would not resume it.
  const args = ['--config', config, '--seeds', '2', '--grid', 'numGenerations=2,4', '--out', out, '--backend', 'wasm'];
  // Two units at a time; --jobs is not part of the experiment, so the second invocation (without it) resumes it.
  const first = experiment([...args, '--jobs', '2']);
  expect(first.code, first.stderr + first.stdout).toBe(0);
  expect(first.stderr).toMatch(/: 4 units, 2 at a time, seeds 1,2/);
  expect(first.stdout + first.stderr).toMatch(/4\/4 units finished/);

  const summary = SummarySchema.parse(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
  expect(summary.seeds).toHaveLength(2);
  expect(summary.grid).toEqual([{ knob: 'numGenerations', values: [2, 4] }]);
  expect(summary.backend?.name).toBe('wasm');
  expect(summary.units.map((u) => u.status)).toEqual(['done', 'done', 'done', 'done']);
  expect(summary.arms.map((a) => a.grid.numGenerations).sort()).toEqual([2, 4]);
  for (const arm of summary.arms) {
    expect(arm.seeds).toHaveLength(2);
    expect(arm.final.reward?.n).toBe(2);
    expect(arm.studies.map((s) => s.kind)).toEqual(['pass1']);
  }

  for (const u of summary.units) {
    const result = UnitResultSchema.parse(JSON.parse(readFileSync(join(out, 'units', u.id, 'result.json'), 'utf8')));
    expect(result.metrics.map((m) => m.step)).toEqual([1, 2]);
    // The grid point reached the worker: the run's own record holds it.
    const run = JSON.parse(readFileSync(join(out, 'units', u.id, 'run.json'), 'utf8')) as RunExport;
    expect(run.run.config.numGenerations).toBe(u.grid.numGenerations);
    expect(run.run.config.seed).toBe(u.seed);
    // Nothing of the finished unit's browser profile is left behind.
    expect(readdirSync(join(out, 'units', u.id)).sort()).toEqual(['result.json', 'run.json', 'study-0.json']);
  }

  const [header, ...rows] = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
  const columns = header.split(',');
  expect(columns.slice(0, 4)).toEqual(['unit', 'arm', 'seed', 'numGenerations']);
  for (const key of Object.keys(StepMetricsSchema.shape)) expect(columns).toContain(key);
  expect(rows).toHaveLength(4 * 2);

  const table = readFileSync(join(out, 'table.md'), 'utf8');
  expect(table).toMatch(/^## runner-e2e/);
  expect(table).toMatch(/\n\| runner-e2e \(numGenerations=2\) \| \d/);

  const charts = readdirSync(join(out, 'charts'));
  // Every training chart, however far the throttled redraws had got: the set depends on the data only.
  const training = ['reward', 'accuracy', 'length', 'zero-advantage', 'samples-used', 'truncated', 'kl', 'clip', 'loss', 'grad-norm', 'entropy', 'step-time'];
  expect(charts.filter((n) => n.startsWith('train-')).sort()).toEqual(training.map((id) => `train-${id}.png`).sort());
  for (const name of ['train-reward.png', 'train-accuracy.png', 'train-length.png', 'eval-variance.png']) {
    expect(charts).toContain(name);
    expect(readFileSync(join(out, 'charts', name)).subarray(0, 4)).toEqual(PNG);
  }

  const second = experiment(args);
  expect(second.code, second.stderr).toBe(0);
  expect((second.stdout + second.stderr).match(/already finished/g)).toHaveLength(4);
  expect(readdirSync(join(out, 'charts')).sort()).toEqual([...charts].sort());
  expect(SummarySchema.parse(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).units.every((u) => u.status === 'done')).toBe(true);
});

test('a run the page exported, fed to --config, runs the file’s own G, P, stages and studies', async ({ page }) => {
  test.setTimeout(600_000);
  // The page trains a small run and scores it, and exports it as its Export button does.
  await openLab(page);
  const config = tinyConfig({ name: 'from-the-page', numGenerations: 2, promptsPerStep: 3, stages: [{ maxCompletionLength: 24, sampleFilter: 'negative', steps: 1 }, { maxCompletionLength: 32, sampleFilter: 'both', steps: 1 }] });
  await runToEnd(page, 'exported-run', config);
  const exported = await page.evaluate(async () => {
    const lab = (window as unknown as LabWindow).__grpoLab;
    await lab.client.runStudy({ study: { kind: 'pass1', suite: 'in-30', runs: 1, maxCompletionLength: 16 }, policy: { runId: 'exported-run' }, attachTo: 'exported-run' }, () => {});
    return lab.client.exportRun('exported-run');
  });
  const file = join(dir, 'exported-run.json');
  writeFileSync(file, JSON.stringify(exported));

  const out = join(dir, 'from-export');
  // What this test reads is the run and its studies; the charts are the grid test's.
  const r = experiment(['--config', file, '--out', out, '--backend', 'wasm', '--no-charts']);
  expect(r.code, r.stderr + r.stdout).toBe(0);
  const summary = SummarySchema.parse(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
  expect(summary.title).toBe('from-the-page');
  const [unit] = summary.units;
  const run = JSON.parse(readFileSync(join(out, 'units', unit.id, 'run.json'), 'utf8')) as RunExport;
  expect(run.run.config).toMatchObject({ numGenerations: 2, promptsPerStep: 3, stages: config.stages });
  expect(run.run.metrics.map((m) => m.step)).toEqual([1, 2]);
  const result = UnitResultSchema.parse(JSON.parse(readFileSync(join(out, 'units', unit.id, 'result.json'), 'utf8')));
  expect(result.studies.map((s) => [s.kind, s.study.kind === 'pass1' && s.study.suite])).toEqual([['pass1', 'in-30']]);
  expect(existsSync(join(out, 'charts'))).toBe(false);
});

test('Ctrl-C after the first checkpoint, then the same command: the unit resumes from that checkpoint and ends with the numbers of an uninterrupted run', async () => {
  test.setTimeout(600_000);
  const config = join(dir, 'resume.json');
  const steps = 12;
  writeFileSync(config, JSON.stringify({ ...tinyConfig({ name: 'resume-e2e', stages: [{ maxCompletionLength: 48, sampleFilter: 'both', steps }], checkpointEvery: 2 }), studies: [{ kind: 'pass1', suite: 'in-30', runs: 1, maxCompletionLength: 32 }] }));
  // --no-charts is not part of the experiment: what resumes is the same either way.
  const args = (out: string) => ['--config', config, '--out', out, '--backend', 'wasm', '--no-charts'];

  const reference = join(dir, 'resume-reference');
  const whole = experiment(args(reference));
  expect(whole.code, whole.stderr + whole.stdout).toBe(0);

  // As a terminal's Ctrl-C does: SIGINT to the runner's whole process group, once a checkpoint is stored.
  const out = join(dir, 'resume-interrupted');
  const child = spawn('npx', ['tsx', 'scripts/experiment.ts', ...args(out)], { cwd: root, env: { ...process.env, FORCE_COLOR: '0' }, detached: true });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
  await expect.poll(() => output, { timeout: 300_000, intervals: [250] }).toMatch(/checkpoint at step 2\n/);
  process.kill(-child.pid!, 'SIGINT');
  const code = await exited;
  expect(output).not.toMatch(/1\/1 units done/);
  expect(code, output).not.toBe(0);
  const port = JSON.parse(readFileSync(join(out, 'origin.json'), 'utf8')) as { port: number };

  const rerun = experiment(args(out));
  expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
  const log = rerun.stdout + rerun.stderr;
  // Served on the same origin, so the unit's profile still holds its IndexedDB and the checkpoint in it.
  expect(log).toContain(`app at http://127.0.0.1:${port.port}/`);
  const resumedAt = Number(log.match(/resumed from its checkpoint at step (\d+)/)?.[1]);
  expect(resumedAt, log).toBeGreaterThanOrEqual(2);
  expect(resumedAt).toBeLessThan(steps);

  const unitRun = (folder: string) => {
    const [unit] = SummarySchema.parse(JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8'))).units;
    const run = JSON.parse(readFileSync(join(folder, 'units', unit.id, 'run.json'), 'utf8')) as RunExport;
    const result = UnitResultSchema.parse(JSON.parse(readFileSync(join(folder, 'units', unit.id, 'result.json'), 'utf8')));
    return { metrics: withoutTiming(run.run.metrics), studies: result.studies.map((s) => s.result) };
  };
  const resumed = unitRun(out);
  expect(resumed.metrics.map((m) => m.step)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
  // The same numbers to the last bit: Adam's bias-correction powers are restored as training
  // multiplies them (restoreAdam), not recomputed with pow.
  expect(resumed).toEqual(unitRun(reference));
});
