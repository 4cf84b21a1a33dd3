import { test, expect, type Page } from '@playwright/test';
import type { PresetJob, RunRecord } from '../workers/api';
import { tinyConfig, waitForLab, type LabWindow } from './lab-runs';

/**
 * "Run all arms" in several lab workers: the arms of a quick preset go to two workers at once, each
 * arm's run and studies in one worker, and they give the numbers the same arms give in one worker
 * (same seeds, same backend). What ran where and when comes from the page's own record of the job:
 * each arm's worker and its start and end in the order of the job's events, no clock.
 *
 * The preset: offline injection at quick size, three arms that all train, each with one Pass@1
 * study: the smallest preset with more arms than workers (RLR's five arms took a third longer). The
 * spec imports no value from src/core, so its shape is written out here.
 */
const PRESET = { id: 'injection', arms: 3, trained: 3, studies: 1, runButton: 'Run all 3 arms and their studies' } as const;

/** Every arm finished: trained if it trains, and all its studies stored. */
function armsLeft(job: PresetJob): string[] {
  return job.arms.filter((a) => (a.runId !== undefined && !a.trained) || a.studiesDone < PRESET.studies).map((a) => a.label);
}

/** Each step of a finished run stored once, in order. */
function expectWhole(record: RunRecord): void {
  expect(record.status).toBe('done');
  expect(record.step).toBe(record.totalSteps);
  expect(record.metrics.map((m) => m.step)).toEqual(Array.from({ length: record.totalSteps }, (_, i) => i + 1));
  expect(record.studies.map((s) => s.kind)).toEqual(Array(PRESET.studies).fill('pass1'));
}

async function record(page: Page, runId: string): Promise<RunRecord> {
  return (await page.evaluate((id) => (window as unknown as LabWindow).__grpoLab.client.getRun(id), runId))!;
}

async function presetJobs(page: Page): Promise<PresetJob[]> {
  return page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.listPresetJobs());
}

interface UnitSeen {
  arm: string;
  state: string;
  slot: number;
  start: number;
  end: number;
}

async function unitsShown(page: Page): Promise<UnitSeen[]> {
  return page.getByTestId('preset-unit').evaluateAll((rows) =>
    rows.map((r) => {
      const d = (r as HTMLElement).dataset;
      return { arm: d.arm!, state: d.state!, slot: Number(d.slot), start: Number(d.startSeq), end: Number(d.endSeq) };
    }),
  );
}

/** An arm's numbers without what depends on the clock: step metrics less their seconds, study results. */
function numbersOf(record: RunRecord) {
  return {
    metrics: record.metrics.map(({ secondsSampling: _s, secondsScoring: _c, secondsUpdating: _u, ...m }) => m),
    studies: record.studies.map((s) => ({ kind: s.kind, study: s.study, result: s.result })),
  };
}

/** Runs the preset at quick size in `workers` lab workers; returns the job, its units as shown, and each trained arm's record. */
async function runPreset(page: Page, workers: number, before: Set<string>) {
  await page.goto(`/?backend=wasm&preset=${PRESET.id}&size=quick&workers=${workers}`);
  await waitForLab(page);
  await expect(page.getByTestId('preset-workers')).toHaveAttribute('data-workers', String(workers));
  await expect(page.getByTestId('preset-workers-facts')).toContainText(`Runs ${workers} ${workers === 1 ? 'arm' : 'arms'} at a time on`);
  await page.getByRole('button', { name: PRESET.runButton }).click();
  await expect(page.getByTestId('preset-units')).toHaveAttribute('data-status', 'running');
  // The page's worker's tensors while the arms train: what one worker holds (the README's memory note).
  const peak = page.evaluate(async () => {
    const lab = (window as unknown as LabWindow).__grpoLab;
    let max = 0;
    while (document.querySelector('[data-testid="preset-units"][data-status="running"]')) {
      max = Math.max(max, (await lab.memory()).numBytes);
      await new Promise((r) => setTimeout(r, 1000));
    }
    return max;
  });
  await expect(page.getByTestId('preset-units')).toHaveAttribute('data-status', 'done', { timeout: 600_000 });
  const job = (await presetJobs(page)).find((j) => !before.has(j.jobId))!;
  expect(job.status).toBe('done');
  const units = await unitsShown(page);
  const records = await Promise.all(job.arms.flatMap((a) => (a.runId ? [record(page, a.runId)] : [])));
  return { job, units, records, peakBytes: await peak };
}

test('a quick preset runs its arms in two lab workers at once, and they give the numbers one worker gives', async ({ page }) => {
  test.setTimeout(1_200_000);
  const two = await runPreset(page, 2, new Set());
  expect(two.units.map((u) => u.state)).toEqual(Array(PRESET.arms).fill('done'));
  // Both workers were used, and two arms were going at once: each started before the other ended.
  expect(new Set(two.units.map((u) => u.slot))).toEqual(new Set([0, 1]));
  const overlapping = two.units.some((a) => two.units.some((b) => a.slot !== b.slot && a.start < b.end && b.start < a.end));
  expect(overlapping).toBe(true);
  expect(two.records).toHaveLength(PRESET.trained);
  for (const r of two.records) expectWhole(r);

  const one = await runPreset(page, 1, new Set([two.job.jobId]));
  expect(one.units.map((u) => u.slot)).toEqual(Array(PRESET.arms).fill(0));
  // One worker runs the arms one after another, in the preset's order.
  for (let i = 1; i < one.units.length; i++) expect(one.units[i].start).toBeGreaterThan(one.units[i - 1].end);

  // Same seeds, same backend: the same numbers, arm by arm, whichever worker trained it.
  for (let i = 0; i < one.records.length; i++) {
    expectWhole(one.records[i]);
    expect(numbersOf(two.records[i])).toEqual(numbersOf(one.records[i]));
  }
  test.info().annotations.push({ type: 'memory', description: `peak TF.js bytes in the page's lab worker while arms trained: ${two.peakBytes} (2 workers), ${one.peakBytes} (1 worker)` });
  console.log(`peak TF.js numBytes in one lab worker: ${two.peakBytes} (2 workers), ${one.peakBytes} (1 worker)`);
});

test('the workers control refuses a count outside 1..64, says why, and writes a good one into the link', async ({ page }) => {
  await page.goto(`/?backend=wasm&preset=${PRESET.id}&size=quick&workers=2`);
  await waitForLab(page);
  const input = page.getByTestId('preset-workers-input');
  await input.fill('0');
  await expect(page.getByTestId('preset-workers')).toContainText('workers must be an integer in [1, 64]');
  // What was set before stays set; nothing is run with a bad value.
  await expect(page.getByTestId('preset-workers')).toHaveAttribute('data-workers', '2');
  await input.fill('3');
  await expect(page.getByTestId('preset-workers')).toHaveAttribute('data-workers', '3');
  await expect(page).toHaveURL(/workers=3/);
  await page.getByRole('button', { name: 'Automatic' }).click();
  await expect(page).not.toHaveURL(/workers=/);
});

test('a reload while two workers train offers Resume preset, which finishes every arm, each run once per step', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto(`/?backend=wasm&preset=${PRESET.id}&size=quick&workers=2`);
  await waitForLab(page);
  await page.getByRole('button', { name: PRESET.runButton }).click();
  // Both workers have an arm: the page's own and the job's second one.
  await expect(page.locator('[data-testid="preset-unit"][data-state="running"]')).toHaveCount(2, { timeout: 120_000 });
  const [job] = await presetJobs(page);
  await page.reload();
  await waitForLab(page);

  const offer = page.getByTestId('preset-resumable');
  await expect(offer).toHaveCount(1);
  await offer.getByTestId('resume-preset').click();
  await expect(page.getByTestId('preset-units')).toHaveAttribute('data-status', 'done', { timeout: 480_000 });
  const done = (await presetJobs(page)).find((j) => j.jobId === job.jobId)!;
  expect(done.status).toBe('done');
  expect(armsLeft(done)).toEqual([]);
  for (const arm of done.arms) if (arm.runId) expectWhole(await record(page, arm.runId));
});

test('a worker refuses a preset job\'s run unless a page drives that job, and stores nothing of it', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await waitForLab(page);
  const error = await page.evaluate(async (config) => {
    const lab = (window as unknown as LabWindow).__grpoLab.client;
    try {
      await lab.startRun({ runId: 'orphan-arm', config, job: 'preset-nobody' });
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }, tinyConfig());
  expect(error).toContain('startRun: run orphan-arm belongs to preset job preset-nobody, which no tab is driving now');
  expect(await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.getRun('orphan-arm'))).toBeNull();
});

test('a lab worker lost for good fails only its arm, with the reason; the others finish elsewhere, and Resume preset finishes it', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto(`/?backend=wasm&preset=${PRESET.id}&size=quick&workers=2`);
  await waitForLab(page);
  await page.getByRole('button', { name: PRESET.runButton }).click();
  const second = page.locator('[data-testid="preset-unit"][data-slot="1"][data-state="running"]');
  await expect(second).toHaveCount(1, { timeout: 120_000 });
  const lostArm = await second.getAttribute('data-arm');
  await page.evaluate(() => (window as unknown as LabWindow).__grpoLab.closePresetWorker(1));

  await expect(page.getByTestId('preset-units')).toHaveAttribute('data-status', 'stopped', { timeout: 480_000 });
  const units = await unitsShown(page);
  const lost = units.find((u) => u.arm === lostArm)!;
  expect(lost.state).toBe('failed');
  await expect(page.locator(`[data-testid="preset-unit"][data-arm="${lostArm}"]`)).toContainText('failed in worker 2: the lab worker stopped for good');
  // The other arms ran to their end, in the worker that was left.
  for (const u of units.filter((u) => u.arm !== lostArm)) expect(u).toMatchObject({ state: 'done', slot: 0 });
  const [job] = await presetJobs(page);
  expect(job.status).toBe('stopped');
  expect(armsLeft(job)).toEqual([lostArm]);

  await page.getByTestId('resume-preset').click();
  await expect(page.getByTestId('preset-units')).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  const done = (await presetJobs(page))[0];
  expect(done.status).toBe('done');
  expect(armsLeft(done)).toEqual([]);
  for (const arm of done.arms) if (arm.runId) expectWhole(await record(page, arm.runId));
});
