import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../chromium';
import type { StudyReport } from '../../src/core/studies/run-study';
import type { GrpoLabWindow } from '../../src/ui/debug-hooks';
import { BASE_STUDIES_KEY } from '../../src/ui/run/storage-keys';
import { MAX_RUNS_SHOWN } from '../../src/ui/url-state';
import { notDrawnYet, type ViewSnapshot } from './chart-readiness';
import { openLab } from './open-lab';
import type { Plan } from './plan';
import { UNIT_FILES } from './protocol';
import type { UnitResult } from './summary';


export interface ChartCapture {
  appUrl: string;
  out: string;
  plan: Plan;
  results: Map<string, UnitResult>;
  browserWs?: string;
}

/**
 * PNGs of the experiment's charts, taken from the page itself: a fresh browser profile imports
 * every finished unit's run (run.json, the same file the page's Export writes), the studies of
 * the base checkpoint go where the page keeps them, and each non-empty chart of the Training and
 * Evaluation views is photographed into `charts/<view>-<chart>.png`. Returns the files written.
 */
export async function captureCharts({ appUrl, out, plan, results, browserWs }: ChartCapture): Promise<string[]> {
  const finished = plan.units.filter((u) => results.has(u.id));
  const runFiles = finished.map((u) => join(out, 'units', u.id, UNIT_FILES.run)).filter(existsSync);
  const baseStudies: StudyReport[] = finished.filter((u) => !u.config).flatMap((u) => results.get(u.id)!.studies);
  if (runFiles.length === 0 && baseStudies.length === 0) return [];

  const browser: Browser = browserWs ? await chromium.connect(browserWs) : await chromium.launch(chromiumLaunchOptions());
  const written: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
    await context.addInitScript(
      ([key, value]) => {
        if (!localStorage.getItem(key)) localStorage.setItem(key, value);
      },
      [BASE_STUDIES_KEY, JSON.stringify(baseStudies)] as const,
    );
    const page = await context.newPage();
    // WASM: the charts need no training, and it is the backend every machine has.
    await openLab(page, `${appUrl}?backend=wasm`);
    const runIds: string[] = [];
    for (const file of runFiles) {
      const imported = await page.evaluate((text) => (window as unknown as GrpoLabWindow).__grpoLab!.client.importRun(text), readFileSync(file, 'utf8'));
      runIds.push(imported.runId);
    }
    const shownIds = runIds.slice(0, MAX_RUNS_SHOWN);
    const shown = shownIds.join(',');
    const dir = join(out, 'charts');
    mkdirSync(dir, { recursive: true });
    for (const view of ['train', 'eval'] as const) {
      if (view === 'train' && runIds.length === 0) continue;
      await openLab(page, `${appUrl}?backend=wasm&view=${view}${shown ? `&runs=${shown}` : ''}`);
      await waitForChartsDrawn(page, view, shownIds.length);
      for (const chart of await page.locator('figure[data-empty="false"]').all()) {
        const id = (await chart.getAttribute('data-testid'))!.replace(/^chart-/, '');
        // The PNG / CSV buttons are for people, not for the picture (a style tag would break the CSP).
        await chart.evaluate((f) => f.querySelectorAll<HTMLElement>('.chart-actions').forEach((e) => (e.style.display = 'none')));
        const file = join(dir, `${view}-${id}.png`);
        writeFileSync(`${file}.tmp`, await chart.screenshot());
        renameSync(`${file}.tmp`, file);
        written.push(file);
      }
    }
    await context.close();
  } finally {
    await browser.close();
  }
  return written;
}

const PANEL = { train: 'training-charts', eval: 'evaluation-panel' } as const;
const DRAW_TIMEOUT_MS = 120_000;

/**
 * Waits until the view's panel has every run on show loaded and each chart has drawn all the rows
 * its data holds (see notDrawnYet), so the charts photographed depend on the data, not on how far
 * the throttled redraws got. Throws with what it was still waiting for.
 */
export async function waitForChartsDrawn(page: Page, view: keyof typeof PANEL, runsShown: number): Promise<void> {
  const deadline = Date.now() + DRAW_TIMEOUT_MS;
  for (;;) {
    const snapshot: ViewSnapshot = await page.evaluate((panelId) => {
      const panel = document.querySelector(`[data-testid="${panelId}"]`);
      return {
        runsLoaded: panel ? Number(panel.getAttribute('data-runs-loaded')) : null,
        charts: [...(panel?.querySelectorAll('figure[data-rows]') ?? [])].map((f) => ({
          id: f.getAttribute('data-testid') ?? '?',
          empty: f.getAttribute('data-empty') === 'true',
          rows: Number(f.getAttribute('data-rows')),
          totalRows: Number(f.getAttribute('data-rows-total')),
          drawn: f.querySelector('.chart-body svg, .chart-body canvas') !== null,
        })),
      };
    }, PANEL[view]);
    const waiting = notDrawnYet(snapshot, runsShown);
    if (waiting === null) return;
    if (Date.now() > deadline) throw new Error(`The ${view} charts did not finish drawing in ${DRAW_TIMEOUT_MS / 1000} s: ${waiting}.`);
    await page.waitForTimeout(100);
  }
}
