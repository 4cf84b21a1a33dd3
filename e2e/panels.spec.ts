import { readFileSync } from 'node:fs';
import { test, expect, type Page, type Locator } from '@playwright/test';
import { recordCspViolations, screenshot, screenshotOf } from './lab';
import { waitForLab } from './lab-runs';

/**
 * The playground's panels against the built app: every view renders, a quick run from the
 * Experiment panel fills the training charts and the samples inspector, the URL round-trips config
 * and view, the classroom's wasted share follows its sliders, and studies fill the evaluation
 * charts and the compare table. Tiny configs (WASM, a few prompts, short completions) keep it fast.
 * With UPDATE_SCREENSHOTS=1 the README's screenshots are written to e2e/screenshots/.
 */

const TINY = 'data.trainSize=64&data.maxOps=4&microBatchSize=8&checkpointEvery=1';
/** E2E_CHECKPOINT=/checkpoints/other/ runs these specs against another checkpoint folder of the site. */
const CK = process.env.E2E_CHECKPOINT ? `&checkpoint=${process.env.E2E_CHECKPOINT}` : '';

/** The text of a file the page saves. */
async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), body: readFileSync((await d.path())!) };
}

function field(page: Page, path: string): Locator {
  return page.locator(`[data-knob="${path}"]`).first();
}

async function setStage(page: Page, i: number, maxLen: string, steps: string): Promise<void> {
  const stage = page.getByTestId('stage').nth(i);
  await stage.getByLabel('max length').fill(maxLen);
  await stage.getByLabel('steps').fill(steps);
}

/** Waits until the run started from the page has finished (Run control back to idle). */
async function waitForRunDone(page: Page, timeout = 120_000): Promise<void> {
  await expect(page.getByTestId('run-control')).toHaveAttribute('data-status', 'idle', { timeout });
}

test.use({ viewport: { width: 1280, height: 720 } });

test('every panel renders with labelled charts, and the views are reachable by keyboard', async ({ page }) => {
  const csp = recordCspViolations(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/?backend=wasm${CK}`);
  await waitForLab(page);

  await expect(page.getByTestId('experiment-panel')).toBeVisible();
  await expect(page.getByTestId('stage-editor')).toBeVisible();
  await expect(page.getByTestId('run-button')).toBeEnabled();
  await expect(page.getByTestId('run-control')).toBeVisible();
  await expect(page.getByTestId('run-backend')).toContainText('wasm');
  await expect(page.getByTestId('runs-list')).toBeVisible();
  const training = page.getByTestId('training-charts').locator('figure');
  // Reward, accuracy, length, zero-advantage, samples used, truncated, KL, clip, loss, gradient norm, entropy, step times.
  await expect(training).toHaveCount(12);
  for (const fig of await training.all()) {
    // Each chart is a figure named by its title and described by its explanation.
    await expect(fig).toHaveAccessibleName(/\w/);
    await expect(fig).toHaveAccessibleDescription(/\w{3}/);
  }

  // Arrow keys move between the view tabs, as in any tab list.
  await page.getByTestId('tab-train').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-eval')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('tab-eval')).toBeFocused();
  await expect(page.getByTestId('evaluation-panel')).toBeVisible();
  await expect(page.getByTestId('eval-charts').locator('figure')).toHaveCount(9); // census and census-groups: the census at both decodings and every G
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('compare-panel')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('classroom')).toBeVisible();
  await expect(page.getByTestId('wasted-share')).toHaveText(/^\d+%$/, { timeout: 60_000 });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('samples-inspector')).toBeVisible();
  await expect(page).toHaveURL(/view=samples/);

  expect(errors).toEqual([]);
  expect(csp).toEqual([]);
  // The main thread never loaded TF.js.
  expect(await page.evaluate(() => typeof (globalThis as { _tfengine?: unknown })._tfengine)).toBe('undefined');
});

test('a quick run from the Experiment panel fills the training charts, exports them, and the inspector shows its tokens', async ({ page }) => {
  await page.goto(`/?backend=wasm${CK}&${TINY}`);
  await waitForLab(page);

  // An invalid value shows the schema's message next to its field and keeps Run disabled.
  await field(page, 'numGenerations').fill('0');
  await expect(page.getByTestId('field-numGenerations').getByTestId('field-error')).toHaveText('numGenerations must be an integer in [1, 64]');
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await expect(page.getByTestId('run-why')).toContainText('1 invalid setting');
  await field(page, 'numGenerations').fill('4');
  await field(page, 'promptsPerStep').fill('2');
  // μ = 2 updates per batch, so the second update has ratios that clipping can act on.
  await field(page, 'numIterations').fill('2');

  // The stage editor: add a stage, reorder, remove; the notation follows.
  await setStage(page, 0, '48', '6');
  await page.getByRole('button', { name: '+ Add stage' }).click();
  await setStage(page, 1, '32', '5');
  await page.getByTestId('stage').nth(1).getByLabel('filter').selectOption('negative');
  await expect(page.getByTestId('stage-notation')).toHaveText('48(NP)x6-32(N)x5');
  await page.getByRole('button', { name: 'Move stage 2 up' }).click();
  await expect(page.getByTestId('stage-notation')).toHaveText('32(N)x5-48(NP)x6');
  await page.getByRole('button', { name: 'Remove stage 1' }).click();
  await expect(page.getByTestId('stage-notation')).toHaveText('48(NP)x6');
  await expect(page).toHaveURL(/stages=48\(NP\)x6/);
  await expect(page.getByTestId('run-button')).toBeEnabled();

  await page.getByTestId('run-button').click();
  // Pause (sent at once: tiny steps are quick) holds the run between steps; Resume goes on.
  const control = page.getByTestId('run-control');
  await control.getByRole('button', { name: 'Pause' }).click();
  await expect(control).toHaveAttribute('data-status', 'paused', { timeout: 60_000 });
  const pausedAt = await page.getByTestId('run-step').textContent();
  await page.waitForTimeout(1_000);
  await expect(page.getByTestId('run-step')).toHaveText(pausedAt!);
  await control.getByRole('button', { name: 'Resume' }).click();
  await expect(control).toHaveAttribute('data-status', /running|idle/);
  await waitForRunDone(page);
  const row = page.getByTestId('run-row').first();
  await expect(row).toContainText('6 / 6');
  await expect(row).toContainText('done');

  // Every training chart drew its line(s) from the run's metrics.
  for (const id of ['reward', 'accuracy', 'length', 'samples-used', 'kl', 'clip']) {
    // (A flat line, like KL at β = 0, has an empty box: check the path, not its visibility.)
    await expect(page.getByTestId(`chart-${id}`).locator('path.recharts-line-curve').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+.*[\d.]+,[\d.]+$/);
  }
  await expect(page.getByTestId('chart-zero-advantage').locator('.recharts-area-area').first()).toBeVisible();

  // CSV holds the numbers behind a chart; PNG is an image of it, made in the page. The chart
  // redraws at most every 400 ms, so wait until it draws the last step.
  await expect(page.getByTestId('chart-reward')).toHaveAttribute('data-rows', '6');
  const csv = await download(page, () => page.getByTestId('chart-reward').getByRole('button', { name: /as CSV/ }).click());
  expect(csv.name).toBe('reward.csv');
  const lines = csv.body.toString('utf8').trim().split('\r\n');
  expect(lines[0]).toMatch(/^step,/);
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '2', '3', '4', '5', '6']);
  const png = await download(page, () => page.getByTestId('chart-accuracy').getByRole('button', { name: /as PNG/ }).click());
  expect(png.name).toBe('accuracy-on-training-prompts.png');
  expect(png.body.subarray(1, 4).toString('latin1')).toBe('PNG');

  // Smoothing is a URL setting too.
  await page.getByLabel('Smoothing of the training curves').fill('0.5');
  await expect(page).toHaveURL(/smooth=0.5/);
  await screenshot(page, 'experiment-training');

  // The inspector: the last step's samples with verdict, length and advantage; a token's loss terms.
  await row.getByRole('button', { name: 'Inspect' }).click();
  await expect(page.getByTestId('samples-inspector')).toBeVisible();
  await expect(page.getByTestId('inspector-sample')).toHaveCount(8);
  // Look for a step the update learned from (a sample with a non-zero advantage), newest first.
  const learned = page.locator('[data-testid=inspector-sample]:not([data-advantage="0"])');
  for (let step = 6; step >= 1 && (await learned.count()) === 0; step--) {
    await page.getByTestId('inspect-step').fill(String(step));
    await expect(page.getByTestId('inspect-facts')).toContainText('accuracy');
  }
  await (await learned.count() ? learned.first() : page.getByTestId('inspector-sample').first()).getByRole('button').click();
  const tokens = page.getByTestId('token');
  await expect(tokens.first()).toBeVisible();
  await tokens.nth(2).click();
  const breakdown = page.getByTestId('loss-breakdown');
  await expect(breakdown).toContainText('ratio r');
  await expect(breakdown.locator('tbody tr')).toHaveCount(3);
  await expect(breakdown.locator('tbody th')).toHaveText(['grpo', 'dapo', 'dr_grpo']);
  await expect(page).toHaveURL(/itoken=2/);
  // Completions are text: nothing inside a token or a completion cell is markup.
  expect(await page.locator('.completion-cell *:not(span.mono), [data-testid=token] *').count()).toBe(0);
  await screenshot(page, 'samples-inspector');
});

test('a link reproduces the config and the view; bad values in a link are named, not fatal', async ({ page, context }) => {
  await page.goto(`/?backend=wasm${CK}&view=samples&numGenerations=4&lossType=dr_grpo&rlr.enabled=true&stages=64(N)x8-160(NP)x24&smooth=0.5&G=4&G_hide=true&difficulty=9&cseed=5&cseed_hide=true`);
  await expect(page.getByTestId('samples-inspector')).toBeVisible();
  await page.getByTestId('tab-train').click();
  await expect(field(page, 'numGenerations')).toHaveValue('4');
  await expect(field(page, 'lossType')).toHaveValue('dr_grpo');
  await expect(field(page, 'rlr.enabled')).toBeChecked();
  await expect(page.getByTestId('stage-notation')).toHaveText('64(N)x8-160(NP)x24');
  await expect(page.getByLabel('Smoothing of the training curves')).toHaveValue('0.5');
  await field(page, 'temperature').fill('0.7');
  await expect(page).toHaveURL(/temperature=0.7/);
  // The default view leaves the link.
  await expect(page).not.toHaveURL(/view=/);
  const link = page.url();

  const again = await context.newPage();
  await again.goto(link);
  await expect(field(again, 'temperature')).toHaveValue('0.7');
  await expect(field(again, 'lossType')).toHaveValue('dr_grpo');
  await expect(again.getByTestId('stage-notation')).toHaveText('64(N)x8-160(NP)x24');
  await again.getByTestId('tab-classroom').click();
  // G is hidden by the link; difficulty kept its value.
  await expect(again.getByTestId('slider-G')).toHaveCount(0);
  await expect(again.getByTestId('slider-difficulty')).toContainText('9');
  // The problems' seed is fixed by the link: no button to draw new ones.
  await expect(again.getByTestId('classroom-groups')).toBeVisible({ timeout: 60_000 });
  await expect(again.getByTestId('classroom-new-problems')).toHaveCount(0);
  await again.close();

  await page.goto(`/?backend=wasm${CK}&numGenerations=0&view=nowhere&smooth=abc&stages=1(X)x2`);
  const problems = page.getByTestId('url-problems');
  await expect(problems).toContainText('view must be one of train, eval, compare, classroom, samples');
  await expect(problems).toContainText('smooth must be a number in [0, 0.99]');
  await expect(problems).toContainText('"1(X)x2" is not a stage');
  await expect(page.getByTestId('field-numGenerations').getByTestId('field-error')).toHaveText('numGenerations must be an integer in [1, 64]');
  await expect(page.getByTestId('run-button')).toBeDisabled();
  // The page still works: the lab starts and samples.
  await expect(page.getByTestId('sample')).toHaveCount(6, { timeout: 60_000 });
});

test('the classroom shows no-gradient groups, its wasted share follows the sliders, RLR and projector mode', async ({ page }) => {
  await page.goto(`/?backend=wasm${CK}&view=classroom&G=1&problems=6&difficulty=3`);
  await waitForLab(page);
  const share = page.getByTestId('wasted-share');
  const classroom = page.getByTestId('classroom');
  // G = 1: every group is a single answer, so every group has all-equal rewards.
  await expect(share).toHaveAttribute('data-value', '1', { timeout: 60_000 });
  await expect(share).toHaveText('100%');
  await expect(page.getByTestId('classroom-group')).toHaveCount(6);
  await expect(page.getByTestId('no-gradient')).toHaveCount(6);
  await expect(page.getByTestId('classroom-new-problems')).toBeEnabled();

  // More samples per group: some groups now disagree and give a gradient.
  await page.getByLabel(/G \(samples per problem\)/).fill('16');
  await expect(page).toHaveURL(/G=16/);
  await expect(classroom).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  await expect(share).not.toHaveAttribute('data-value', '1', { timeout: 60_000 });
  const at16 = Number(await share.getAttribute('data-value'));
  expect(at16).toBeLessThan(1);
  await expect(page.locator('[data-testid=classroom-group][data-no-gradient=false]').first()).toBeVisible();
  const dimmed = await page.getByTestId('no-gradient').count();
  expect(dimmed).toBe(Math.round(at16 * 6));

  // Temperature and difficulty re-sample too.
  await page.getByLabel(/Difficulty \(operations\)/).fill('12');
  await expect(page).toHaveURL(/difficulty=12/);
  await expect(classroom).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  await page.getByLabel(/Difficulty \(operations\)/).fill('3');
  await expect(classroom).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });

  await page.getByTestId('classroom-rlr').check();
  await expect(page.getByTestId('wasted-compare')).toContainText('with RLR');
  await expect(page.getByTestId('lesson-link')).toBeVisible();
  await page.getByTestId('classroom-projector').check();
  await expect(page.locator('.app')).toHaveClass(/projector-mode/);
  await expect(page).toHaveURL(/projector=true/);
  // Projector mode hides the lesson-link builder: it is for the teacher, before the class.
  await expect(page.getByTestId('lesson-link')).toHaveCount(0);
  // The projector's own sizing, the builder and sampling feedback: e2e/classroom.spec.ts (which takes the README's screenshot).
});

test('studies fill the evaluation charts and scorecards fill the compare table', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(`/?backend=wasm${CK}&${TINY}&numGenerations=4&promptsPerStep=2&stages=48(NP)x2&name=tiny-run`);
  await waitForLab(page);
  await page.getByTestId('run-button').click();
  await waitForRunDone(page);

  await page.getByTestId('tab-eval').click();
  const reports = page.getByTestId('report-count');
  const runStudy = async (kind: string, runs: string, suite = 'in-30') => {
    const before = Number(await reports.getAttribute('data-count'));
    await page.getByTestId('study-kind').selectOption(kind);
    if (kind !== 'census') await page.getByTestId('study-suite').selectOption(suite);
    await page.getByTestId('study-runs').fill(runs);
    await page.getByTestId('run-study').click();
    await expect(reports).toHaveAttribute('data-count', String(before + 1), { timeout: 120_000 });
  };
  await runStudy('pass1', '4');
  await runStudy('pass1', '2', 'in-83');
  await runStudy('maxGap', '2');
  // One run per temperature and per sampled score: the charts need a point, not a spread.
  await runStudy('temperatureSweep', '1');
  await runStudy('greedy', '1');
  await runStudy('census', '2');
  await expect(page.getByTestId('runs-error')).toHaveCount(0);
  for (const id of ['variance', 'histogram', 'uncertain', 'max-gap', 'greedy', 'temperature', 'census', 'census-groups']) {
    await expect(page.getByTestId(`chart-${id}`)).toHaveAttribute('data-empty', 'false');
  }
  // The census: both decodings at every G against the pᴳ + (1 − p)ᴳ curve.
  const legend = page.getByTestId('chart-census-groups').getByRole('list', { name: 'Legend' });
  for (const name of ['T = 1, top-p 1: measured', 'T = 1, top-p 1: predicted', 'T = 0.6, top-p 0.95: measured', 'T = 0.6, top-p 0.95: predicted']) await expect(legend).toContainText(name);
  const census = await download(page, () => page.getByTestId('chart-census-groups').getByRole('button', { name: /as CSV/ }).click());
  const censusRows = census.body.toString('utf8').trim().split('\r\n');
  expect(censusRows[0]).toBe('decoding,G,groups,all correct %,all wrong %,zero advantage %,predicted pᴳ + (1 − p)ᴳ %,effective %');
  // 8 problems × 16 rollouts per decoding: 4, 2 and 1 disjoint groups per problem at G = 4, 8, 16.
  expect(censusRows.slice(1).map((r) => /^"[^"]*",\d+,\d+/.exec(r)?.[0])).toEqual(['"T = 1, top-p 1",4,32', '"T = 1, top-p 1",8,16', '"T = 1, top-p 1",16,8', '"T = 0.6, top-p 0.95",4,32', '"T = 0.6, top-p 0.95",8,16', '"T = 0.6, top-p 0.95",16,8']);
  await page.mouse.move(0, 0); // no tooltip over the charts
  await screenshotOf(page.getByTestId('chart-census'), 'census');
  await screenshotOf(page.getByTestId('chart-census-groups'), 'census-groups');
  const csv = await download(page, () => page.getByTestId('chart-max-gap').getByRole('button', { name: /as CSV/ }).click());
  expect(csv.body.toString('utf8')).toMatch(/^policy · suite,runs per trial,avg pass@1 %,max gap %,trial scores %\r\nOrig · in-30,1,/);
  await screenshot(page, 'evaluation');

  // Table 1 for the base checkpoint and the run, reasoning columns only (seconds, not minutes).
  await page.getByTestId('tab-compare').click();
  for (const g of ['fitness', 'generalisation', 'robustness']) await page.getByTestId(`score-group-${g}`).uncheck();
  await page.getByTestId('score-runs').fill('1');
  await page.getByRole('button', { name: 'Score Orig (base checkpoint)' }).click();
  await expect(page.getByTestId('scorecard-row')).toHaveCount(1, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Score tiny-run' }).click();
  await expect(page.getByTestId('scorecard-row')).toHaveCount(2, { timeout: 120_000 });
  const table = page.getByTestId('scorecard-table');
  await expect(table).toContainText('AIME24');
  await expect(table).toContainText('Δ');
  const md = await download(page, () => page.getByTestId('compare-md').click());
  expect(md.name).toBe('scorecard.md');
  expect(md.body.toString('utf8')).toMatch(/^\| Model \| AIME24 \| AMC23 \| reasoning avg \|\n\| --- \| ---: \| ---: \| ---: \|\n\| Orig \|/);
  const compareCsv = await download(page, () => page.getByTestId('compare-csv').click());
  expect(compareCsv.body.toString('utf8').split('\r\n')).toHaveLength(1 + 2 * 2 + 1);
  await screenshot(page, 'compare');
});
