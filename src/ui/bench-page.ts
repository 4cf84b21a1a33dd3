import '../../workers/zod-csp';
import * as Comlink from 'comlink';
import { BENCH_MODEL, type BenchApi, type BenchArgs, type BenchResult } from '../../workers/bench-api';
import { parameterCount } from '../core/model/config';
import { CharTokenizer } from '../core/model/tokenizer';

/**
 * The benchmark page (bench.html). Each backend runs in a fresh worker, so one backend's state
 * (compiled shaders, WASM memory) cannot slow down or speed up another's.
 */
export type BenchOutcome = { ok: true; result: BenchResult } | { ok: false; backend: BenchArgs['backend']; error: string };

export interface BenchPage {
  run(args: BenchArgs): Promise<BenchOutcome>;
  model(): typeof BENCH_MODEL & { vocabSize: number; parameters: number };
  machine(): { hardwareConcurrency: number; deviceMemoryGiB: number | null; userAgent: string; crossOriginIsolated: boolean };
}

const log = document.getElementById('log');
function say(line: string): void {
  if (log) log.textContent += `${line}\n`;
}

async function run(args: BenchArgs): Promise<BenchOutcome> {
  const worker = new Worker(new URL('../../workers/bench.worker.ts', import.meta.url), { type: 'module', name: `bench-${args.backend}` });
  const crashed = new Promise<never>((_, reject) => worker.addEventListener('error', (e) => reject(new Error(e.message || 'the bench worker failed to load'))));
  say(`${args.backend}: running…`);
  try {
    const progress = (message: string) => {
      say(message);
      console.info(`[bench] ${message}`);
    };
    const result = await Promise.race([Comlink.wrap<BenchApi>(worker).run(args, Comlink.proxy(progress)), crashed]);
    say(`${args.backend}: ${JSON.stringify(result)}`);
    return { ok: true, result };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    say(`${args.backend}: failed: ${error}`);
    return { ok: false, backend: args.backend, error };
  } finally {
    worker.terminate();
  }
}

const page: BenchPage = {
  run,
  model: () => {
    const config = { ...BENCH_MODEL, vocabSize: new CharTokenizer().vocabSize };
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

document.getElementById('run')?.addEventListener('click', async () => {
  for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu'] as const) {
    await run({ backend, sampleBatch: 64, compareBatch: 8, newTokens: 128, trainBatch: 64, trainSeqLen: 160, reps: { sample: 1, compare: 1, train: 1 }, warmup: { sample: false, compare: false, train: false }, budgetMs: 60_000 });
  }
});
