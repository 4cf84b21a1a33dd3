import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { preview, type PreviewServer } from 'vite';

/**
 * Builds the app when the build is missing or older than its sources, and serves dist/ with
 * `vite preview` (same headers as the e2e tests and a deployment) on a free port. Used by the
 * benchmark and the headless runner.
 */
const SOURCES = ['index.html', 'bench.html', 'src', 'workers', 'public', 'vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

/** Runs `vite build` (into vite.config.ts's outDir for this process's environment). */
export function buildApp(root = process.cwd()): void {
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed with exit code ${r.status}`);
}

export function buildIfNeeded(root = process.cwd(), log: (line: string) => void = console.error): void {
  const built = join(root, 'dist', 'index.html');
  const stale = !existsSync(built) || SOURCES.some((s) => newestMtime(join(root, s)) > statSync(built).mtimeMs);
  if (!stale) return;
  log('building the app (vite build)…');
  buildApp(root);
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/**
 * `host: '0.0.0.0'` serves on every interface, for a browser on another machine (--browser-ws);
 * the URL then names this machine by `name` (default: its host name), on `port` (default: a
 * free one).
 */
export async function serveBuiltApp(root = process.cwd(), opts: { host?: string; name?: string; port?: number } = {}): Promise<Served> {
  const host = opts.host ?? '127.0.0.1';
  const server: PreviewServer = await preview({ root, logLevel: 'warn', preview: { port: opts.port ?? 0, strictPort: true, host, open: false } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('vite preview did not report a port');
  const name = host === '0.0.0.0' ? (opts.name ?? hostname()) : '127.0.0.1';
  return { url: `http://${name}:${address.port}/`, close: () => server.close() };
}
