/**
 * npm run browser-server -- [--port 3000] [--trust http://runner-host:4300]
 *
 * For `npm run experiment -- --browser-ws`: starts headless Chromium (found as scripts/chromium.ts
 * finds it) as a Playwright browser server on this machine, typically the one with the GPU, and
 * prints the ws:// endpoint to pass to the runner. The runner serves the app from its own machine
 * over plain http, which is not a secure context, and WebGPU is only exposed to secure contexts:
 * `--trust` names the runner's origin (its --app-host and --app-port) for Chromium to treat as
 * secure. Without it the lab falls back from WebGPU to WebGL.
 */
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { z } from 'zod';
import { chromiumLaunchOptions, describeChromium } from './chromium';

const Args = z.object({
  port: z.coerce.number({ error: '--port must be a port number' }).int().min(1).max(65535, { error: '--port must be a port number' }).default(3000),
  trust: z.array(z.url({ protocol: /^https?$/, error: '--trust must be an origin such as http://runner-host:4300' })).default([]),
});

let raw;
try {
  raw = parseArgs({ options: { port: { type: 'string' }, trust: { type: 'string', multiple: true } }, strict: true }).values;
} catch (e) {
  process.stderr.write(`error: ${e instanceof Error ? e.message.split('\n')[0] : e}\n`);
  process.exit(2);
}
const parsed = Args.safeParse(raw);
if (!parsed.success) {
  process.stderr.write(`error: ${parsed.error.issues.map((i) => i.message).join('; ')}\n`);
  process.exit(2);
}
const { port, trust } = parsed.data;
const extra = trust.length ? [`--unsafely-treat-insecure-origin-as-secure=${trust.map((u) => new URL(u).origin).join(',')}`] : [];
const server = await chromium.launchServer({ ...chromiumLaunchOptions(extra), port, host: '0.0.0.0' });
process.stdout.write(`${describeChromium()} listening; pass this to the runner:\n  --browser-ws ${server.wsEndpoint().replace('0.0.0.0', '<this-host>')}\n`);
process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
