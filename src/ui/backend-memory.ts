import * as Comlink from 'comlink';
import { RememberedBackendSchema, type ProbeResult, type RememberedBackend } from '../core/backend-choice';
import type { ProbeApi } from '../../workers/probe.worker';
import { BACKEND_CHOICE_KEY } from './run/storage-keys';

/**
 * What this browser profile remembers of the backend probe (localStorage, per origin): the fastest
 * backend for one identity of adapters. A second visit starts it at once; the lab worker re-probes
 * only when the adapters changed (or on request).
 */
export function rememberedBackend(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): RememberedBackend | undefined {
  try {
    const raw = storage?.getItem(BACKEND_CHOICE_KEY);
    if (!raw) return undefined;
    const parsed = RememberedBackendSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // unreadable storage or a damaged entry: probe again
  }
}

export function rememberBackend(result: ProbeResult, at: Date, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): RememberedBackend {
  const remembered: RememberedBackend = { identity: result.identity, name: result.best, probeMs: result.probeMs, at: at.toISOString() };
  try {
    storage?.setItem(BACKEND_CHOICE_KEY, JSON.stringify(remembered));
  } catch {
    // A full or disabled storage: the next visit probes again, nothing else is lost.
  }
  return remembered;
}

/** Probe budget per backend: a few repetitions of a workload-shaped op (~150 ms each). */
export const PROBE_BUDGET_MS = 150;

/** Runs the probe in a worker of its own and ends that worker. */
export async function probeInBackground(budgetMs = PROBE_BUDGET_MS): Promise<ProbeResult> {
  const worker = new Worker(new URL('../../workers/probe.worker.ts', import.meta.url), { type: 'module', name: 'backend-probe' });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      reject(new Error(e.message ? `the probe worker failed: ${e.message}` : 'the probe worker failed to load'));
    });
  });
  try {
    return await Promise.race([Comlink.wrap<ProbeApi>(worker).probe(budgetMs), failed]);
  } finally {
    worker.terminate();
  }
}
