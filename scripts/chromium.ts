import { existsSync } from 'node:fs';
import type { LaunchOptions } from 'playwright-core';

/**
 * How GRPO Lab launches headless Chromium: the e2e tests, the benchmark and the headless experiment
 * runner all use this module, so they see the same browser with the same flags.
 */

/** Debian's chromium package installs here. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The browser to drive, in this order: $CHROMIUM_PATH (or $PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH),
 * then Debian's /usr/bin/chromium, then Playwright's own download (undefined: Playwright picks it).
 */
export function chromiumExecutablePath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.CHROMIUM_PATH || env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  return undefined;
}

/**
 * Flags for headless Chromium in a container that may run as root, without a sandbox and without a
 * network. WebGPU needs --enable-unsafe-webgpu on Linux; without a GPU it gets a software adapter
 * (SwiftShader), as does WebGL via --enable-unsafe-swiftshader. We keep the GPU process (no
 * --disable-gpu) so both stay available, like in a user's Chrome.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  // Without these Chromium phones home (component updates, sync, field trials); there is no network here.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
  '--metrics-recording-only',
];

export function chromiumLaunchOptions(extraArgs: readonly string[] = []): LaunchOptions {
  const executablePath = chromiumExecutablePath();
  return {
    headless: true,
    ...(executablePath ? { executablePath } : {}),
    args: [...CHROMIUM_ARGS, ...extraArgs],
  };
}

/** A human-readable line saying which browser will run, for logs. */
export function describeChromium(): string {
  const path = chromiumExecutablePath();
  return path ? `Chromium at ${path}` : "Playwright's own Chromium";
}
