import * as Comlink from 'comlink';
import type { LabApi } from '../../workers/api';

export interface LabWorker {
  api: Comlink.Remote<LabApi>;
  /** Rejects when the worker script itself fails (it did not load, or threw outside a call). */
  crashed: Promise<never>;
  terminate(): void;
}

/** Starts the lab worker. The page never imports TF.js; everything numeric runs in there. */
export function startLabWorker(name = 'lab'): LabWorker {
  const worker = new Worker(new URL('../../workers/lab.worker.ts', import.meta.url), { type: 'module', name });
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      reject(new Error(e.message ? `the lab worker failed: ${e.message}` : 'the lab worker failed to load (see the browser console)'));
    });
    worker.addEventListener('messageerror', () => reject(new Error('the lab worker sent a message the page could not read')));
  });
  crashed.catch(() => {});
  return { api: Comlink.wrap<LabApi>(worker), crashed, terminate: () => worker.terminate() };
}
