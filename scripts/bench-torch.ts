import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { BenchOutcome } from '../src/ui/bench-page';

/**
 * `npm run bench -- --vs-torch`: runs bench/torch_reference.py (the same model shape and workloads
 * in eager PyTorch) right after the browser measurements, so both sets of figures come from the
 * same machine under the same load, and states their ratios.
 */
export interface TorchReference {
  torch: string;
  python: string;
  threads: number;
  blas: string;
  parameters: number;
  sampling: Record<string, { batch: number; promptLength: number; newTokens: number; medianMs: number; tokensPerSecond: number }>;
  trainStep: { batch: number; seqLen: number; medianMs: number };
}

/** Debian's python3-torch lives under the system Python, which a pyenv or venv `python3` may hide. */
const PYTHONS = ['/usr/bin/python3', 'python3'];

function pythonWithTorch(): string | null {
  for (const py of PYTHONS) {
    if (py.startsWith('/') && !existsSync(py)) continue;
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  return null;
}

/** Runs the reference, or says why not (no PyTorch: install Debian's python3-torch and libopenblas0-pthread). */
export function runTorchReference(opts: { threads: number; reps: number; quick: boolean }): { ok: true; result: TorchReference } | { ok: false; error: string } {
  const py = pythonWithTorch();
  if (!py) return { ok: false, error: 'skipped: no Python with PyTorch found (tried /usr/bin/python3, python3); on Debian: apt-get install python3-torch libopenblas0-pthread' };
  const args = ['bench/torch_reference.py', '--threads', String(opts.threads), '--reps', String(opts.quick ? 1 : opts.reps)];
  const r = spawnSync(py, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) return { ok: false, error: `bench/torch_reference.py failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' ')}` };
  return { ok: true, result: JSON.parse(r.stdout) as TorchReference };
}

/** The lab's WASM figures against PyTorch's: ratios > 1 mean the lab is faster. */
export function torchComparison(outcomes: readonly BenchOutcome[], torch: TorchReference) {
  const wasm = outcomes.find((o) => o.ok && o.result.backend.name === 'wasm');
  const lab = wasm && wasm.ok ? wasm.result : null;
  const torch64 = torch.sampling['64'];
  const torch256 = torch.sampling['256'];
  return {
    trainStep: {
      labMs: lab?.trainStep.ok ? lab.trainStep.medianMs : null,
      torchMs: torch.trainStep.medianMs,
      /** PyTorch's time / the lab's: the lab's speed relative to PyTorch (target ≥ 1). */
      speedRatio: lab?.trainStep.ok ? torch.trainStep.medianMs / lab.trainStep.medianMs : null,
    },
    sampling64: {
      labTokensPerSecond: lab?.sampling.ok ? lab.sampling.tokensPerSecond : null,
      torchTokensPerSecond: torch64?.tokensPerSecond ?? null,
      speedRatio: lab?.sampling.ok && torch64 ? lab.sampling.tokensPerSecond / torch64.tokensPerSecond : null,
    },
    sampling256: {
      labTokensPerSecond: lab?.samplingEval?.ok ? lab.samplingEval.tokensPerSecond : null,
      torchTokensPerSecond: torch256?.tokensPerSecond ?? null,
      speedRatio: lab?.samplingEval?.ok && torch256 ? lab.samplingEval.tokensPerSecond / torch256.tokensPerSecond : null,
    },
  };
}

export function torchTable(cmp: ReturnType<typeof torchComparison>, torch: TorchReference): string {
  const f = (x: number | null, digits = 0) => (x === null ? '—' : x.toFixed(digits));
  return [
    `| workload | GRPO Lab, WASM | PyTorch ${torch.torch}, eager, ${torch.threads} thread(s), BLAS ${torch.blas} | lab speed / PyTorch speed |`,
    '|---|---:|---:|---:|',
    `| one train step, ${torch.trainStep.batch} × ${torch.trainStep.seqLen} tokens (ms) | ${f(cmp.trainStep.labMs)} | ${f(cmp.trainStep.torchMs)} | ${f(cmp.trainStep.speedRatio, 2)}× |`,
    `| sampling, batch 64, KV cache (tokens/s) | ${f(cmp.sampling64.labTokensPerSecond)} | ${f(cmp.sampling64.torchTokensPerSecond)} | ${f(cmp.sampling64.speedRatio, 2)}× |`,
    `| sampling, batch 256, KV cache (tokens/s) | ${f(cmp.sampling256.labTokensPerSecond)} | ${f(cmp.sampling256.torchTokensPerSecond)} | ${f(cmp.sampling256.speedRatio, 2)}× |`,
  ].join('\n');
}
