/// <reference types="vitest/config" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { paletteCss } from './src/ui/palette.ts'; // with its extension: Vite's native config loader resolves no other form

/**
 * Content-Security-Policy: our own origin only. WASM needs 'wasm-unsafe-eval' (compiling a module is
 * "eval" to CSP); module workers load from 'self'. Vite's dev server additionally injects the React
 * refresh preamble as an inline script and CSS as <style> elements, so dev allows inline scripts and
 * styles; the built app (vite preview, or any static host copying these headers) does not.
 *
 * No COOP/COEP (cross-origin isolation). It would let TF.js use its threaded WASM binary, but that
 * also needs blob: scripts and workers in the CSP and an unminified build (the threaded glue is
 * shipped to its pthreads as Function.toString(), which minification breaks), and on a 2-core
 * machine it measured no faster: train step 2,572 ms threaded vs 2,325 ms single-threaded, sampling
 * slower (README, "Backends"; bench/results-wasm-isolated.json).
 *
 * GRPO_CROSS_ORIGIN_ISOLATED=1 builds (into dist-isolated/) and serves that variant, for
 * `npm run bench -- --isolated` only: COOP/COEP headers, blob: scripts and workers, no minification.
 */
const ISOLATED = process.env.GRPO_CROSS_ORIGIN_ISOLATED === '1';
function contentSecurityPolicy(dev: boolean): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-inline'"] : []), ...(ISOLATED ? ['blob:'] : [])],
    'worker-src': ["'self'", ...(ISOLATED ? ['blob:'] : [])],
    'connect-src': ["'self'"],
    'style-src': ["'self'", ...(dev ? ["'unsafe-inline'"] : [])],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    // No other site may frame the lab (clickjacking); X-Frame-Options says the same to older browsers.
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

function securityHeaders(dev: boolean): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': contentSecurityPolicy(dev),
    ...(ISOLATED ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {}),
  };
}

/**
 * Vite's `headers` options reach only the responses Vite serves itself, not the 404s of its
 * fallbacks; a middleware that runs before all others sets them on every response, 404s included,
 * in the dev server, `vite preview` and the runner's server (scripts/serve.ts, which is `preview`).
 */
function securityHeadersEverywhere(): Plugin {
  const set = (dev: boolean) => (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    for (const [name, value] of Object.entries(securityHeaders(dev))) res.setHeader(name, value);
    next();
  };
  return {
    name: 'grpo-lab-security-headers',
    configureServer: (server) => void server.middlewares.use(set(true)),
    configurePreviewServer: (server) => void server.middlewares.use(set(false)),
  };
}

/**
 * The palette's custom properties as a stylesheet, `import 'virtual:palette.css'`: src/ui/palette.ts
 * is the one home of every colour, and the CSS reads them as var(--role) from this sheet.
 */
function paletteStylesheet(): Plugin {
  const id = 'virtual:palette.css';
  const resolved = `\0${id}`;
  return {
    name: 'grpo-lab-palette',
    resolveId: (source) => (source === id ? resolved : undefined),
    load: (module) => (module === resolved ? paletteCss() : undefined),
  };
}

export default defineConfig({
  plugins: [react(), securityHeadersEverywhere(), paletteStylesheet()],
  appType: 'mpa', // no SPA fallback: a missing file is a 404, not index.html
  worker: { format: 'es' },
  // The dev server pre-bundles dependencies; without this it finds the workers' ones (TF.js and its
  // backends, idb) only when a worker first loads, re-bundles and reloads the page mid-start-up.
  optimizeDeps: {
    entries: ['index.html', 'bench.html', 'workers/*.worker.ts'],
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'comlink', 'idb', 'seedrandom', 'zod', 'zustand', 'react', 'react-dom', 'react-dom/client', 'recharts'],
  },
  build: {
    target: 'es2022',
    ...(ISOLATED ? { outDir: 'dist-isolated', minify: false } : {}),
    rolldownOptions: {
      input: { main: 'index.html', bench: 'bench.html' },
      // The worker bundles are built inside the HTML transform, which the timing report blames on it.
      checks: { bundlerTimings: false },
    },
    chunkSizeWarningLimit: 4096, // TF.js lives in the worker chunk and is large by nature
  },
  server: { headers: securityHeaders(true) },
  preview: { headers: securityHeaders(false) },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'workers/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/core/test-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // .ci/run asks for machine-readable results to sum them up with the e2e ones.
    ...(process.env.VITEST_JSON_OUTPUT ? { reporters: ['default', 'json'], outputFile: { json: process.env.VITEST_JSON_OUTPUT } } : {}),
  },
});
