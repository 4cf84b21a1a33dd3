import * as tf from './tf';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice } from './config';
import {
  BACKEND_ORDER,
  candidates,
  identityKey,
  listSkipped,
  listTimings,
  type AdapterIdentity,
  type BackendChoiceHow,
  type BackendName,
  type BackendReport,
  type ProbeResult,
  type RememberedBackend,
} from './backend-choice';
import { messageOf } from './errors';

/**
 * Choosing the TF.js backend. `auto` never starts a backend that cannot win: a WebGPU adapter that
 * calls itself a fallback (software) adapter and a WebGL context on a software rasteriser are
 * skipped, with the reason in the report. A choice remembered by this browser for the same adapters
 * starts at once; otherwise the first backend that starts (in the order WebGPU, WebGL, WASM, CPU)
 * serves the page, and `probeBackends` times every candidate in another worker, off the page's
 * critical path, for the next start. On a machine without a GPU both GPU backends are software
 * (SwiftShader) and WASM wins by far, so there the probe only times WASM against the CPU backend.
 */
export { BACKEND_ORDER, type BackendName, type BackendReport, type ProbeResult, type AdapterIdentity } from './backend-choice';

export interface BackendOptions {
  /**
   * Where the WASM binaries are: a URL prefix ending in '/' (a file directory in Node), or a map
   * from each file name (tfjs-backend-wasm.wasm, -simd.wasm, -threaded-simd.wasm) to its URL.
   */
  wasmPaths?: string | Record<string, string>;
  /** Probe timing budget per backend in milliseconds (probeBackends). */
  probeBudgetMs?: number;
  /** The choice this browser remembers (auto): started at once when it was made on the same adapters. */
  remembered?: RememberedBackend;
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

interface GpuAdapterLike {
  info?: Partial<Record<'vendor' | 'architecture' | 'device' | 'description', string>> & { isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/**
 * Reads the adapters without starting a backend: the WebGPU adapter's info and the renderer of a
 * throwaway WebGL context (released at once). Cheap: about 60 ms on SwiftShader, where starting the
 * WebGPU backend and timing it took 2.4 s.
 */
export async function adapterIdentity(): Promise<AdapterIdentity> {
  const nav = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> }; userAgent?: string; hardwareConcurrency?: number } }).navigator;
  let webgpu: AdapterIdentity['webgpu'] = null;
  try {
    const adapter = nav?.gpu ? await withTimeout(nav.gpu.requestAdapter(), 10_000, 'no adapter within 10 s') : null;
    if (adapter) {
      const info = adapter.info ?? {};
      webgpu = {
        vendor: info.vendor ?? '',
        architecture: info.architecture ?? '',
        device: info.device ?? '',
        description: info.description ?? '',
        fallback: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
      };
    }
  } catch {
    webgpu = null;
  }
  return { webgpu, webgl: webglRenderer(), userAgent: nav?.userAgent ?? 'unknown', cores: nav?.hardwareConcurrency ?? 1 };
}

function webglRenderer(): string | null {
  const Canvas = (globalThis as { OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): WebGLRenderingContext | null } }).OffscreenCanvas;
  if (!Canvas) return null;
  try {
    const canvas = new Canvas(1, 1);
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
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
  const id = await adapterIdentity();
  const identity = identityKey(id);
  const report = async (name: BackendName, how: BackendChoiceHow, reason: string, extra: Partial<BackendReport> = {}): Promise<BackendReport> => ({
    name,
    requested: choice,
    adapter: await adapterDescription(name),
    reason,
    fellBack: false,
    how,
    identity,
    skipped: {},
    failures,
    ...extra,
  });
  if (choice !== 'auto') {
    const err = await tryBackend(choice, opts);
    if (err === null) return report(choice, 'requested', `${choice} was requested`);
    failures[choice] = err;
    for (const name of BACKEND_ORDER) {
      if (name === choice) continue;
      const e = await tryBackend(name, opts);
      if (e === null) return report(name, 'requested', `${choice} could not start (${err}); fell back to ${name}`, { fellBack: true });
      failures[name] = e;
    }
    throw new Error(`no TF.js backend could start: ${JSON.stringify(failures)}`);
  }
  const { order, skipped } = candidates(id);
  const skippedNote = Object.keys(skipped).length ? `; skipped ${listSkipped(skipped)}` : '';
  const remembered = opts.remembered;
  if (remembered && remembered.identity === identity && order.includes(remembered.name)) {
    const err = await tryBackend(remembered.name, opts);
    if (err === null) {
      const when = remembered.at.slice(0, 10);
      return report(remembered.name, 'remembered', `remembered: fastest in this browser's probe of ${when} (${listTimings(remembered.probeMs)})${skippedNote}`, { skipped, probeMs: remembered.probeMs });
    }
    failures[remembered.name] = err;
  }
  // Software adapters go last rather than never: a machine may have nothing else.
  for (const name of [...order, ...BACKEND_ORDER.filter((n) => !order.includes(n))]) {
    if (failures[name]) continue;
    const err = await tryBackend(name, opts);
    if (err !== null) {
      failures[name] = err;
      continue;
    }
    const changed = remembered && remembered.identity !== identity ? 'the adapters changed since the last probe, so ' : '';
    return report(name, 'first-that-started', `${changed}the first that started here${skippedNote}; timing the others in the background`, { skipped });
  }
  throw new Error(`no TF.js backend could start: ${JSON.stringify(failures)}`);
}

/**
 * Times a short probe on every backend auto may start here and names the fastest. Meant for a
 * worker of its own: it switches TF.js's global backend from one to the next.
 */
export async function probeBackends(opts: BackendOptions = {}): Promise<ProbeResult> {
  const id = await adapterIdentity();
  const { order, skipped } = candidates(id);
  const probeMs: ProbeResult['probeMs'] = {};
  const failures: ProbeResult['failures'] = {};
  for (const name of order) {
    const err = await tryBackend(name, opts);
    if (err !== null) {
      failures[name] = err;
      probeMs[name] = null;
      continue;
    }
    probeMs[name] = await probeCurrentBackend(opts.probeBudgetMs);
  }
  const started = order.filter((n) => typeof probeMs[n] === 'number');
  if (started.length === 0) throw new Error(`no TF.js backend could start for the probe: ${JSON.stringify(failures)}`);
  const best = started.reduce((a, b) => ((probeMs[b] as number) < (probeMs[a] as number) ? b : a));
  return { identity: identityKey(id), best, probeMs, skipped, failures };
}

