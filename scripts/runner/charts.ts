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
import type { Plan, Unit } from './plan';
import { UNIT_FILES } from './protocol';
import type { UnitResult } from './summary';


/**
 * The seeds whose runs the charts show: the page draws at most MAX_RUNS_SHOWN runs, so with more
 * trained units than that the charts show the first seeds at which every arm has a usable unit,
 * as many as fit with all arms, and every arm the same seeds (a seed group's band then spans the
 * same seeds in each arm). An experiment without trained arms has no such limit.
 */
export function chartSeeds(plan: Plan, usable: (u: Unit) => boolean): ChartSeeds {
  const trainedArms = new Set(plan.units.filter((u) => u.config).map((u) => u.arm)).size;
  const fit = trainedArms === 0 ? Infinity : Math.floor(MAX_RUNS_SHOWN / trainedArms);
  const complete = plan.seeds.filter((seed) => plan.units.filter((u) => u.seed === seed).every(usable));
  return { shown: complete.slice(0, fit), of: plan.seeds, capped: complete.length > fit };
}

export interface ChartSeeds {
  shown: number[];
  /** The plan's seeds. */
  of: number[];
  /** Complete seeds were left out because the page would show too many runs. */
  capped: boolean;
}

/** "seeds 1–5" when all are shown, else which of how many and why: "seeds 1–4 of 5 (the page draws at most 12 runs at once)". */
export function describeChartSeeds({ shown, of, capped }: ChartSeeds): string {
  const contiguous = shown.every((s, i) => i === 0 || s === shown[i - 1] + 1);
  const list = shown.length > 2 && contiguous ? `${shown[0]}–${shown.at(-1)}` : shown.join(', ');
  const seeds = `seed${shown.length === 1 ? '' : 's'} ${list}`;
  if (shown.length === of.length) return seeds;
  return `${seeds} of ${of.length} (${capped ? `the page draws at most ${MAX_RUNS_SHOWN} runs at once` : 'the others are not complete'})`;
}

export interface ChartCapture {
  appUrl: string;
  /** The folder the PNGs go to. */
  dir: string;
  /** Run files (the JSON the page's Export writes) to import and show, at most MAX_RUNS_SHOWN. */
  runs: string[];
  /** The base checkpoint's study reports, which the Evaluation view draws. */
  baseStudies: StudyReport[];
  browserWs?: string;
}

/** The plan's units of the seeds shown, every arm. */
export function shownUnits(plan: Plan, seeds: ChartSeeds): Unit[] {
  return plan.units.filter((u) => seeds.shown.includes(u.seed));
}

/**
 * What the charts import for the units shown: each trained unit's run file, and the study reports
 * of the units without training (the base checkpoint's, which the Evaluation view draws).
 */
export function chartInputs(shown: readonly Unit[], runOf: (u: Unit) => string, studiesOf: (u: Unit) => StudyReport[]): { runs: string[]; baseStudies: StudyReport[] } {
  return { runs: shown.filter((u) => u.config).map(runOf), baseStudies: shown.filter((u) => !u.config).flatMap(studiesOf) };
}

/** A runner folder's charts: the finished units of the seeds chartSeeds picks, and those seeds. */
export function runnerCharts(out: string, plan: Plan, results: Map<string, UnitResult>): { runs: string[]; baseStudies: StudyReport[]; seeds: ChartSeeds } {
  const runFile = (u: Unit) => join(out, 'units', u.id, UNIT_FILES.run);
  const seeds = chartSeeds(plan, (u) => results.has(u.id) && (!u.config || existsSync(runFile(u))));
  return { ...chartInputs(shownUnits(plan, seeds), (u) => readFileSync(runFile(u), 'utf8'), (u) => results.get(u.id)!.studies), seeds };
}

/**
 * PNGs of the experiment's charts, taken from the page itself: a fresh browser profile imports
 * every run given, the studies of the base checkpoint go where the page keeps them, and each
 * non-empty chart of the Training and Evaluation views is photographed into
 * `<dir>/<view>-<chart>.png`. Returns the files written.
 */
export async function captureCharts({ appUrl, dir, runs, baseStudies, browserWs }: ChartCapture): Promise<string[]> {
  if (runs.length === 0 && baseStudies.length === 0) return [];
  if (runs.length > MAX_RUNS_SHOWN) throw new Error(`the page shows at most ${MAX_RUNS_SHOWN} runs at once; ${runs.length} were given`);

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
    for (const text of runs) {
      const imported = await page.evaluate((t) => (window as unknown as GrpoLabWindow).__grpoLab!.client.importRun(t), text);
      runIds.push(imported.runId);
    }
    const shown = runIds.join(',');
    mkdirSync(dir, { recursive: true });
    for (const view of ['train', 'eval'] as const) {
      if (view === 'train' && runIds.length === 0) continue;
      await openLab(page, `${appUrl}?backend=wasm&view=${view}${shown ? `&runs=${shown}` : ''}`);
      await waitForChartsDrawn(page, view, runIds.length);
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
          current: f.getAttribute('data-current') !== 'false',
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
