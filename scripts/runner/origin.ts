import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeAtomic } from './out-dir';

/**
 * The port a results folder's units are served on, kept in the folder. IndexedDB belongs to an
 * origin, host and port, so a unit's browser profile finds the checkpoints of an interrupted run
 * only when the rerun serves the app on the same port: the first invocation takes a free port and
 * writes it here, later ones ask for that port again.
 */
export const ORIGIN_FILE = 'origin.json';

const OriginSchema = z.object({ port: z.number().int().min(1).max(65535) });

/** The port stored in `out`, or null (none yet, or a file this runner did not write). */
export function storedPort(out: string): number | null {
  const file = join(out, ORIGIN_FILE);
  if (!existsSync(file)) return null;
  try {
    return OriginSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).port;
  } catch {
    return null;
  }
}

export function storePort(out: string, port: number): void {
  writeAtomic(join(out, ORIGIN_FILE), JSON.stringify({ port }) + '\n');
}

/**
 * Serves on the stored port when there is one; when that port is taken (another program holds it),
 * on a free one, saying that interrupted units then start over. Stores the port it serves on.
 */
export async function serveOnStablePort<S extends { url: string }>(out: string, serve: (port: number | undefined) => Promise<S>, warn: (line: string) => void): Promise<S> {
  const port = storedPort(out);
  let served: S;
  try {
    served = await serve(port ?? undefined);
  } catch (e) {
    if (port === null) throw e;
    warn(`warning: port ${port}, where this folder's units were served before, is taken (${e instanceof Error ? e.message : e}); serving on another port, so an interrupted unit trains again from step 0`);
    served = await serve(undefined);
  }
  storePort(out, Number(new URL(served.url).port));
  return served;
}
