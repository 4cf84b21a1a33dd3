import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ORIGIN_FILE, serveOnStablePort, storedPort } from './origin';

/** A results folder keeps its port, so a rerun serves the app on the same origin (and finds its IndexedDB). */
const servers: Server[] = [];
const dirs: string[] = [];

function listen(port = 0): Promise<{ url: string; server: Server }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      servers.push(server);
      const address = server.address();
      resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`, server });
    });
  });
}

const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => (s.listening ? close(s) : Promise.resolve())));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'grpo-origin-'));
  dirs.push(d);
  return d;
}

describe('serveOnStablePort', () => {
  it('takes a free port the first time, stores it, and serves on it again the next time', async () => {
    const out = folder();
    expect(storedPort(out)).toBeNull();
    const first = await serveOnStablePort(out, listen, () => {});
    const port = Number(new URL(first.url).port);
    expect(storedPort(out)).toBe(port);
    await close(first.server);
    const warnings: string[] = [];
    const second = await serveOnStablePort(out, listen, (w) => warnings.push(w));
    expect(second.url).toBe(first.url);
    expect(warnings).toEqual([]);
  });

  it('when the stored port is taken, serves on another, says that interrupted units start over, and stores the new port', async () => {
    const out = folder();
    const squatter = await listen();
    const taken = Number(new URL(squatter.url).port);
    writeFileSync(join(out, ORIGIN_FILE), JSON.stringify({ port: taken }));
    const warnings: string[] = [];
    const served = await serveOnStablePort(out, listen, (w) => warnings.push(w));
    const port = Number(new URL(served.url).port);
    expect(port).not.toBe(taken);
    expect(storedPort(out)).toBe(port);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^warning: port ${taken}, where this folder's units were served before, is taken .*trains again from step 0$`));
  });

  it('ignores an origin file it did not write', async () => {
    const out = folder();
    writeFileSync(join(out, ORIGIN_FILE), '{"port": "eighty"}');
    expect(storedPort(out)).toBeNull();
    const served = await serveOnStablePort(out, listen, () => {});
    expect(storedPort(out)).toBe(Number(new URL(served.url).port));
  });
});
