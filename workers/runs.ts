import type { ExperimentConfig } from '../src/core/config';
import type { ModelConfig } from '../src/core/model/config';
import { Policy, type WeightArrays } from '../src/core/model/policy';
import type { CharTokenizer } from '../src/core/model/tokenizer';
import { RunDriver, type RunEvent } from '../src/core/training/driver';
import { RunControl } from '../src/core/training/run-control';
import { freshRunSummary, LAB_LOCKS, RUNS_CHANNEL, type BroadcastRunEvent, type RunsBroadcast, type RunSummary } from './api';
import { DeviceLostError } from './device';
import { toSummary, type BaseIdentity, type LabDb, type StoredRun } from './store';
import { messageOf } from '../src/core/errors';

/**
 * The run lifecycle inside the worker: one run at a time in a worker, each on a fresh copy of the base
 * weights (RunDriver resumes it from the store's checkpoint when there is one), its status kept
 * in IndexedDB. While it trains, the worker holds the run's Web Lock and the lab's training lock
 * (LAB_LOCKS): another tab can then neither start nor delete it, nor start a second run, and any
 * worker can tell a live run from one left 'running' by a closed tab or a dead worker. A preset
 * job's run (StartRun.job) holds only its own lock: the page driving the job holds the training
 * lock for all of its lab workers. Its events go out on RUNS_CHANNEL, so the other tabs show it live.
 */
export interface BaseModel {
  config: ModelConfig;
  tokenizer: CharTokenizer;
  weights: WeightArrays;
  identity: BaseIdentity;
}

/** What an imported run records as its base: it has no checkpoint and cannot be resumed. */
export const IMPORTED_BASE: BaseIdentity = { url: 'imported', fingerprint: 'imported' };

/** The run this worker trains: its control is the one home of its pause and stop. */
interface ActiveRun {
  runId: string;
  control: RunControl;
  /** Sends an event of the run to the page and the other tabs. */
  emit: (e: RunEvent) => void;
}

export interface StartRun {
  runId: string;
  /** Parsed config; undefined when resuming a stored run by id. */
  config: ExperimentConfig | undefined;
  label?: string;
  presetId?: string;
  /** The preset job whose page holds the training lock for it (StartRunArgs.job). */
  job?: string;
}

/** How long a start waits for the locks: a worker that was just replaced may take a moment to release them. */
const LOCK_WAIT_MS = 5_000;

function locks(): LockManager | null {
  return (globalThis.navigator as Navigator | undefined)?.locks ?? null;
}

/** Names of the Web Locks held now, by any tab or worker of this origin. */
async function heldLocks(): Promise<Set<string>> {
  const manager = locks();
  return new Set(manager ? ((await manager.query()).held ?? []).flatMap((l) => (l.name ? [l.name] : [])) : []);
}

/** Why a start found the locks taken: the run itself, or another run, trains in another tab. */
async function whyTaken(runId: string): Promise<string> {
  const held = await heldLocks();
  if (held.has(LAB_LOCKS.run(runId))) return `startRun: run ${runId} is training in another tab of this lab`;
  const other = [...held].find((n) => n.startsWith(LAB_LOCKS.runPrefix));
  const which = other ? `run ${other.slice(LAB_LOCKS.runPrefix.length)}` : [...held].some((n) => n.startsWith(LAB_LOCKS.preset(''))) ? 'a preset' : 'another run';
  return `startRun: ${which} is training in another tab of this lab; one run at a time (stop it there first)`;
}

/**
 * Why a run of preset job `jobId` may not train now, or null when it may: the page driving the
 * job must hold both the job's lock and the lab's training lock (LAB_LOCKS).
 */
async function whyNotInJob(runId: string, jobId: string, manager: LockManager): Promise<string | null> {
  const held = (await manager.query()).held ?? [];
  const holder = (name: string) => held.find((l) => l.name === name)?.clientId;
  const job = holder(LAB_LOCKS.preset(jobId));
  if (job === undefined) return `startRun: run ${runId} belongs to preset job ${jobId}, which no tab is driving now`;
  if (holder(LAB_LOCKS.training) !== job) return `startRun: preset job ${jobId} does not hold the lab's training lock; another run is training`;
  return null;
}

function channel(): BroadcastChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(RUNS_CHANNEL);
}

function forOtherTabs(e: RunEvent): BroadcastRunEvent {
  if (e.type !== 'step') return e;
  const { samples: _samples, ...rest } = e;
  return rest;
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
  private readonly channel = channel();

  constructor(
    private readonly db: () => Promise<LabDb>,
    private readonly backend: () => { name: string; adapter: string },
    /** Runs TF.js work, turning a failure caused by a lost GPU device into a DeviceLostError. */
    private readonly onDevice: <T>(work: () => Promise<T>) => Promise<T>,
  ) {}

  get activeRunId(): string | null {
    return this.active?.runId ?? null;
  }

  /**
   * Marks stored runs 'interrupted' that say running or paused but that no live worker holds: a
   * run another tab trains holds its lock and stays as it is.
   */
  async sweep(): Promise<void> {
    const db = await this.db();
    const held = await heldLocks();
    await db.markInterrupted((runId) => runId === this.activeRunId || held.has(LAB_LOCKS.run(runId)));
  }

  /** Tells the other tabs that the stored runs changed (a delete, an import). */
  announce(message: RunsBroadcast = { type: 'runs-changed' }): void {
    this.channel?.postMessage(message);
  }

  /**
   * Runs `work` (a delete) holding the run's lock, so that no tab can start the run meanwhile;
   * refuses at once when a worker, here or in another tab, trains it.
   */
  async whileIdle<T>(where: string, runId: string, work: () => Promise<T>): Promise<T> {
    if (this.activeRunId === runId) throw new Error(`${where}: run ${runId} is going; stop it first`);
    const manager = locks();
    if (!manager) return work();
    return manager.request(LAB_LOCKS.run(runId), { ifAvailable: true }, async (lock) => {
      if (!lock) throw new Error(`${where}: run ${runId} is training in another tab of this lab; stop it there first`);
      return work();
    });
  }

  /** Runs `run` to its end (done or stopped) and returns its summary. Call synchronously after validation. */
  start(run: StartRun, base: BaseModel, onEvent: (e: RunEvent) => void): Promise<RunSummary> {
    if (this.active) return Promise.reject(new Error(`startRun: run ${this.active.runId} is going; one run at a time (stop it first)`));
    const emit = (e: RunEvent) => {
      this.announce({ type: 'run-event', event: forOtherTabs(e) });
      // The page may have gone (a reload); its listener failing must not stop the run.
      void Promise.resolve(onEvent(e) as unknown).catch(() => {});
    };
    // Set before the first await, so a pause or stop sent right after startRun reaches this run.
    const control = new RunControl((request) => emit({ type: 'control', runId: run.runId, ...request }));
    const active: ActiveRun = { runId: run.runId, control, emit };
    this.active = active;
    const work = async () => {
      const manager = locks();
      if (!manager) return this.drive(active, run, base);
      // Always the run's lock first, then the training lock: two starts never wait on each other in a circle.
      const signal = AbortSignal.timeout(LOCK_WAIT_MS);
      try {
        if (run.job !== undefined) {
          const job = run.job;
          return await manager.request(LAB_LOCKS.run(run.runId), { signal }, async () => {
            const why = await whyNotInJob(run.runId, job, manager);
            if (why) throw new Error(why);
            return this.drive(active, run, base);
          });
        }
        return await manager.request(LAB_LOCKS.run(run.runId), { signal }, () => manager.request(LAB_LOCKS.training, { signal }, () => this.drive(active, run, base)));
      } catch (e) {
        if (signal.aborted && e === signal.reason) throw new Error(await whyTaken(run.runId), { cause: e });
        throw e;
      }
    };
    return work().finally(() => {
      if (this.active === active) this.active = null;
      // A failed run, too, has a new status the other tabs should read.
      this.announce();
    });
  }

  pause(): void {
    this.require('pauseRun').control.pause();
  }

  resume(): void {
    this.require('resumeRun').control.resume();
  }

  stop(): void {
    this.require('stopRun').control.stop();
  }

  private require(where: string): ActiveRun {
    if (!this.active) throw new Error(`${where}: no run is going`);
    return this.active;
  }

  private async drive(active: ActiveRun, run: StartRun, base: BaseModel): Promise<RunSummary> {
    const db = await this.db();
    const existing = await db.getRun(run.runId);
    const config = existing ? existing.config : run.config;
    if (!config) throw new Error(`startRun: there is no run ${run.runId} to resume; give a config to start it`);
    if (existing && existing.base.fingerprint === IMPORTED_BASE.fingerprint) throw new Error(`startRun: run ${run.runId} was imported; it has no checkpoint to resume from`);
    if (existing && existing.base.fingerprint !== base.identity.fingerprint) {
      throw new Error(`startRun: run ${run.runId} started from another base checkpoint (${existing.base.url}, ${existing.base.fingerprint}); it cannot resume on this one (${base.identity.fingerprint})`);
    }
    // A run id without a record may still have rows (a delete that raced an older version's
    // training tab): a new run starts from nothing, never from another run's checkpoint or steps.
    if (!existing) await db.deleteRun(run.runId);
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
      control: active.control,
      onEvent: (e) => {
        if (e.type === 'eval') write(() => db.saveEval(run.runId, e.point));
        else if (e.type === 'paused') write(() => db.setStatus(run.runId, 'paused'));
        else if (e.type === 'resumed') write(() => db.setStatus(run.runId, 'running'));
        active.emit(e);
      },
    });
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
