import { z } from 'zod';
import { BACKENDS, type BackendChoice } from '../core/config';
import { cut, quoted } from '../core/errors';

const NOT_A_LOCAL_FOLDER = 'checkpoint must be a folder on this site, such as /checkpoints/base/';

/** What the page's URL may set. Everything else in the query string is ignored. */
export const PageParamsSchema = z.object({
  backend: z.enum(BACKENDS, { error: (iss) => `backend must be one of ${BACKENDS.join(', ')} (got ${quoted(iss.input)})` }).default('auto'),
  checkpoint: z
    .string()
    .regex(/^\/(?!\/)[^?#]*$/, { error: NOT_A_LOCAL_FOLDER })
    .default(`${import.meta.env.BASE_URL}checkpoints/base/`),
});

export interface PageParams {
  backend: BackendChoice;
  /** Absolute URL of the checkpoint folder, ending in '/'. */
  checkpointUrl: string;
}

export type ParsedParams = { ok: true; params: PageParams } | { ok: false; problems: string[] };

export function parsePageParams(search: string, origin: string): ParsedParams {
  const query = new URLSearchParams(search);
  const raw: Record<string, string> = {};
  for (const key of ['backend', 'checkpoint'] as const) {
    const v = query.get(key);
    if (v !== null) raw[key] = v;
  }
  const r = PageParamsSchema.safeParse(raw);
  if (!r.success) return { ok: false, problems: r.error.issues.map((i) => i.message) };
  const folder = r.data.checkpoint.endsWith('/') ? r.data.checkpoint : `${r.data.checkpoint}/`;
  // The URL parser reads '\' as '/' and drops tabs and newlines, so '/\evil.example/' passes the
  // pattern yet names another host: the resolved URL is what must stay on this origin.
  // Nor is every such path a URL: '/\' reads as '//' with no host, and new URL throws.
  const url = URL.canParse(folder, origin) ? new URL(folder, origin) : null;
  if (url === null) return { ok: false, problems: [`${NOT_A_LOCAL_FOLDER} (${quoted(r.data.checkpoint)} is not a URL path)`] };
  if (url.origin !== new URL(origin).origin || url.search || url.hash) return { ok: false, problems: [`${NOT_A_LOCAL_FOLDER} (${quoted(r.data.checkpoint)} leads to ${cut(url.origin)})`] };
  return { ok: true, params: { backend: r.data.backend, checkpointUrl: url.href } };
}
