import { describe, expect, it } from 'vitest';
import { RunControl, type RunRequest } from './run-control';

/** Settled or not, without waiting on a clock: one macrotask lets every resolved promise run. */
async function settled(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setTimeout(r, 0));
  return done;
}

describe('RunControl', () => {
  it('reports each change once: a second pause, or a resume of a run not paused, changes nothing', () => {
    const seen: RunRequest[] = [];
    const control = new RunControl((r) => seen.push(r));
    control.pause();
    control.pause();
    control.resume();
    control.resume();
    expect(seen).toEqual([
      { pause: true, stop: false },
      { pause: false, stop: false },
    ]);
    expect(control.request).toEqual({ pause: false, stop: false });
  });

  it('holds whilePaused until resumed, and lets a run that is not paused go at once', async () => {
    const control = new RunControl();
    expect(await settled(control.whilePaused())).toBe(true);
    control.pause();
    const held = control.whilePaused();
    expect(await settled(held)).toBe(false);
    control.resume();
    expect(await settled(held)).toBe(true);
  });

  it('a stop releases a paused run, and a pause after a stop is ignored (the run ends, it is not held)', async () => {
    const seen: RunRequest[] = [];
    const control = new RunControl((r) => seen.push(r));
    control.pause();
    const held = control.whilePaused();
    control.stop();
    expect(await settled(held)).toBe(true);
    control.pause();
    control.stop();
    expect(control.request).toEqual({ pause: false, stop: true });
    expect(seen).toEqual([
      { pause: true, stop: false },
      { pause: false, stop: true },
    ]);
    expect(await settled(control.whilePaused())).toBe(true);
  });
});
