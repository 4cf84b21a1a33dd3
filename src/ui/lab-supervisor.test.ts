import { describe, expect, it } from 'vitest';
import type * as Comlink from 'comlink';
import type { BackendReport } from '../core/backend-choice';
import type { RunEvent } from '../core/training/driver';
import type { LabApi, RunSummary } from '../../workers/api';
import { LabSupervisor } from './lab-supervisor';
import type { LabWorker } from './lab-client';

/**
 * The supervisor keeps no pause or stop state of its own: after a worker dies, the next worker
 * gets what the last one reported in its 'control' events, and nothing the page merely asked for.
 * The workers here are stand-ins that record the calls they get; the supervisor is the real one.
 */
interface StandIn {
  calls: string[];
  /** The backend each init asked for. */
  inits: string[];
  terminated: boolean;
  emit: (e: RunEvent) => void;
  die: () => void;
}

/** `booted`, when given, holds the second worker's start until it settles. */
function standInWorkers(booted?: Promise<void>): { spawn: () => LabWorker; workers: StandIn[] } {
  const workers: StandIn[] = [];
  const report: BackendReport = { name: 'cpu', requested: 'cpu', adapter: '', reason: 'asked for', fellBack: false, how: 'requested', identity: '', skipped: {}, failures: {} };
  const spawn = (): LabWorker => {
    const calls: string[] = [];
    let die!: (e: Error) => void;
    const crashed = new Promise<never>((_, reject) => (die = reject));
    crashed.catch(() => {});
    const w: StandIn = { calls, inits: [], terminated: false, emit: () => {}, die: () => die(new Error('gone')) };
    workers.push(w);
    const boot = workers.length > 1 && booted ? booted : Promise.resolve();
    const api = {
      ping: async () => {
        await boot;
        return 'ready';
      },
      init: async (args: { backend: string }) => (w.inits.push(args.backend), { ...report, name: args.backend === 'auto' ? 'wasm' : args.backend }),
      watchDevice: async () => {},
      loadCheckpoint: async (url: string) => ({ url, modelConfig: {}, parameterCount: 0, provenance: {} }),
      startRun: (_args: unknown, onEvent: (e: RunEvent) => void) => {
        calls.push('startRun');
        w.emit = onEvent;
        return new Promise<RunSummary>(() => {});
      },
      pauseRun: async () => void calls.push('pauseRun'),
      resumeRun: async () => void calls.push('resumeRun'),
      stopRun: async () => void calls.push('stopRun'),
    };
    return { api: api as unknown as Comlink.Remote<LabApi>, crashed, terminate: () => void (w.terminated = true) };
  };
  return { spawn, workers };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 0));
}

async function restartedAfter(control: RunEvent | null, ask: (lab: LabSupervisor) => Promise<void>): Promise<string[]> {
  const { spawn, workers } = standInWorkers();
  const lab = new LabSupervisor({ backend: 'cpu', checkpointUrl: 'http://lab.test/ckpt', spawn, pingIntervalMs: 3_600_000 });
  await lab.start();
  void lab.startRun({ runId: 'r', config: undefined }).catch(() => {});
  await until(() => workers[0].calls.includes('startRun'));
  await ask(lab);
  if (control) workers[0].emit(control);
  workers[0].die();
  await until(() => workers.length === 2 && workers[1].calls.includes('startRun'));
  // The replayed control, if any, is sent in the same turn as startRun.
  await new Promise((r) => setTimeout(r, 0));
  return workers[1].calls;
}

describe('LabSupervisor after a worker restart', () => {
  it('holds the resumed run paused when the worker last reported it paused', async () => {
    expect(await restartedAfter({ type: 'control', runId: 'r', pause: true, stop: false }, async () => {})).toEqual(['startRun', 'pauseRun']);
  });

  it('stops the resumed run when the worker last reported a stop, even a paused one', async () => {
    expect(await restartedAfter({ type: 'control', runId: 'r', pause: false, stop: true }, async () => {})).toEqual(['startRun', 'stopRun']);
  });

  it('replays nothing the worker did not report: a pause the page sent is not remembered by the page', async () => {
    expect(await restartedAfter(null, (lab) => lab.pauseRun())).toEqual(['startRun']);
  });

  it('a pause sent while the worker is replaced reaches the new worker after the resumed run', async () => {
    let boot!: () => void;
    const { spawn, workers } = standInWorkers(new Promise((r) => (boot = r)));
    const lab = new LabSupervisor({ backend: 'cpu', checkpointUrl: 'http://lab.test/ckpt', spawn, pingIntervalMs: 3_600_000 });
    await lab.start();
    void lab.startRun({ runId: 'r', config: undefined }).catch(() => {});
    await until(() => workers[0].calls.includes('startRun'));
    workers[0].die();
    await until(() => workers.length === 2 && lab.status.state === 'recovering');
    const paused = lab.pauseRun();
    expect(workers[1].calls).toEqual([]);
    boot();
    await paused;
    expect(workers[1].calls).toEqual(['startRun', 'pauseRun']);
  });

  it('a control event of another run changes nothing', async () => {
    expect(await restartedAfter({ type: 'control', runId: 'other', pause: true, stop: false }, async () => {})).toEqual(['startRun']);
  });
});

describe('LabSupervisor.startSibling', () => {
  it('starts another worker on the backend the first one chose, and close ends it for good', async () => {
    const { spawn, workers } = standInWorkers();
    const lab = new LabSupervisor({ backend: 'auto', checkpointUrl: 'http://lab.test/ckpt', spawn, pingIntervalMs: 3_600_000 });
    await lab.start();
    const sibling = await lab.startSibling('lab 2');
    expect(workers.map((w) => w.inits)).toEqual([['auto'], ['wasm']]);
    expect(sibling.checkpoint?.url).toBe('http://lab.test/ckpt');
    const run = sibling.startRun({ runId: 'r', config: undefined });
    await until(() => workers[1].calls.includes('startRun'));
    sibling.close();
    // A closed sibling's run fails instead of waiting, and nothing starts a worker in its place.
    await expect(run).rejects.toThrow(/closed/);
    await expect(sibling.pauseRun()).rejects.toThrow(/closed/);
    expect(workers[1].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(false);
  });
});
