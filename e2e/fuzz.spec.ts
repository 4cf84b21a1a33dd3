import { test, expect, type Page } from '@playwright/test';
import { FUZZ_SEED, fuzzSample, hostileCheckpointQuery, hostileImportText, hostileQuery, validRunExport } from '../src/testing/fuzz';
import { ImportError, parseRunExport } from '../workers/run-export';
import { openLab, storedRows, type LabWindow } from './lab-runs';

/**
 * Fuzz against the built page, with the unit suite's generators and seed (FUZZ_SEED; FUZZ_RUNS
 * for more inputs): hostile links end in the running lab or the error panel, never a stuck start
 * or an uncaught error; a refused import file leaves every IndexedDB store as it was.
 */

/** Collects the page's uncaught errors from now on. */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** How a load ended: the lab started, the error panel shows, or neither within `limit` ms (a hang). */
async function outcome(page: Page, limit: number): Promise<'lab' | 'error' | 'stuck'> {
  return page.evaluate(async (limit) => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const until = Date.now() + limit;
    while (Date.now() < until) {
      if (document.querySelector('[data-testid="error"]')) return 'error';
      const lab = (window as unknown as Partial<LabWindow>).__grpoLab;
      if (lab) {
        // A start that fails shows the error panel next; one that works is the lab.
        const started = await lab.ready.then(() => true, () => false);
        if (started) return 'lab';
      }
      await sleep(50);
    }
    return 'stuck';
  }, limit);
}

test(`hostile links (seed ${FUZZ_SEED}) end in the running lab or a clear error panel, with no uncaught error`, async ({ page }) => {
  // Longer links never reach the page: the server answers 431 (Node takes 16 KB of request headers).
  const servable = (q: string) => q.length <= 4_000;
  const links = [...fuzzSample(hostileQuery.filter(servable), 20), ...fuzzSample(hostileCheckpointQuery.filter(servable), 5)];
  test.setTimeout(60_000 + links.length * 30_000);
  const errors = pageErrors(page);
  const seen = { lab: 0, error: 0 };
  for (const query of links) {
    // WASM first: a link's own backend= comes second and is reported as given twice.
    const url = `/?backend=wasm&${query.slice(1)}`;
    const link = url.length > 300 ? `${url.slice(0, 300)}… (${url.length} characters)` : url;
    await page.goto(url);
    const end = await outcome(page, 30_000);
    expect(end, link).not.toBe('stuck');
    seen[end as 'lab' | 'error']++;
    if (end === 'lab') {
      await expect(page.getByRole('heading', { name: 'GRPO Lab' }), link).toBeVisible();
      // A link's values only ever set the state; no view fails to draw because of one.
      await expect(page.getByTestId('view-error'), link).toHaveCount(0);
    } else {
      await expect(page.getByTestId('error'), link).toContainText(/\S/);
    }
    expect(errors, link).toEqual([]);
  }
  console.log(`fuzz links → built page (seed ${FUZZ_SEED}): ${links.length} links, ${seen.error} refused with the error panel, ${seen.lab} opened the lab, 0 stuck, 0 uncaught errors`);
});

test(`hostile import files (seed ${FUZZ_SEED}) are stored whole or refused with a message, and a refused one changes no row`, async ({ page }) => {
  test.setTimeout(120_000);
  const errors = pageErrors(page);
  await openLab(page);
  const importText = (text: string) =>
    page.evaluate(async (text) => {
      try {
        return { ok: true as const, runId: (await (window as unknown as LabWindow).__grpoLab.client.importRun(text)).runId };
      } catch (e) {
        return { ok: false as const, message: e instanceof Error ? e.message : String(e) };
      }
    }, text);
  // One good file first, so every store has rows a half-stored refusal would add to.
  expect(await importText(JSON.stringify(validRunExport('fuzz-base')))).toEqual({ ok: true, runId: 'fuzz-base' });
  const files = fuzzSample(hostileImportText, 20);
  const seen = { refused: 0, accepted: 0, changedByRefused: 0 };
  for (const [i, text] of files.entries()) {
    const what = `file ${i}: ${text.slice(0, 120)}`;
    const before = await storedRows(page);
    const r = await importText(text);
    const after = await storedRows(page);
    if (!r.ok) {
      seen.refused++;
      expect(r.message, what).toMatch(/^importRun: the (file|run export) /);
      if (JSON.stringify(after) !== JSON.stringify(before)) seen.changedByRefused++;
      expect(after, what).toEqual(before);
      // The page's verdict is the unit suite's: the same parser refuses the same file.
      expect(() => parseRunExport(text), what).toThrow(ImportError);
      continue;
    }
    seen.accepted++;
    expect(after.runs, what).toBe(before.runs + 1);
    // What was stored exports again as a file the importer reads.
    const exported = await page.evaluate((id) => (window as unknown as LabWindow).__grpoLab.client.exportRun(id), r.runId);
    expect(parseRunExport(JSON.stringify(exported)).run.runId, what).toBe(r.runId);
  }
  expect(errors).toEqual([]);
  console.log(`fuzz import files → built page (seed ${FUZZ_SEED}): ${files.length} files, ${seen.refused} refused with a message, ${seen.accepted} stored, ${seen.changedByRefused} data changed by a refused file, 0 uncaught errors`);
});
