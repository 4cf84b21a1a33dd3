import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '../tf';

/**
 * Switches a test file's TF.js to the WASM backend, with the binaries from node_modules. Vitest runs
 * each test file in its own module graph, so the other files stay on the CPU backend of
 * test-setup.ts. For the slow tests on the shipped checkpoint: WASM computes the same model about
 * ten times faster than the CPU backend (the learning test's numbers are the same on both).
 */
export async function useWasmBackend(): Promise<void> {
  const dist = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + sep;
  setWasmPaths(dist);
  if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend did not start in Node');
  await tf.ready();
}
