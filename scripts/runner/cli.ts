import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BACKENDS } from '../../src/core/config';
import { PRESET_IDS } from '../../src/core/presets';
import { MAX_PARALLEL_RUNS } from '../../src/core/parallelism';

/**
 * The flags of `npm run experiment`, parsed and checked before anything is written. A wrong
 * request throws a UsageError whose message is one line naming the problem.
 */
export const USAGE = `usage:
  npm run experiment -- --preset <name> | --config <file.json> [--seeds N] [--out DIR]
                        [--backend auto|webgpu|webgl|wasm|cpu] [--quick] [--grid knob=v1,v2 ...]
                        [--jobs N] [--shard i/n] [--no-charts] [--browser-ws <ws-endpoint> [--app-host NAME] [--app-port N]]
  npm run experiment -- --list
  npm run experiment -- --merge DIR1 DIR2 ... --out DIR`;

export class UsageError extends Error {
  override name = 'UsageError';
}

const OPTIONS = {
  preset: { type: 'string' },
  config: { type: 'string' },
  seeds: { type: 'string' },
  out: { type: 'string' },
  backend: { type: 'string' },
  quick: { type: 'boolean' },
  grid: { type: 'string', multiple: true },
  jobs: { type: 'string' },
  shard: { type: 'string' },
  'no-charts': { type: 'boolean' },
  'browser-ws': { type: 'string' },
  'app-host': { type: 'string' },
  'app-port': { type: 'string' },
  list: { type: 'boolean' },
  merge: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const ArgsSchema = z
  .object({
    preset: z.string().optional(),
    config: z.string().optional(),
    seeds: z.coerce.number({ error: '--seeds must be a positive integer' }).int({ error: '--seeds must be a positive integer' }).min(1, { error: '--seeds must be a positive integer' }).max(1000).default(1),
    out: z.string().min(1).optional(),
    backend: z.enum(BACKENDS, { error: `--backend must be one of ${BACKENDS.join(', ')}` }).default('wasm'),
    quick: z.boolean().default(false),
    grid: z.array(z.string()).default([]),
    /** Units run side by side; absent: one fewer than the machine's cores (src/core/parallelism.ts). */
    jobs: z.coerce.number({ error: '--jobs must be a positive integer' }).int({ error: '--jobs must be a positive integer' }).min(1, { error: '--jobs must be a positive integer' }).max(MAX_PARALLEL_RUNS, { error: `--jobs is at most ${MAX_PARALLEL_RUNS}` }).optional(),
    shard: z.string().regex(/^\d+\/\d+$/, { error: '--shard must look like i/n, e.g. 1/2' }).refine((s) => { const [i, n] = s.split('/').map(Number); return i >= 1 && i <= n; }, { error: '--shard i/n needs 1 ≤ i ≤ n' }).optional(),
    /** Skip the chart PNGs (charts/): the results without the minutes a browser takes to draw them. */
    noCharts: z.boolean().default(false),
    browserWs: z.string().regex(/^wss?:\/\//, { error: '--browser-ws must be a ws:// or wss:// endpoint' }).optional(),
    /** How the remote browser reaches this machine's server (default: this host name, a free port). */
    appHost: z.string().regex(/^[\w.-]+$/, { error: '--app-host must be a host name or address' }).optional(),
    appPort: z.coerce.number({ error: '--app-port must be a port number' }).int().min(1, { error: '--app-port must be a port number' }).max(65535, { error: '--app-port must be a port number' }).optional(),
    list: z.boolean().default(false),
    merge: z.boolean().default(false),
    help: z.boolean().default(false),
    dirs: z.array(z.string()).default([]),
  })
  .superRefine((a, ctx) => {
    if (a.help || a.list) return;
    if (a.merge) {
      if (a.dirs.length < 1) ctx.addIssue({ code: 'custom', message: '--merge needs at least one results folder' });
      if (!a.out) ctx.addIssue({ code: 'custom', message: '--merge needs --out DIR for the combined folder' });
      return;
    }
    if ((a.appHost || a.appPort) && !a.browserWs) ctx.addIssue({ code: 'custom', message: '--app-host and --app-port only apply with --browser-ws' });
    if (a.dirs.length) ctx.addIssue({ code: 'custom', message: `unexpected argument ${JSON.stringify(a.dirs[0])}` });
    if (!a.preset === !a.config) ctx.addIssue({ code: 'custom', message: 'give exactly one of --preset <name> or --config <file.json>' });
    if (a.preset && !PRESET_IDS.includes(a.preset)) ctx.addIssue({ code: 'custom', message: `unknown preset ${JSON.stringify(a.preset)}; known presets: ${PRESET_IDS.join(', ')} (see --list)` });
  });

export type CliArgs = z.output<typeof ArgsSchema>;

/** Edit distance (insertions, deletions, substitutions) between two short strings. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The known flag a misspelt one most likely meant, if one is close (at most 2 edits). */
export function closestFlag(name: string): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const known of Object.keys(OPTIONS)) {
    const d = distance(name, known);
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return best;
}

export function parseCli(argv: string[]): CliArgs {
  // Unknown flags first, in our words: Node's own message is advice about positional arguments.
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option' || Object.hasOwn(OPTIONS, t.name) || t.name === 'h') continue;
    const near = closestFlag(t.name);
    throw new UsageError(`unknown flag ${t.rawName}${near ? ` (did you mean --${near}?)` : ''}`);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
  const { 'browser-ws': browserWs, 'app-host': appHost, 'app-port': appPort, 'no-charts': noCharts, ...rest } = parsed.values;
  const r = ArgsSchema.safeParse({ ...rest, browserWs, appHost, appPort, noCharts, dirs: parsed.positionals });
  if (!r.success) throw new UsageError(r.error.issues.map((i) => i.message).join('; '));
  return r.data;
}
