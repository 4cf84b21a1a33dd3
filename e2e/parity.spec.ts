import { test, expect, type Page } from '@playwright/test';
import type { ParityArgs, ParityResult } from '../workers/bench-api';
import type { BenchPage, ParityOutcome } from '../src/ui/bench-page';

const BACKENDS = ['wasm', 'cpu', 'webgl', 'webgpu'] as const;

/**
 * Every backend computes the same model, to the number: on the benchmark page, each
 * backend in a fresh worker loads the shipped base checkpoint, scores 4 problems of in-30 with their
 * concise teacher solutions as completions (teacher forcing, as the GRPO update does) and decodes
 * the same prompts greedily (≤ 48 tokens, the lab's KV-cache sampler). Each teacher-forced log-prob
 * must lie within PARITY_TOLERANCE of WASM's, and every greedy completion must be WASM's, token for
 * token. The small batch keeps the software WebGL and WebGPU adapters to seconds.
 */
const PARITY_TOLERANCE = 1e-4;

async function parityOn(page: Page, args: ParityArgs): Promise<ParityOutcome> {
  return page.evaluate((a) => (window as unknown as { grpoBench: BenchPage }).grpoBench.parity(a), args);
}

/** The largest |a − b| over two rows-of-numbers of the same shape, and where it is. */
function maxAbsDiff(a: number[][], b: number[][]): { diff: number; row: number; token: number } {
  let worst = { diff: 0, row: 0, token: 0 };
  a.forEach((row, r) =>
    row.forEach((x, t) => {
      const diff = Math.abs(x - b[r][t]);
      if (!(diff <= worst.diff)) worst = { diff, row: r, token: t }; // NaN counts as worst
    }),
  );
  return worst;
}

test('teacher-forced log-probs agree within 1e-4 and greedy completions are the same on every backend that starts here', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/bench.html');
  await page.waitForFunction(() => 'grpoBench' in window);
  const results: Partial<Record<(typeof BACKENDS)[number], ParityResult>> = {};
  for (const backend of BACKENDS) {
    const outcome = await parityOn(page, { backend, suite: 'in-30', problems: 4, maxNewTokens: 48 });
    if (!outcome.ok) {
      // Only a backend that does not start is skipped; one that starts and then fails is a failure.
      expect(backend, `WASM always starts (${outcome.error})`).not.toBe('wasm');
      expect(outcome.error, `${backend} failed after starting`).toContain(`${backend} could not start`);
      test.info().annotations.push({ type: 'not compared', description: outcome.error });
      continue;
    }
    expect(outcome.result.tensorsAfter, `${backend}: tensors left behind`).toBe(outcome.result.tensorsBefore);
    results[backend] = outcome.result;
  }
  const wasm = results.wasm!;
  expect(wasm.problemIds).toHaveLength(4);
  // The reference itself is a real scoring: every completion token has a finite log-prob ≤ 0,
  // and greedy decoding wrote something for every prompt.
  expect(wasm.logprobs.every((row) => row.length > 0 && row.every((x) => Number.isFinite(x) && x <= 0))).toBe(true);
  expect(wasm.greedy.every((tokens) => tokens.length > 0)).toBe(true);
  for (const backend of BACKENDS) {
    const r = results[backend];
    if (!r || backend === 'wasm') continue;
    expect(r.problemIds, backend).toEqual(wasm.problemIds);
    expect(r.logprobs.map((row) => row.length), `${backend}: completion lengths`).toEqual(wasm.logprobs.map((row) => row.length));
    const worst = maxAbsDiff(r.logprobs, wasm.logprobs);
    const where = `problem ${wasm.problemIds[worst.row]}, completion token ${worst.token}`;
    test.info().annotations.push({ type: 'max |Δ log-prob| vs WASM', description: `${backend} (${r.backend.adapter}): ${worst.diff.toExponential(2)} at ${where}, over ${r.logprobs.flat().length} tokens` });
    expect(worst.diff, `${backend}: largest log-prob difference from WASM (${where})`).toBeLessThanOrEqual(PARITY_TOLERANCE);
    expect(r.greedyTexts, `${backend}: greedy completions`).toEqual(wasm.greedyTexts);
    expect(r.greedy, `${backend}: greedy tokens`).toEqual(wasm.greedy);
  }
});
