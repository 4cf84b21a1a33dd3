import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from 'playwright-core';

/**
 * How GRPO Lab launches headless Chromium: the e2e tests, the benchmark and the headless experiment
 * runner all use this module, so they see the same browser with the same flags.
 */

/** Debian's chromium package installs here. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** There is no browser on this machine; its message says how to get one. */
export class NoChromiumError extends Error {}

/**
 * The browser to drive, in this order: $CHROMIUM_PATH (or $PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH),
 * then Debian's /usr/bin/chromium, then Playwright's own download (undefined: Playwright picks it).
 * With none of them on disk it throws one line saying how to get a browser, so that a runner stops
 * before its first unit instead of every unit failing on Playwright's missing download.
 */
export function chromiumExecutablePath(
  env: NodeJS.ProcessEnv = process.env,
  debianPath: string = DEBIAN_CHROMIUM,
  playwrightPath: () => string = () => chromium.executablePath(),
): string | undefined {
  const fromEnv = env.CHROMIUM_PATH || env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new NoChromiumError(`CHROMIUM_PATH points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  if (existsSync(debianPath)) return debianPath;
  let own = '';
  try {
    own = playwrightPath();
  } catch {
    // playwright-core throws when it knows no browser for this platform: the same as none on disk.
  }
  if (own && existsSync(own)) return undefined;
  throw new NoChromiumError(`no Chromium to drive: ${debianPath} does not exist and Playwright has no browser of its own; install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`);
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
  try {
    const path = chromiumExecutablePath();
    return path ? `Chromium at ${path}` : "Playwright's own Chromium";
  } catch (e) {
    if (e instanceof NoChromiumError) return 'no Chromium on this machine';
    throw e;
  }
}
