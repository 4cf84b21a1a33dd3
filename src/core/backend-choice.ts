import { z } from 'zod';
import type { BackendChoice } from './config';

/**
 * The rules of the backend choice that need no TF.js, so the page can use them too: which adapters
 * cannot win (software rasterisers), how an adapter set is identified, what a browser remembers of a
 * probe, and what a report says.
 */
export type BackendName = Exclude<BackendChoice, 'auto'>;
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const BACKEND_NAME_SCHEMA = z.enum(BACKEND_ORDER as [BackendName, ...BackendName[]]);

/** What the platform says about its adapters: enough to tell a software one, and to notice a change. */
export interface AdapterIdentity {
  /** The WebGPU adapter's info, or null where WebGPU gives no adapter. */
  webgpu: { vendor: string; architecture: string; device: string; description: string; fallback: boolean } | null;
  /** The WebGL renderer (unmasked where the browser allows), or null where no WebGL context starts. */
  webgl: string | null;
  /** A browser update or another machine sharing the profile is another identity. */
  userAgent: string;
  cores: number;
}

/** Renderer and adapter names of software rasterisers (Chromium's SwiftShader, Mesa's llvmpipe/softpipe/lavapipe, Windows' WARP). */
const SOFTWARE_RASTERISER = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render driver|microsoft warp/i;

/** Why `name` cannot win here (it runs on a software adapter), or null when it may. */
export function softwareAdapter(name: BackendName, id: AdapterIdentity): string | null {
  if (name === 'webgpu' && id.webgpu) {
    const { vendor, architecture, device, description, fallback } = id.webgpu;
    const label = [vendor, architecture, device, description].filter(Boolean).join(' ') || 'no details';
    if (fallback) return `software adapter (a fallback adapter: ${label})`;
    if (SOFTWARE_RASTERISER.test(label)) return `software adapter (${label})`;
  }
  if (name === 'webgl' && id.webgl && SOFTWARE_RASTERISER.test(id.webgl)) return `software renderer (${id.webgl})`;
  return null;
}

/** The backends auto may start here, in order, and the ones it skips with the reason. */
export function candidates(id: AdapterIdentity): { order: BackendName[]; skipped: Partial<Record<BackendName, string>> } {
  const skipped: Partial<Record<BackendName, string>> = {};
  const order: BackendName[] = [];
  for (const name of BACKEND_ORDER) {
    const why = softwareAdapter(name, id);
    if (why) skipped[name] = why;
    else order.push(name);
  }
  return { order, skipped };
}

/** One string per identity: equal strings mean the same adapters, browser and cores. */
export function identityKey(id: AdapterIdentity): string {
  const gpu = id.webgpu;
  return JSON.stringify([gpu && [gpu.vendor, gpu.architecture, gpu.device, gpu.description, gpu.fallback], id.webgl, id.userAgent, id.cores]);
}

/** A backend chosen by a probe, as a browser profile remembers it for the next start. */
export const RememberedBackendSchema = z.strictObject({
  identity: z.string().max(4096),
  name: BACKEND_NAME_SCHEMA,
  probeMs: z.partialRecord(BACKEND_NAME_SCHEMA, z.number().nonnegative().max(1e7).nullable()),
  /** When the probe ran (ISO 8601). */
  at: z.iso.datetime(),
});
export type RememberedBackend = z.infer<typeof RememberedBackendSchema>;

/** How the backend in a report was chosen. */
export type BackendChoiceHow = 'requested' | 'remembered' | 'first-that-started';

export interface BackendReport {
  name: BackendName;
  requested: BackendChoice;
  /** Adapter, renderer or engine behind the backend, as far as the platform tells. */
  adapter: string;
  /** One sentence: why this backend. */
  reason: string;
  /** True when the requested backend could not start and another was used. */
  fellBack: boolean;
  how: BackendChoiceHow;
  /** identityKey of the adapters this report was made on. */
  identity: string;
  /** Backends auto did not start, and why (software adapters). */
  skipped: Partial<Record<BackendName, string>>;
  /** Milliseconds of the probe per backend (auto: the remembered probe's), null for those that failed. */
  probeMs?: Partial<Record<BackendName, number | null>>;
  failures: Partial<Record<BackendName, string>>;
}

/** What a probe of every candidate found: the page remembers `best` for this identity. */
export interface ProbeResult {
  identity: string;
  best: BackendName;
  probeMs: Partial<Record<BackendName, number | null>>;
  skipped: Partial<Record<BackendName, string>>;
  failures: Partial<Record<BackendName, string>>;
}


/** "wasm 22 ms, cpu 160 ms", in the backend order. */
export const listTimings = (probeMs: Partial<Record<BackendName, number | null>>) =>
  BACKEND_ORDER.filter((n) => typeof probeMs[n] === 'number')
    .map((n) => `${n} ${(probeMs[n] as number).toFixed(0)} ms`)
    .join(', ');

/** "webgpu: software adapter (…); webgl: …". */
export const listSkipped = (skipped: Partial<Record<BackendName, string>>) =>
  BACKEND_ORDER.filter((n) => skipped[n])
    .map((n) => `${n}: ${skipped[n]}`)
    .join('; ');

/** The badge's line for a finished probe. */
export function describeProbe(result: Pick<ProbeResult, 'best' | 'probeMs'>): string {
  return `${listTimings(result.probeMs)}: ${result.best} is the fastest here`;
}
