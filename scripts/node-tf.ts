import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '../src/core/tf';
import { selectBackend, type BackendReport } from '../src/core/backend';
import type { BackendChoice } from '../src/core/config';

/** Starts TF.js in Node: WASM binaries from node_modules, no browser-only backends. */
export async function startNodeBackend(choice: BackendChoice = 'wasm'): Promise<BackendReport> {
  tf.env().set('PROD', true);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const wasmPaths = path.join(here, '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + path.sep;
  const node = choice === 'auto' || choice === 'wasm' ? 'wasm' : choice === 'cpu' ? 'cpu' : null;
  if (!node) throw new Error(`backend ${choice} is only available in a browser; use wasm or cpu in Node`);
  return selectBackend(node, { wasmPaths });
}
