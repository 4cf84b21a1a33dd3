import { test, expect } from '@playwright/test';
import { waitForSamples } from './lab';

/**
 * Every backend computes the same model: the first page's six samples (seeded, temperature 0.6)
 * are token for token the same on each backend that starts in this browser. A backend whose
 * logits drift would sooner or later pick another token. Without a GPU, WebGL and WebGPU run on
 * SwiftShader (software), so their start-up and sampling take tens of seconds.
 */
const BACKENDS = ['wasm', 'cpu', 'webgl', 'webgpu'] as const;

test('the first page samples the same tokens on every backend that starts here', async ({ page }) => {
  test.setTimeout(900_000);
  const completions: Partial<Record<(typeof BACKENDS)[number], string[]>> = {};
  for (const backend of BACKENDS) {
    await page.goto(`/?backend=${backend}`);
    await waitForSamples(page, 6, 300_000);
    const running = await page.getByTestId('backend-name').textContent();
    if (running !== backend) {
      test.info().annotations.push({ type: 'not compared', description: `${backend} did not start here (the lab fell back to ${running})` });
      continue;
    }
    completions[backend] = await page.getByTestId('completion').allTextContents();
  }
  expect(completions.wasm, 'WASM always starts').toHaveLength(6);
  for (const backend of BACKENDS) {
    if (completions[backend]) expect(completions[backend], backend).toEqual(completions.wasm);
  }
});
