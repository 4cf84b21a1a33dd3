import '../../workers/zod-csp';
import * as Comlink from 'comlink';
import { BENCH_MODEL, type BenchApi, type BenchArgs, type BenchBackend, type BenchResult, type Measured, type ParityArgs, type ParityResult, type SamplingTiming } from '../../workers/bench-api';
import { ModelConfigSchema, parameterCount, type ModelConfig } from '../core/model/config';
import { CharTokenizer } from '../core/model/tokenizer';
import { messageOf } from '../core/errors';

/**
 * The benchmark page (bench.html). Each backend runs in a fresh worker, so one backend's state
 * (compiled shaders, WASM memory) cannot slow down or speed up another's.
 */
export type Outcome<R> = { ok: true; result: R } | { ok: false; backend: BenchBackend; error: string };
export type BenchOutcome = Outcome<BenchResult>;
export type ParityOutcome = Outcome<ParityResult>;

export interface BenchPage {
  run(args: BenchArgs): Promise<BenchOutcome>;
  /** The cross-backend parity check's numbers on one backend, in a fresh worker (e2e/parity.spec.ts compares them). */
  parity(args: ParityArgs): Promise<ParityOutcome>;
  model(): ModelConfig & { parameters: number };
  machine(): { hardwareConcurrency: number; deviceMemoryGiB: number | null; userAgent: string; crossOriginIsolated: boolean };
}

const log = document.getElementById('log');
function say(line: string): void {
  if (log) log.textContent += `${line}\n`;
}

function summary(r: BenchResult): string {
  const tps = (t: Measured<SamplingTiming>) => (t.ok ? `${t.tokensPerSecond.toFixed(0)} tokens/s` : `failed (${t.error})`);
  const parts = [`sampling, batch ${r.sampling.ok ? r.sampling.batch : '?'}: ${tps(r.sampling)}`];
  if (r.compare) parts.push(`KV cache ${tps(r.compare.cached)} vs recompute ${tps(r.compare.recompute)}`);
  parts.push(`train step: ${r.trainStep.ok ? `${r.trainStep.medianMs.toFixed(0)} ms` : `failed (${r.trainStep.error})`}`);
  const g = r.grpoStep;
  if (g) {
    parts.push(
      `GRPO step: ${
        g.ok
          ? `${g.median.total.toFixed(1)} s (sampling ${g.median.sampling.toFixed(1)}, scoring ${g.median.scoring.toFixed(2)}, updating ${g.median.updating.toFixed(1)}${g.skippedUpdates ? `, update skipped ${g.skippedUpdates}×` : ''})`
          : `failed (${g.error})`
      }`,
    );
  }
  const p = r.pass1;
  if (p) parts.push(`Pass@1: ${p.ok ? `${(p.medianMs / 1000).toFixed(1)} s for ${p.runs} runs of ${p.suite}, ${p.tokensPerSecond.toFixed(0)} tokens/s` : `failed (${p.error})`}`);
  return parts.join('; ');
}

/** Runs `call` on a fresh bench worker for `backend`, and ends the worker whatever happens. */
async function inWorker<R>(backend: BenchBackend, call: (api: Comlink.Remote<BenchApi>) => Promise<R>, done: (result: R) => string): Promise<Outcome<R>> {
  const worker = new Worker(new URL('../../workers/bench.worker.ts', import.meta.url), { type: 'module', name: `bench-${backend}` });
  const crashed = new Promise<never>((_, reject) => worker.addEventListener('error', (e) => reject(new Error(e.message || 'the bench worker failed to load'))));
  say(`${backend}: running…`);
  try {
    const result = await Promise.race([call(Comlink.wrap<BenchApi>(worker)), crashed]);
    say(`${backend}: ${done(result)}`);
    return { ok: true, result };
  } catch (e) {
    const error = messageOf(e);
    say(`${backend}: failed: ${error}`);
    return { ok: false, backend, error };
  } finally {
    worker.terminate();
  }
}

function run(args: BenchArgs): Promise<BenchOutcome> {
  const progress = (message: string) => {
    say(message);
    console.info(`[bench] ${message}`);
  };
  return inWorker(args.backend, (api) => api.run(args, Comlink.proxy(progress)), (r) => `(${r.backend.adapter}) ${summary(r)}`);
}

function parity(args: ParityArgs): Promise<ParityOutcome> {
  return inWorker(args.backend, (api) => api.parity(args), (r) => `(${r.backend.adapter}) parity: ${r.logprobs.flat().length} teacher-forced log-probs over ${r.problemIds.length} problems of ${r.suite}, ${r.greedy.length} greedy completions`);
}

const page: BenchPage = {
  run,
  parity,
  model: () => {
    const config = ModelConfigSchema.parse({ ...BENCH_MODEL, vocabSize: new CharTokenizer().vocabSize });
    return { ...config, parameters: parameterCount(config) };
  },
  machine: () => ({
    hardwareConcurrency: navigator.hardwareConcurrency,
    deviceMemoryGiB: (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? null,
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
  }),
};
(window as Window & { grpoBench?: BenchPage }).grpoBench = page;

// In a browser with a real GPU every backend is quick enough to warm up and repeat.
document.getElementById('run')?.addEventListener('click', async (e) => {
  const button = e.currentTarget as HTMLButtonElement;
  button.disabled = true;
  for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu'] as const) {
    await run({ backend, sampleBatch: 64, evalBatch: 256, compareBatch: 8, newTokens: 128, trainBatch: 64, trainSeqLen: 160, reps: { sample: 3, compare: 1, train: 3, grpoStep: 3, pass1: 1 }, warmup: { sample: true, compare: false, train: true }, budgetMs: 60_000 });
  }
  say('done');
  button.disabled = false;
});
