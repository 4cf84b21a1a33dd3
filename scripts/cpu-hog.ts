/**
 * A CPU hog on every core, for measuring and testing the lab on a busy machine.
 *
 *   tsx scripts/cpu-hog.ts <command> [args…]   runs the command with one spinning process per core
 *                                               beside it, and exits with the command's exit code
 *
 * `npm run test:busy` runs the e2e suite this way; `npm run bench:page -- --busy` uses startCpuHog.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Starts `count` processes that spin at normal priority; returns a function that stops them. */
export function startCpuHog(count = cpus().length): () => void {
  const hogs: ChildProcess[] = Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const h of hogs) h.kill('SIGKILL');
  };
  process.once('exit', stop);
  return stop;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help') {
    console.error('usage: tsx scripts/cpu-hog.ts <command> [args…]  (runs the command with a CPU hog on every core)');
    return 2;
  }
  const stop = startCpuHog();
  console.error(`[cpu-hog] ${cpus().length} spinning processes beside: ${argv.join(' ')}`);
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit' });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
      child.on('error', (e) => {
        console.error(`[cpu-hog] could not run ${argv[0]}: ${e.message}`);
        resolve(2);
      });
    });
  } finally {
    stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
