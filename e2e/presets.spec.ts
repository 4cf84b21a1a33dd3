import { test, expect } from '@playwright/test';
import type { PresetJob } from '../workers/api';
import { listRuns, openLab, reloadLab, type LabWindow } from './lab-runs';

/** "Run all N arms" of a preset survives a reload: its progress is stored with its runs, and Resume preset finishes it. */

async function presetJobs(page: import('@playwright/test').Page): Promise<PresetJob[]> {
  return page.evaluate(() => (window as unknown as LabWindow).__grpoLab.client.listPresetJobs());
}

test('a reload during a preset’s first arm offers Resume preset, which finishes that arm and runs the others', async ({ page }) => {
  test.setTimeout(300_000);
  await openLab(page);
  await page.getByTestId('preset-select').selectOption('injection');
  await page.getByTestId('preset-picker').getByRole('combobox', { name: /^Size/ }).selectOption('quick');
  await page.getByRole('button', { name: 'Run all 3 arms and their studies' }).click();

  // The first arm's run has started (it evaluates step 0 before its first step): reload now.
  await page.waitForFunction(() => (window as unknown as LabWindow).__rec.events.some((e) => e.type === 'started'), undefined, { timeout: 60_000 });
  const [job] = await presetJobs(page);
  expect(job).toMatchObject({ presetId: 'injection', size: 'quick', status: 'running' });
  expect(job.arms.map((a) => a.trained)).toEqual([false, false, false]);
  await reloadLab(page);

  const offer = page.getByTestId('preset-resumable');
  await expect(offer).toHaveCount(1);
  await expect(offer).toContainText('Interrupted preset: Offline sample injection (quick), arm 1 of 3 (continued)');
  expect((await listRuns(page)).find((r) => r.runId === job.arms[0].runId)?.status).toBe('interrupted');

  await offer.getByTestId('resume-preset').click();
  await expect(offer).toHaveCount(0);
  await expect.poll(async () => (await presetJobs(page))[0].status, { timeout: 240_000, intervals: [2_000] }).toBe('done');

  const done = (await presetJobs(page))[0];
  expect(done.arms.map((a) => [a.trained, a.studiesDone])).toEqual([
    [true, 1],
    [true, 1],
    [true, 1],
  ]);
  const runs = await listRuns(page);
  for (const arm of done.arms) {
    const run = runs.find((r) => r.runId === arm.runId)!;
    expect(run).toMatchObject({ status: 'done', step: 2, totalSteps: 2 });
    const record = await page.evaluate((id) => (window as unknown as LabWindow).__grpoLab.client.getRun(id), arm.runId!);
    // The interrupted arm ran again from step 0 (it had no checkpoint yet): its steps are there once each.
    expect(record!.metrics.map((m) => m.step)).toEqual([1, 2]);
    expect(record!.studies.map((s) => s.kind)).toEqual(['pass1']);
  }
  await expect(page.getByTestId('preset-resumable')).toHaveCount(0);
});
