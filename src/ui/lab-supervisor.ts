import * as Comlink from 'comlink';
import type { BackendReport, BackendName, RememberedBackend } from '../core/backend-choice';
import type { BackendChoice } from '../core/config';
import type { StudyProgress } from '../core/studies/run-study';
import type { RunEvent } from '../core/training/driver';
import type { RunRequest } from '../core/training/run-control';
import { DEVICE_LOST_ERROR, type CheckpointInfo, type LabApi, type RunSummary, type StartRunArgs } from '../../workers/api';
import { startLabWorker, type LabWorker } from './lab-client';
import type { LabClient, SiblingLabClient, SupervisorStatus } from './lab-client-api';
import { messageOf } from '../core/errors';

/**
 * The page's side of the lab: starts the lab worker, walks it through init and the checkpoint,
 * and serves the LabClient methods. It notices a dead worker (its 'error' event, or a ping left
 * unanswered for PING_TIMEOUT_MS: the worker yields between TF.js reads, so a slow step is not
 * silence) and a lost GPU device (the worker reports it), starts a new worker (after a lost device,
 * on the next backend: webgl, wasm, cpu) and resumes the active run from its last checkpoint.
 * Finished steps are already stored, and re-run steps reproduce the same numbers on the same
 * backend. No React here: the store subscribes to it.
 */
export const STARTUP_PHASES = ['starting-worker', 'choosing-backend', 'loading-checkpoint'] as const;
export type StartupPhase = (typeof STARTUP_PHASES)[number];

/** A start-up step failed; the page says which. */
export class StartupError extends Error {
  override name = 'StartupError';
  constructor(
    readonly phase: StartupPhase,
    message: string,
  ) {
    super(message);
  }
}

/** The worker died under a call; the supervisor is restarting it. */
export class WorkerLostError extends Error {
  override name = 'WorkerLostError';
  constructor(
    readonly reason: string,
    readonly deviceLost: boolean,
  ) {
    super(`the lab worker stopped: ${reason}`);
  }
}

export interface SupervisorOptions {
  backend: BackendChoice;
  checkpointUrl: string;
  /** What this browser remembers of an earlier probe: with `auto`, the first worker starts it at once. */
  remembered?: RememberedBackend;
  /** How often the watchdog pings the worker. */
  pingIntervalMs?: number;
  /** A ping unanswered this long means the worker is dead. Generous: one TF.js op may take seconds. */
  pingTimeoutMs?: number;
  /** More restarts than this within RESTART_WINDOW_MS and the supervisor gives up. */
  maxRestarts?: number;
  onPhase?: (phase: StartupPhase) => void;
  /** Starts a worker (tests may substitute one). */
  spawn?: () => LabWorker;
}

const PING_INTERVAL_MS = 2_500;
const PING_TIMEOUT_MS = 15_000;
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 5 * 60_000;

/** After a lost device: the next backend in this order. */
const FALLBACK_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function nextBackend(lost: BackendName): BackendName {
  const i = FALLBACK_ORDER.indexOf(lost);
  return FALLBACK_ORDER[Math.min(i + 1, FALLBACK_ORDER.length - 1)];
}

interface Session {
  worker: LabWorker;
  api: Comlink.Remote<LabApi>;
  /** Rejects with a WorkerLostError when this worker is declared dead. */
  died: Promise<never>;
  dead: boolean;
  /** Still starting: a death now fails the start instead of starting another worker. */
  booting: boolean;
  kill(error: WorkerLostError): void;
  stopWatchdog(): void;
}

interface ActiveRun {
  args: StartRunArgs;
  /**
   * What the worker last said was asked of the run (its 'control' events), handed to the next
   * worker after a restart. A mirror: the worker's RunControl is the one owner of pause and stop.
   */
  request: RunRequest;
}

/** The report of a worker restarted on another backend says why it moved. */
export interface MovedBackendReport extends BackendReport {
  movedBecause?: string;
}

export function movedBecause(report: BackendReport): string | null {
  const why = (report as MovedBackendReport).movedBecause;
  return typeof why === 'string' ? why : null;
}

/** The badge after a restart: the same request, and why the lab now runs where it runs. */
function restartedReport(before: BackendReport, now: BackendReport, why: string): MovedBackendReport {
  const moved = now.name !== before.name;
  return {
    ...now,
    ...(moved ? { movedBecause: why } : {}),
    requested: before.requested,
    fellBack: before.fellBack || moved,
    reason: moved ? `${why}; the lab restarted on ${now.name}` : `${before.reason}; restarted after ${why.replace(/^the lab worker stopped: /, 'a crash: ')}`,
  };
}

export class LabSupervisor implements LabClient {
  backend: BackendReport | null = null;
  checkpoint: CheckpointInfo | null = null;
  status: SupervisorStatus = { state: 'starting' };

  private session: Session | null = null;
  /** Settles when a worker is ready to serve calls (after the start or a restart). */
  private ready: Promise<Session>;
  private resolveReady!: (s: Session) => void;
  private rejectReady!: (e: Error) => void;
  private readonly statusListeners = new Set<(s: SupervisorStatus, b: BackendReport | null) => void>();
  private readonly runListeners = new Set<(e: RunEvent) => void>();
  private active: ActiveRun | null = null;
  private restarts: number[] = [];
  private started: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly opts: SupervisorOptions) {
    this.ready = this.pendingReady();
  }

  private pendingReady(): Promise<Session> {
    const p = new Promise<Session>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    p.catch(() => {});
    return p;
  }

  /** Starts the first worker; rejects with a StartupError naming the step that failed. Idempotent. */
  start(): Promise<void> {
    this.started ??= this.boot(this.opts.backend, true).then(
      (s) => {
        this.resolveReady(s);
        this.setStatus({ state: 'ready' });
      },
      (e: unknown) => {
        const err = e instanceof StartupError ? e : new StartupError('starting-worker', messageOf(e));
        this.setStatus({ state: 'failed', message: err.message });
        this.rejectReady(err);
        throw err;
      },
    );
    return this.started;
  }

  onStatus(listener: (s: SupervisorStatus, backend: BackendReport | null) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onRunEvent(listener: (e: RunEvent) => void): () => void {
    this.runListeners.add(listener);
    return () => this.runListeners.delete(listener);
  }

  private setStatus(s: SupervisorStatus): void {
    this.status = s;
    for (const l of this.statusListeners) l(s, this.backend);
  }

  private emitRunEvent(e: RunEvent): void {
    if (e.type === 'control' && this.active?.args.runId === e.runId) this.active.request = { pause: e.pause, stop: e.stop };
    for (const l of this.runListeners) {
      try {
        l(e);
      } catch (err) {
        console.error('a run event listener failed', err);
      }
    }
  }

  /** Starts a worker on `backend`, initialises it and loads the checkpoint. */
  private async boot(backend: BackendChoice, first: boolean, restartReason?: string): Promise<Session> {
    const phase = (p: StartupPhase) => {
      if (first) this.opts.onPhase?.(p);
    };
    const worker = (this.opts.spawn ?? startLabWorker)();
    let kill!: (e: WorkerLostError) => void;
    const died = new Promise<never>((_, reject) => (kill = reject));
    died.catch(() => {});
    const session: Session = { worker, api: worker.api, died, dead: false, booting: true, kill, stopWatchdog: () => {} };
    const step = async <T>(p: StartupPhase, work: () => Promise<T>): Promise<T> => {
      phase(p);
      try {
        return await Promise.race([work(), worker.crashed, died]);
      } catch (e) {
        throw new StartupError(p, messageOf(e));
      }
    };
    try {
      await step('starting-worker', () => worker.api.ping());
      // From here on a crash or a hang is a death, not a start-up failure.
      this.session = session;
      worker.crashed.catch((e: unknown) => this.declareDead(session, messageOf(e), false));
      session.stopWatchdog = this.watchdog(session);
      const report = await step('choosing-backend', () => worker.api.init({ backend, ...(first && backend === 'auto' && this.opts.remembered ? { remembered: this.opts.remembered } : {}) }));
      this.backend = first || !this.backend ? report : restartedReport(this.backend, report, restartReason ?? '');
      this.setStatus(this.status);
      await worker.api.watchDevice(Comlink.proxy((reason: string) => this.declareDead(session, reason, true)));
      this.checkpoint = await step('loading-checkpoint', () => worker.api.loadCheckpoint(this.opts.checkpointUrl));
      session.booting = false;
      return session;
    } catch (e) {
      this.endSession(session);
      throw e;
    }
  }

  /** Stops a session for good: its watchdog, its worker, and its place as the current session. */
  private endSession(session: Session): void {
    session.dead = true;
    session.stopWatchdog();
    session.worker.terminate();
    if (this.session === session) this.session = null;
  }

  /** Pings every PING_INTERVAL_MS; a ping outstanding for PING_TIMEOUT_MS declares the worker dead. */
  private watchdog(session: Session): () => void {
    const interval = this.opts.pingIntervalMs ?? PING_INTERVAL_MS;
    const timeout = this.opts.pingTimeoutMs ?? PING_TIMEOUT_MS;
    // Measured from when the ping was sent, so a throttled background tab (timers at 1/min) is no false alarm.
    let sentAt: number | null = null;
    const timer = setInterval(() => {
      if (session.dead) return;
      if (sentAt !== null) {
        if (performance.now() - sentAt > timeout) this.declareDead(session, `it stopped answering (no reply to a ping for ${Math.round(timeout / 1000)} s)`, false);
        return;
      }
      const at = performance.now();
      sentAt = at;
      session.api.ping().then(
        () => {
          if (sentAt === at) sentAt = null;
        },
        () => {},
      );
    }, interval);
    return () => clearInterval(timer);
  }

  /** The worker is gone: terminate it, and start another (on the next backend after a lost device). */
  private declareDead(session: Session, reason: string, deviceLost: boolean): void {
    if (session.dead) return;
    this.endSession(session);
    session.kill(new WorkerLostError(reason, deviceLost));
    // A worker that dies while starting fails its start; whoever started it decides what next.
    if (session.booting || this.closed || this.status.state === 'failed') return;
    const lost = this.backend?.name;
    const backend: BackendChoice = lost ? (deviceLost ? nextBackend(lost) : lost) : this.opts.backend;
    this.ready = this.pendingReady();
    void this.recover(backend, deviceLost ? reason : `the lab worker stopped: ${reason}`);
  }

  /** Starts workers on `backend` until one is ready, or gives up after too many restarts. */
  private async recover(backend: BackendChoice, reason: string): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.restarts = [...this.restarts.filter((t) => now - t < RESTART_WINDOW_MS), now];
      const attempt = this.restarts.length;
      if (attempt > (this.opts.maxRestarts ?? MAX_RESTARTS)) {
        const message = `the lab worker failed ${attempt} times within ${RESTART_WINDOW_MS / 60_000} minutes; the last time: ${reason}. Reload the page to try again.`;
        this.setStatus({ state: 'failed', message });
        this.rejectReady(new Error(message));
        return;
      }
      this.setStatus({ state: 'recovering', reason: `${reason}; restarting on ${backend}`, attempt });
      try {
        const s = await this.boot(backend, false, reason);
        this.resolveReady(s);
        this.setStatus({ state: 'ready' });
        return;
      } catch (e) {
        reason = `the restart on ${backend} failed: ${messageOf(e)}`;
      }
    }
  }

  /**
   * Runs `call` on a ready worker. When the worker dies under it, idempotent calls are sent again
   * to the next worker; others fail with a WorkerLostError (their effect is unknown).
   */
  private async call<T>(call: (api: Comlink.Remote<LabApi>) => Promise<T>, retry: boolean): Promise<T> {
    for (;;) {
      const session = await this.ready;
      try {
        return await Promise.race([call(session.api), session.died]);
      } catch (e) {
        if (!this.lostWorker(session, e) || !retry) throw e;
      }
    }
  }

  /** True when `e` means the worker is gone (declaring it dead if the worker said its device was lost). */
  private lostWorker(session: Session, e: unknown): boolean {
    if (e instanceof WorkerLostError) return true;
    if (e instanceof Error && e.name === DEVICE_LOST_ERROR) {
      this.declareDead(session, e.message, true);
      return true;
    }
    return false;
  }

  // LabClient

  sample: LabClient['sample'] = (args) => this.call((api) => api.sample(args), true);

  async startRun(args: StartRunArgs): Promise<RunSummary> {
    if (this.active) throw new Error(`startRun: run ${this.active.args.runId} is going; one run at a time (stop it first)`);
    const active: ActiveRun = { args, request: { pause: false, stop: false } };
    this.active = active;
    const onEvent = Comlink.proxy((e: RunEvent) => this.emitRunEvent(e));
    try {
      for (;;) {
        const session = await this.ready;
        const run = session.api.startRun(args, onEvent);
        // What the last worker held the run to (paused, or stopping) holds on the next one.
        if (active.request.stop) void session.api.stopRun().catch(() => {});
        else if (active.request.pause) void session.api.pauseRun().catch(() => {});
        try {
          return await Promise.race([run, session.died]);
        } catch (e) {
          // The run resumes from its checkpoint on the next worker (RunDriver restores it by id).
          if (!this.lostWorker(session, e)) throw e;
        }
      }
    } finally {
      this.active = null;
    }
  }

  // Pause, resume and stop go to the worker, the run's one owner, sent again to the next worker if
  // this one dies under them. While a worker is being replaced they wait for it: the resumed run's
  // startRun, queued first, reaches it first.
  pauseRun: LabClient['pauseRun'] = () => this.call((api) => api.pauseRun(), true);
  resumeRun: LabClient['resumeRun'] = () => this.call((api) => api.resumeRun(), true);
  stopRun: LabClient['stopRun'] = () => this.call((api) => api.stopRun(), true);

  runStudy: LabClient['runStudy'] = (args, onProgress) => {
    const progress = Comlink.proxy((p: StudyProgress) => onProgress?.(p));
    return this.call((api) => api.runStudy(args, progress), true);
  };

  stopStudy: LabClient['stopStudy'] = () => this.call((api) => api.stopStudy(), false);
  listRuns: LabClient['listRuns'] = () => this.call((api) => api.listRuns(), true);
  getRun: LabClient['getRun'] = (runId) => this.call((api) => api.getRun(runId), true);
  getSamples: LabClient['getSamples'] = (runId, step) => this.call((api) => api.getSamples(runId, step), true);
  deleteRun: LabClient['deleteRun'] = (runId) => this.call((api) => api.deleteRun(runId), true);
  annotateRun: LabClient['annotateRun'] = (args) => this.call((api) => api.annotateRun(args), true);
  exportRun: LabClient['exportRun'] = (runId) => this.call((api) => api.exportRun(runId), true);
  importRun: LabClient['importRun'] = (file) => this.call((api) => api.importRun(file), false);
  savePresetJob: LabClient['savePresetJob'] = (job) => this.call((api) => api.savePresetJob(job), true);
  listPresetJobs: LabClient['listPresetJobs'] = () => this.call((api) => api.listPresetJobs(), true);
  deletePresetJob: LabClient['deletePresetJob'] = (jobId) => this.call((api) => api.deletePresetJob(jobId), true);
  classroom: LabClient['classroom'] = (args) => this.call((api) => api.classroom(args), true);

  async startSibling(name: string): Promise<SiblingLabClient> {
    await this.ready;
    const sibling = new LabSupervisor({
      ...this.opts,
      // The sibling runs where this worker runs now (after a fallback too): same backend, same numbers.
      backend: (this.backend?.name ?? this.opts.backend) as BackendChoice,
      checkpointUrl: this.checkpoint?.url ?? this.opts.checkpointUrl,
      remembered: undefined,
      onPhase: undefined,
      spawn: this.opts.spawn ?? (() => startLabWorker(name)),
    });
    try {
      await sibling.start();
    } catch (e) {
      sibling.close();
      throw e;
    }
    return sibling;
  }

  get lost(): boolean {
    return this.closed || this.status.state === 'failed';
  }

  /** Ends this supervisor's worker for good (a sibling whose job is over): nothing restarts it. */
  close(): void {
    this.closed = true;
    const closed = new Error('the lab worker was closed');
    this.ready = Promise.reject(closed);
    this.ready.catch(() => {});
    const session = this.session;
    if (session) {
      this.endSession(session);
      // Calls still waiting on it fail now instead of waiting on a worker that is gone.
      session.kill(new WorkerLostError('it was closed', false));
    }
  }

  // Test hooks (window.__grpoLab).

  /** Makes the worker close itself without a word: the watchdog has to notice. */
  async crashWorker(): Promise<void> {
    const session = await this.ready;
    void session.api.debugCrash().catch(() => {});
  }

  /** Destroys the WebGPU device (or loses the WebGL context) under the worker. */
  async loseDevice(): Promise<string> {
    const session = await this.ready;
    return session.api.debugLoseDevice();
  }

  /** Live tensors in the current worker. */
  async memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.call((api) => api.memory(), true);
  }
}
