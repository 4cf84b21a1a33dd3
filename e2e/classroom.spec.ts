import { test, expect, type Page } from '@playwright/test';
import { screenshot } from './lab';
import { waitForLab } from './lab-runs';

/**
 * The Classroom as a class sees it on a projector: 8 groups on one 1280×720 screen, every bar
 * under its own answer and labelled, the completions readable without a mouse, text of 16 px or
 * more on a 1080p projector, a lesson link that opens with the chosen controls hidden, and the old
 * groups kept on screen while new ones are sampled.
 */

const CK = process.env.E2E_CHECKPOINT ? `&checkpoint=${process.env.E2E_CHECKPOINT}` : '';

async function sampled(page: Page): Promise<void> {
  await expect(page.getByTestId('classroom-groups')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('classroom')).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
}

type Box = { x: number; y: number; width: number; height: number };
const centreX = (b: Box) => b.x + b.width / 2;

test('projector mode at 1280×720: 8 groups on screen, bars under their own answers and labelled, what the model wrote on show', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/?backend=wasm${CK}&view=classroom&projector=true&difficulty=3`);
  await waitForLab(page);
  await sampled(page);
  const groups = page.getByTestId('classroom-group');
  await expect(groups).toHaveCount(8);
  await page.mouse.move(0, 0);
  await screenshot(page, 'classroom-projector', false);
  for (const g of await groups.all()) {
    const b = (await g.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(1280);
    expect(b.y + b.height).toBeLessThanOrEqual(720);
  }

  // Each sample's reward bar and advantage bar sit in its cell's column, below it; both rows are named with their scale.
  for (const g of await groups.all()) {
    const cells = await g.getByTestId('classroom-cell').all();
    const rewards = await g.getByTestId('reward-bar').all();
    const advantages = await g.getByTestId('advantage-bar').all();
    expect(cells).toHaveLength(8);
    expect(rewards).toHaveLength(8);
    expect(advantages).toHaveLength(8);
    for (let i = 0; i < 8; i++) {
      const [c, r, a] = [(await cells[i].boundingBox())!, (await rewards[i].boundingBox())!, (await advantages[i].boundingBox())!];
      expect(Math.abs(centreX(r) - centreX(c))).toBeLessThanOrEqual(1);
      expect(Math.abs(centreX(a) - centreX(c))).toBeLessThanOrEqual(1);
      expect(r.y).toBeGreaterThanOrEqual(c.y + c.height - 0.5);
      expect(a.y).toBeGreaterThanOrEqual(r.y + r.height - 0.5);
    }
    await expect(g.locator('.axis-reward')).toContainText(/reward\s*0–\d/);
    await expect(g.locator('.axis-advantage')).toContainText('advantage');
    // Value labels: an all-equal group shows its advantages as 0, literally.
    if ((await g.getAttribute('data-no-gradient')) === 'true') {
      await expect(g.getByTestId('advantage-bar')).toHaveText(Array<string>(8).fill('0'));
    } else {
      await expect(g.getByTestId('advantage-bar').first()).toHaveText(/^[+−]?\d(\.\d)?$|^0$/);
    }
  }

  // What the model wrote, without hovering: a line under each group, inside the screen.
  const wrote = page.getByTestId('classroom-wrote');
  await expect(wrote).toHaveCount(8);
  for (const w of await wrote.all()) {
    await expect(w).toBeInViewport({ ratio: 1 });
    await expect(w).toContainText(/answer 1 wrote: \S/);
  }
  // Focusing a cell shows that answer's whole completion in its group's line.
  const first = groups.first();
  const cell = first.getByTestId('classroom-cell').nth(2);
  await cell.focus();
  const title = (await cell.getAttribute('title'))!;
  const full = title.slice(title.indexOf('tokens: ') + 'tokens: '.length);
  await expect(first.getByTestId('classroom-wrote')).toContainText(`answer 3 wrote: ${full.replace(/\s+/g, ' ').trim()}`);
  await cell.blur();

  // The notation line walks row 1 with the task's rule and lands on row 1's answer.
  await expect(page.getByTestId('classroom-notation')).toContainText('left to right');
  await expect(page.getByTestId('classroom-notation')).toContainText('mod 10');
  const walk = (await page.getByTestId('classroom-walk').textContent())!;
  const answer = /= (\d)\s*$/.exec((await first.locator('.group-prompt').textContent())!)![1];
  expect(walk.trim().split(' ').pop()).toBe(answer);
  await expect(page.getByTestId('classroom-plain')).toContainText('its reward minus');
  await expect(page.getByTestId('classroom-plain')).toContainText('learns nothing from that question');

});

test('projector mode at 1920×1080: no text on the classroom is smaller than 16 px, and the 8 groups fill one screen', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`/?backend=wasm${CK}&view=classroom&projector=true&difficulty=3`);
  await waitForLab(page);
  await sampled(page);
  const sizes = await page.getByTestId('classroom').evaluate((root) => {
    const found: { text: string; px: number }[] = [];
    for (const el of root.querySelectorAll('*')) {
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()).map((n) => n.textContent!.trim());
      if (!own.length || !(el as HTMLElement).getClientRects().length) continue;
      found.push({ text: own.join(' ').slice(0, 30), px: parseFloat(getComputedStyle(el).fontSize) });
    }
    return found;
  });
  expect(sizes.length).toBeGreaterThan(50);
  expect(sizes.filter((s) => s.px < 16)).toEqual([]);
  // The page uses the whole projector: all 8 groups on one screen here too.
  for (const g of await page.getByTestId('classroom-group').all()) await expect(g).toBeInViewport({ ratio: 1 });
});

test('the lesson link builder: the link opens the classroom as it was, in projector mode, with the ticked controls hidden', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/?backend=wasm${CK}&view=classroom&G=4&problems=3&difficulty=2`);
  await waitForLab(page);
  await sampled(page);
  await page.getByTestId('lesson-link').locator('summary').click();
  await page.getByTestId('lesson-lock-G').check();
  await page.getByTestId('lesson-lock-cseed').check();
  await page.getByTestId('lesson-lock-projector').check();
  const shown = (await page.getByTestId('lesson-link-url').textContent())!;
  await page.getByTestId('copy-lesson-link').click();
  await expect(page.getByTestId('copy-lesson-link')).toHaveText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  // The builder changes nothing on the page itself.
  await expect(page.getByTestId('slider-G')).toBeVisible();
  await expect(page).not.toHaveURL(/_hide/);

  await page.goto(copied);
  await waitForLab(page);
  await sampled(page);
  await expect(page.locator('.app')).toHaveClass(/projector-mode/);
  await expect(page.getByTestId('slider-G')).toHaveCount(0);
  await expect(page.getByTestId('classroom-new-problems')).toHaveCount(0);
  await expect(page.getByTestId('classroom-projector')).toHaveCount(0);
  await expect(page.getByTestId('slider-difficulty')).toBeVisible();
  await expect(page.getByTestId('classroom-rlr')).toBeVisible();
  await expect(page.getByTestId('classroom-group')).toHaveCount(3);
  await expect(page.getByTestId('classroom-groups')).toHaveAttribute('data-sampled', /^G=4 difficulty=2 /);
  await expect(page.getByTestId('url-problems')).toHaveCount(0);
});

test('while a slider change samples, the old groups stay on screen, dimmed, and the page says it is sampling', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/?backend=wasm${CK}&view=classroom&G=2&problems=8&difficulty=3`);
  await waitForLab(page);
  await sampled(page);
  const list = page.getByTestId('classroom-groups');
  const before = (await list.getAttribute('data-sampled'))!;
  expect(before).toMatch(/^G=2 /);
  // Every change of the card from here on, as it happened (a poll could miss a short sampling).
  await page.getByTestId('classroom').evaluate((root) => {
    const seen: { status: string; sampled: string | null; stale: string | null; groups: number; dim: boolean; G: string }[] = [];
    (window as unknown as { __classroomSeen: typeof seen }).__classroomSeen = seen;
    new MutationObserver(() => {
      const l = root.querySelector('[data-testid=classroom-groups]');
      seen.push({
        status: root.querySelector('[data-testid=classroom-sampling]')?.textContent ?? '',
        sampled: l?.getAttribute('data-sampled') ?? null,
        stale: l?.getAttribute('data-stale') ?? null,
        groups: l?.querySelectorAll('[data-testid=classroom-group]').length ?? 0,
        dim: !!l?.classList.contains('stale'),
        G: (root.querySelector('#classroom-G') as HTMLInputElement).value,
      });
    }).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.getByLabel(/G \(samples per problem\)/).fill('6');
  await expect(list).toHaveAttribute('data-sampled', /^G=6 /, { timeout: 60_000 });
  await expect(page.getByTestId('classroom')).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('classroom-sampling')).toHaveText('');
  const seen = await page.evaluate(() => (window as unknown as { __classroomSeen: { status: string; sampled: string | null; stale: string | null; groups: number; dim: boolean; G: string }[] }).__classroomSeen);
  const waiting = seen.filter((s) => s.status.startsWith('Sampling'));
  expect(waiting.length).toBeGreaterThan(0);
  for (const s of waiting) {
    // The previous batch, all 8 groups, dimmed, under the words that say what is going on.
    expect(s).toMatchObject({ sampled: before, groups: 8, dim: true, stale: 'true' });
    expect(s.status).toBe('Sampling 8 groups of 6 answers… (the groups below are the previous ones)');
  }
  // The groups never vanished, and groups shown as current always match the slider.
  expect(seen.every((s) => s.groups === 8)).toBe(true);
  for (const s of seen.filter((x) => !x.status)) expect(s.sampled).toMatch(new RegExp(`^G=${s.G} `));
});
