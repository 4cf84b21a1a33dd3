import './zod-csp';
import * as Comlink from 'comlink';
import { probeBackends, type ProbeResult } from '../src/core/backend';
import { WASM_PATHS } from './wasm-paths';

/**
 * The backend probe, in a worker of its own so that it never holds up the lab worker: the page
 * starts it after the first samples, when the lab runs on the first backend that started, or when
 * asked to re-probe. It switches TF.js from backend to backend, which the lab worker must not do.
 */
export interface ProbeApi {
  probe(budgetMs: number): Promise<ProbeResult>;
}

const api: ProbeApi = {
  probe: (budgetMs) => probeBackends({ wasmPaths: WASM_PATHS, probeBudgetMs: budgetMs }),
};

Comlink.expose(api);
