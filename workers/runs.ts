import type { ExperimentConfig } from '../src/core/config';
import type { ModelConfig } from '../src/core/model/config';
import { Policy, type WeightArrays } from '../src/core/model/policy';
import type { CharTokenizer } from '../src/core/model/tokenizer';
import { RunDriver, type RunEvent } from '../src/core/run/driver';
import { freshRunSummary, type RunSummary } from './api';
import { DeviceLostError } from './device';
import { toSummary, type BaseIdentity, type LabDb, type StoredRun } from './store';
import { messageOf } from '../src/core/errors';

/**
 * The run lifecycle inside the worker: one run at a time, each on a fresh copy of the base
 * weights (RunDriver resumes it from the store's checkpoint when there is one), its status kept
 * in IndexedDB, and a Web Lock held while it runs so another tab, or this worker after a reload,
 * can tell a live run from an interrupted one.
 */
export interface BaseModel {
  config: ModelConfig;
  tokenizer: CharTokenizer;
  weights: WeightArrays;
  identity: BaseIdentity;
}

/** What an imported run records as its base: it has no checkpoint and cannot be resumed. */
export const IMPORTED_BASE: BaseIdentity = { url: 'imported', fingerprint: 'imported' };

interface ActiveRun {
  runId: string;
  driver: RunDriver | null;
  pause: boolean;
  stop: boolean;
}

export interface StartRun {
  runId: string;
  /** Parsed config; undefined when resuming a stored run by id. */
  config: ExperimentConfig | undefined;
  label?: string;
  presetId?: string;
}

const LOCK_WAIT_MS = 5_000;
const lockName = (runId: string) => `grpo-lab/run/${runId}`;

function locks(): LockManager | null {
  return (globalThis.navigator as Navigator | undefined)?.locks ?? null;
}

/** FNV-1a over the weights' bytes, in name order: which base checkpoint a run started from. */
export function weightsFingerprint(weights: WeightArrays): string {
  let h = 0x811c9dc5;
  for (const name of [...weights.keys()].sort()) {
    const bytes = new Uint8Array(weights.get(name)!.buffer, weights.get(name)!.byteOffset, weights.get(name)!.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export class RunManager {
  private active: ActiveRun | null = null;

  constructor(
    private readonly db: () => Promise<LabDb>,
    private readonly backend: () => { name: string; adapter: string },
    /** Runs TF.js work, turning a failure caused by a lost GPU device into a DeviceLostError. */
    private readonly onDevice: <T>(work: () => Promise<T>) => Promise<T>,
  ) {}

  get activeRunId(): string | null {
    return this.active?.runId ?? null;
  }

  /** Marks stored runs 'interrupted' that say running or paused but that no live worker holds. */
  async sweep(): Promise<void> {
    const db = await this.db();
    const manager = locks();
    const held = new Set(manager ? ((await manager.query()).held ?? []).map((l) => l.name) : []);
    await db.markInterrupted((runId) => runId === this.activeRunId || held.has(lockName(runId)));
  }

  /** Runs `run` to its end (done or stopped) and returns its summary. Call synchronously after validation. */
  start(run: StartRun, base: BaseModel, onEvent: (e: RunEvent) => void): Promise<RunSummary> {
    if (this.active) return Promise.reject(new Error(`startRun: run ${this.active.runId} is going; one run at a time (stop it first)`));
    // Set before the first await, so a pause or stop sent right after startRun reaches this run.
    const active: ActiveRun = { runId: run.runId, driver: null, pause: false, stop: false };
    this.active = active;
    const work = async () => {
      const manager = locks();
      if (!manager) return this.drive(active, run, base, onEvent);
      // A worker that was just replaced may take a moment to release its lock; another tab keeps it.
      const signal = AbortSignal.timeout(LOCK_WAIT_MS);
      try {
        return await manager.request(lockName(run.runId), { signal }, () => this.drive(active, run, base, onEvent));
      } catch (e) {
        if (signal.aborted && e === signal.reason) throw new Error(`startRun: run ${run.runId} is running in another tab of this lab`, { cause: e });
        throw e;
      }
    };
    return work().finally(() => {
      if (this.active === active) this.active = null;
    });
  }

  pause(): void {
    const a = this.require('pauseRun');
    a.pause = true;
    a.driver?.pause();
  }

  resume(): void {
    const a = this.require('resumeRun');
    a.pause = false;
    a.driver?.resume();
  }

  stop(): void {
    const a = this.require('stopRun');
    a.stop = true;
    a.driver?.stop();
  }

  private require(where: string): ActiveRun {
    if (!this.active) throw new Error(`${where}: no run is going`);
    return this.active;
  }

  private async drive(active: ActiveRun, run: StartRun, base: BaseModel, onEvent: (e: RunEvent) => void): Promise<RunSummary> {
    const db = await this.db();
    const existing = await db.getRun(run.runId);
    const config = existing ? existing.config : run.config;
    if (!config) throw new Error(`startRun: there is no run ${run.runId} to resume; give a config to start it`);
    if (existing && existing.base.fingerprint === IMPORTED_BASE.fingerprint) throw new Error(`startRun: run ${run.runId} was imported; it has no checkpoint to resume from`);
    if (existing && existing.base.fingerprint !== base.identity.fingerprint) {
      throw new Error(`startRun: run ${run.runId} started from another base checkpoint (${existing.base.url}, ${existing.base.fingerprint}); it cannot resume on this one (${base.identity.fingerprint})`);
    }
    const now = new Date().toISOString();
    const backend = this.backend();
    const stored: StoredRun = existing
      ? { ...withoutError(existing), status: 'running', updatedAt: now, backend: resumedBackend(existing, backend) }
      : { ...freshRunSummary({ runId: run.runId, label: run.label ?? config.name, presetId: run.presetId, config, backend, now }), base: base.identity };
    await db.putRun(stored);

    // Status writes follow the driver's events in order; the run's end waits for them.
    let writes: Promise<unknown> = Promise.resolve();
    const write = (f: () => Promise<unknown>) => (writes = writes.then(f).catch(() => {}));
    const policy = Policy.fromWeights(base.config, base.tokenizer, base.weights, true);
    const driver = new RunDriver({
      runId: run.runId,
      config,
      policy,
      store: db,
      onEvent: (e) => {
        if (e.type === 'eval') write(() => db.saveEval(run.runId, e.point));
        else if (e.type === 'paused') write(() => db.setStatus(run.runId, 'paused'));
        else if (e.type === 'resumed') write(() => db.setStatus(run.runId, 'running'));
        // The page may have gone (a reload); its listener failing must not stop the run.
        void Promise.resolve(onEvent(e) as unknown).catch(() => {});
      },
    });
    active.driver = driver;
    if (active.pause) driver.pause();
    if (active.stop) driver.stop();
    try {
      const status = await this.onDevice(() => driver.run());
      await writes;
      const done = await db.setStatus(run.runId, status);
      return toSummary(done ?? stored);
    } catch (e) {
      await writes;
      // A lost device is no failure of the run: it stays 'running' until the page resumes it elsewhere.
      if (!(e instanceof DeviceLostError)) await db.setStatus(run.runId, 'failed', messageOf(e)).catch(() => {});
      throw e;
    } finally {
      policy.dispose();
    }
  }
}

function withoutError(run: StoredRun): StoredRun {
  const { error: _error, ...rest } = run;
  return rest;
}

/** A run resumed on another backend says so: its numbers came from two of them. */
function resumedBackend(run: StoredRun, now: { name: string; adapter: string }): { name: string; adapter: string } {
  if (run.backend.name === now.name || run.step === 0) return now;
  return { name: now.name, adapter: `${now.adapter} (resumed at step ${run.checkpointStep}; steps before on ${run.backend.name})` };
}
