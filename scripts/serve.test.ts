import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { serveBuiltApp, type Served } from './serve';

/**
 * The security headers (CSP with frame-ancestors 'none', X-Frame-Options, nosniff, no referrer)
 * on every response of the three servers, 404s included: the runner's and the benchmark's server
 * (serveBuiltApp, which is `vite preview`), and the dev server. It needs no build: a missing
 * dist/ answers 404, which must carry them too.
 */
const PATHS = ['/', '/no-such-file.txt', '/checkpoints/missing/manifest.json'];

function headersOf(res: Response) {
  return {
    csp: res.headers.get('content-security-policy') ?? '',
    frame: res.headers.get('x-frame-options'),
    nosniff: res.headers.get('x-content-type-options'),
    referrer: res.headers.get('referrer-policy'),
  };
}

async function expectHeaders(base: string, dev: boolean): Promise<void> {
  for (const path of PATHS) {
    const res = await fetch(new URL(path, base));
    const h = headersOf(res);
    expect(h.csp, `${path} (${res.status})`).toContain("frame-ancestors 'none'");
    expect(h.csp, path).toContain("default-src 'self'");
    expect(h.csp.includes("'unsafe-inline'"), path).toBe(dev);
    expect({ path, frame: h.frame, nosniff: h.nosniff, referrer: h.referrer }).toEqual({ path, frame: 'DENY', nosniff: 'nosniff', referrer: 'no-referrer' });
  }
  const missing = await fetch(new URL('/no-such-file.txt', base));
  expect(missing.status).toBe(404);
}

describe('security headers', () => {
  let served: Served | null = null;
  let dev: ViteDevServer | null = null;
  afterAll(async () => {
    await served?.close();
    await dev?.close();
  });

  it('are on every response of the built app’s server, 404s included', async () => {
    served = await serveBuiltApp(process.cwd());
    await expectHeaders(served.url, false);
  });

  it('are on every response of the dev server, 404s included', async () => {
    dev = await createServer({ root: process.cwd(), logLevel: 'silent', server: { port: 0, host: '127.0.0.1' }, optimizeDeps: { noDiscovery: true, include: [] } });
    await dev.listen();
    const address = dev.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('the dev server did not report a port');
    await expectHeaders(`http://127.0.0.1:${address.port}/`, true);
  });
});
