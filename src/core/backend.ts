import * as tf from './tf';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice } from './config';
import { messageOf } from './errors';

/**
 * Choosing the TF.js backend. WebGPU first, then WebGL, WASM, CPU; `auto` times a short probe on
 * every backend that starts and keeps the fastest, because on a machine without a GPU the WebGPU
 * adapter is a software one and WASM wins by far. The report says what was chosen and why, so the
 * page can always show it.
 */
export type BackendName = Exclude<BackendChoice, 'auto'>;
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendReport {
  name: BackendName;
  requested: BackendChoice;
  /** Adapter, renderer or engine behind the backend, as far as the platform tells. */
  adapter: string;
  /** One sentence: why this backend. */
  reason: string;
  /** True when the requested backend could not start and another was used. */
  fellBack: boolean;
  /** Milliseconds of the probe per backend that started (auto mode), null for those that failed. */
  probeMs?: Partial<Record<BackendName, number | null>>;
  failures: Partial<Record<BackendName, string>>;
}

export interface BackendOptions {
  /**
   * Where the WASM binaries are: a URL prefix ending in '/' (a file directory in Node), or a map
   * from each file name (tfjs-backend-wasm.wasm, -simd.wasm, -threaded-simd.wasm) to its URL.
   */
  wasmPaths?: string | Record<string, string>;
  /** Probe timing budget per backend in milliseconds (auto mode). */
  probeBudgetMs?: number;
}

let wasmPathsSet = false;

async function tryBackend(name: BackendName, opts: BackendOptions): Promise<string | null> {
  try {
    if (name === 'wasm' && opts.wasmPaths && !wasmPathsSet) {
      setWasmPaths(opts.wasmPaths);
      wasmPathsSet = true;
    }
    if (name === 'webgpu' && !(globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) return 'WebGPU is not available here (no navigator.gpu)';
    const ok = await withTimeout(tf.setBackend(name), 20_000, `${name} did not start within 20 s`);
    if (!ok) return `${name} failed to initialise`;
    await tf.ready();
    // A tiny op proves the backend actually runs kernels (a WebGL context can exist and still fail).
    const probe = tf.tidy(() => tf.ones([2, 2]).matMul(tf.ones([2, 2])).sum());
    const v = (await probe.data())[0];
    probe.dispose();
    if (v !== 8) return `${name} computed a wrong result (${v})`;
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

/** The WebGL backend's rendering context (TF.js keeps it in an internal field), or null on another backend. */
export function webglContext(): WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl ?? null;
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/**
 * A short workload shaped like ours: dense products and batched attention products with a
 * backward pass, timed after one warm-up. Returns milliseconds per repetition.
 */
export async function probeCurrentBackend(budgetMs = 1500): Promise<number> {
  const a = tf.randomNormal([512, 96], 0, 1, 'float32', 1);
  const w = tf.variable(tf.randomNormal([96, 384], 0, 0.1, 'float32', 2));
  const q = tf.randomNormal([16, 4, 48, 24], 0, 1, 'float32', 3);
  const run = async () => {
    const g = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => a.matMul(w).relu().sum().add(q.matMul(q, false, true).softmax().sum()) as tf.Scalar, [w]);
      return grads[w.name];
    });
    await g.data();
    g.dispose();
  };
  try {
    await run();
    const t0 = performance.now();
    let reps = 0;
    while (reps < 3 || (performance.now() - t0 < budgetMs && reps < 20)) {
      await run();
      reps++;
      if (performance.now() - t0 > budgetMs * 2) break;
    }
    return (performance.now() - t0) / reps;
  } finally {
    tf.dispose([a, w, q]);
  }
}

export async function adapterDescription(name: BackendName): Promise<string> {
  try {
    if (name === 'webgpu') {
      const gpu = (globalThis as unknown as { navigator: { gpu: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } } }).navigator.gpu;
      const adapter = await gpu.requestAdapter();
      const info = adapter?.info ?? {};
      const parts = [info.vendor, info.architecture, info.device, info.description].filter((s) => s && s.length > 0);
      return parts.length ? parts.join(' / ') : 'WebGPU adapter (no details exposed)';
    }
    if (name === 'webgl') {
      const gl = webglContext();
      if (!gl) return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}`;
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
      return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}: ${renderer}`;
    }
    if (name === 'wasm') {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      return `WebAssembly${simd ? ' + SIMD' : ''}${threads ? ' + threads' : ', 1 thread'}`;
    }
    return 'JavaScript (CPU)';
  } catch {
    return name;
  }
}

/** Starts a backend for `choice` and reports which one runs and why. */
export async function selectBackend(choice: BackendChoice, opts: BackendOptions = {}): Promise<BackendReport> {
  const failures: BackendReport['failures'] = {};
  if (choice !== 'auto') {
    const err = await tryBackend(choice, opts);
    if (err === null) {
      return { name: choice, requested: choice, adapter: await adapterDescription(choice), reason: `${choice} was requested`, fellBack: false, failures };
    }
    failures[choice] = err;
    for (const name of BACKEND_ORDER) {
      if (name === choice) continue;
      const e = await tryBackend(name, opts);
      if (e === null) {
        return { name, requested: choice, adapter: await adapterDescription(name), reason: `${choice} could not start (${err}); fell back to ${name}`, fellBack: true, failures };
      }
      failures[name] = e;
    }
    throw new Error(`no TF.js backend could start: ${JSON.stringify(failures)}`);
  }
  const probeMs: BackendReport['probeMs'] = {};
  for (const name of BACKEND_ORDER) {
    const err = await tryBackend(name, opts);
    if (err !== null) {
      failures[name] = err;
      probeMs[name] = null;
      continue;
    }
    probeMs[name] = await probeCurrentBackend(opts.probeBudgetMs);
  }
  const started = BACKEND_ORDER.filter((n) => typeof probeMs[n] === 'number');
  if (started.length === 0) throw new Error(`no TF.js backend could start: ${JSON.stringify(failures)}`);
  const best = started.reduce((a, b) => ((probeMs[b] as number) < (probeMs[a] as number) ? b : a));
  const err = await tryBackend(best, opts);
  if (err !== null) throw new Error(`backend ${best} stopped working after its probe: ${err}`);
  const timings = started.map((n) => `${n} ${(probeMs[n] as number).toFixed(0)} ms`).join(', ');
  return { name: best, requested: 'auto', adapter: await adapterDescription(best), reason: `fastest in a short probe (${timings})`, fellBack: false, probeMs, failures };
}
