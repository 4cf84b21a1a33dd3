import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import type { StudyReport } from '../../src/core/studies/run-study';
import type { RunEvent } from '../../src/core/training/driver';
import { totalSteps } from '../../src/core/config';
import { runArm } from '../../src/core/preset-arm';
import type { RunExport } from '../../workers/api';
import type { LabClient } from '../../src/ui/lab-client-api';
import { openLab } from './open-lab';
import { finishedStudies } from './unit-studies';
import { ENV, UNIT_FILES, progressLine, type ProgressLine } from './protocol';
import type { Plan, Unit } from './plan';
import type { UnitResult } from './summary';

/**
 * One Playwright test per unit of the plan, so Playwright Test does the scheduling: --shard
 * splits the units between machines and blob reports merge them. A unit drives the built app in
 * headless Chromium through the same LabClient the page's panels use.
 */
declare global {
  interface Window {
    __grpoLab?: { client: LabClient; ready: Promise<unknown> };
    __runnerEvent?: (e: unknown) => void;
  }
}

const plan = JSON.parse(readFileSync(process.env[ENV.plan]!, 'utf8')) as Plan;
const out = process.env[ENV.out]!;
const appUrl = process.env[ENV.url]!;
const backend = process.env[ENV.backend] ?? 'auto';
const browserWs = process.env[ENV.browserWs];

test.describe.configure({ mode: 'parallel' });

function report(p: ProgressLine): void {
  process.stdout.write(progressLine(p) + '\n');
}

async function openApp(unit: Unit, dir: string): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  let context: BrowserContext;
  let close: () => Promise<void>;
  if (browserWs) {
    // A remote browser keeps no profile here: an interrupted unit starts over on the next invocation.
    const browser = await chromium.connect(browserWs);
    context = await browser.newContext();
    close = async () => {
      await context.close();
      await browser.close();
    };
  } else {
    // A persistent profile per unit keeps the run's IndexedDB checkpoints, so a second invocation resumes it.
    context = await chromium.launchPersistentContext(join(dir, UNIT_FILES.profile), chromiumLaunchOptions());
    close = () => context.close();
  }
  const page = context.pages()[0] ?? (await context.newPage());
  await page.exposeFunction('__runnerEvent', (e: unknown) => onEvent(unit, e));
  await openLab(page, `${appUrl}?backend=${encodeURIComponent(backend)}`);
  return { context, page, close };
}

function trainSteps(unit: Unit): number {
  return unit.config ? totalSteps(unit.config) : 0;
}

function onEvent(unit: Unit, raw: unknown): void {
  const e = raw as RunEvent | ({ type: 'study'; label: string } & { phase: string; done: number; total: number });
  if (e.type === 'step') {
    const m = e.metrics;
    report({ unit: unit.id, phase: 'train', label: unit.arm, done: m.step, total: e.totalSteps, metric: `reward ${m.reward.toFixed(3)}, length ${m.meanLength.toFixed(0)}` });
  } else if (e.type === 'started') {
    report({ unit: unit.id, phase: 'train', label: unit.arm, done: e.step, total: e.totalSteps, ...(e.resumed ? { note: `resumed from its checkpoint at step ${e.step}` } : {}) });
  } else if (e.type === 'checkpoint') {
    // What Ctrl-C would keep: the same command goes on from here.
    report({ unit: unit.id, phase: 'train', label: unit.arm, done: e.step, total: trainSteps(unit), note: `checkpoint at step ${e.step}` });
  } else if (e.type === 'eval') {
    report({ unit: unit.id, phase: 'train', label: unit.arm, done: e.point.step, total: trainSteps(unit), metric: `Pass@1 ${(e.point.pass1 * 100).toFixed(1)} % on ${e.point.suite}` });
  } else if (e.type === 'study') {
    report({ unit: unit.id, phase: 'study', label: `${e.label}: ${e.phase}`, done: e.done, total: e.total });
  }
}

for (const unit of plan.units) {
  test(unit.id, async () => {
    const dir = join(out, 'units', unit.id);
    test.skip(existsSync(join(dir, UNIT_FILES.result)), 'finished in an earlier invocation');
    mkdirSync(dir, { recursive: true });
    const started = Date.now();
    const app = await openApp(unit, dir);
    try {
      const { page } = app;
      let run: RunExport | null = null;
      // Studies an earlier invocation finished are read back; the arm goes on after them.
      const studies = finishedStudies(dir, unit) as StudyReport[];
      const earlier = studies.reduce((t, s) => t + s.seconds, 0);
      // The arm runs as the page's "Run all arms" runs it. Its run is started every time: the
      // worker resumes it from its checkpoint, or ends it at once when it had finished.
      const arm = { label: unit.arm, studies: unit.studies, ...(unit.config ? { config: unit.config } : {}) };
      const outcome = await runArm(arm, { ...(unit.config ? { runId: unit.id } : {}), trained: false, studiesDone: studies.length }, {
        train: (runId, config) =>
          page.evaluate(
            async ({ runId, config, label }) => {
              const lab = window.__grpoLab!;
              const off = lab.client.onRunEvent((e) => window.__runnerEvent!(e));
              try {
                return (await lab.client.startRun({ runId, config, label })).status === 'done';
              } finally {
                off();
              }
            },
            { runId, config, label: unit.arm },
          ),
        study: (study, _index, policy) => {
          const label = `${study.kind}${'suite' in study ? ` ${study.suite}` : ''}`;
          return page.evaluate(
            async ({ study, runId, label }) =>
              window.__grpoLab!.client.runStudy({ study, policy: runId ? { runId } : 'base', ...(runId ? { attachTo: runId } : {}) }, (p) => window.__runnerEvent!({ type: 'study', label, ...p })),
            { study, runId: policy === 'base' ? null : policy, label },
          );
        },
        studied: async (index, report) => {
          writeFileSync(join(dir, UNIT_FILES.study(index)), JSON.stringify(report));
          studies.push(report);
        },
      });
      if (outcome !== 'done') throw new Error(`unit ${unit.id}: its run ended before its last step`);
      if (unit.config) {
        run = await page.evaluate((id) => window.__grpoLab!.client.exportRun(id), unit.id);
        writeFileSync(join(dir, UNIT_FILES.run), JSON.stringify(run));
      }
      const backendInfo = await page.evaluate(() => {
        const b = window.__grpoLab!.client.backend;
        return b ? { name: b.name, adapter: b.adapter } : { name: 'unknown', adapter: '' };
      });
      const result: UnitResult = {
        unitId: unit.id,
        status: 'done',
        backend: backendInfo,
        // The studies read back ran in an earlier invocation: their time counts too.
        wallSeconds: (Date.now() - started) / 1000 + earlier,
        metrics: run?.run.metrics ?? [],
        evals: run?.run.evals ?? [],
        studies,
        ...(run?.run.outcome ? { outcome: run.run.outcome } : {}),
      };
      // Written last: its presence is what marks the unit finished for a resumed invocation.
      writeFileSync(join(dir, UNIT_FILES.result), JSON.stringify(result));
      report({ unit: unit.id, phase: 'done', label: unit.arm, done: 1, total: 1 });
    } finally {
      await app.close();
    }
    // The profile only matters while a unit can still be resumed.
    rmSync(join(dir, UNIT_FILES.profile), { recursive: true, force: true });
  });
}
