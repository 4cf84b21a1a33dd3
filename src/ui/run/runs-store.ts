import { useMemo } from 'react';
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { ExperimentConfig } from '../../core/config';
import type { StudyProgress, StudyReport } from '../../core/studies/run-study';
import type { StudyInput } from '../../core/eval/studies';
import type { StepMetrics, StepSamples } from '../../core/grpo/metrics';
import type { PresetSize } from '../../core/presets';
import type { EvalPoint, RunEvent } from '../../core/training/driver';
import { freshRunSummary, LAB_LOCKS, STUDY_STOPPED_ERROR, type BroadcastRunEvent, type PresetJob, type RunsBroadcast, type RunSummary, type RunStatus } from '../../../workers/api';
import type { LabClient, SiblingLabClient } from '../lab-client-api';
import { useLabAccess, whenLabClient } from '../lab-access';
import { useView } from '../view-store';
import { nextPhaseStart } from './progress-line';
import { loadBaseStudies, saveBaseStudies } from './base-studies';
import { messageOf } from '../../core/errors';
import { heldLockNames, holdingLock, listenToOtherTabs, trainsInAnotherTab, whenRunReleased } from './other-tabs';
import { armsLeft, newPresetJob, runPresetJob } from './preset-job';
import { SlotLostError, type PoolEvent, type UnitOutcome } from './pool';
import { defaultParallelRuns } from '../../core/parallelism';

/**
 * Runs as the panels see them: summaries of every stored run, the metrics, evaluation points and
 * study reports of the runs on show, the live state of the active run, and studies of the base
 * checkpoint. Everything comes from the LabClient; this store only remembers and orders it.
 */
export interface RunData {
  summary: RunSummary;
  metrics: StepMetrics[];
  evals: EvalPoint[];
  studies: StudyReport[];
  /** Metrics and studies fetched (getRun) or streamed since the page opened. */
  loaded: boolean;
}

/** The run this page drives, as its worker's events tell it: a click on Pause or Stop sets nothing here. */
export interface ActiveRun {
  runId: string;
  status: 'running' | 'paused' | 'stopping';
  step: number;
  totalSteps: number;
  /** Wall-clock ms of each step event, for the ETA. */
  stepTimes: number[];
  startedAt: number;
}

export interface StudyJob {
  label: string;
  progress: StudyProgress | null;
  /** When the phase in progress began (its ETA's clock). */
  phaseStartedAt: number;
}

/** One arm of a preset job, as the preset card shows it: where it runs, and how it ended. */
export interface PresetUnit {
  label: string;
  runId?: string;
  state: 'waiting' | 'running' | UnitOutcome | 'done before';
  /** The lab worker it ran in: 0 is the page's own, 1… the job's extra workers. */
  slot?: number;
  /** Its start and end in the order of the job's events (pool.ts): two arms overlapped when each started before the other ended. */
  startSeq?: number;
  endSeq?: number;
  /** What it does now: 'training', or the study it runs. */
  doing?: string;
  error?: string;
}

/** The preset job this page drives (or drove last), as the panels show it. */
export interface PresetProgress {
  jobId: string;
  presetId: string;
  title: string;
  /** Lab workers the job runs in. */
  workers: number;
  /** One per arm, in the preset's order. */
  units: PresetUnit[];
  /** Set when the job has ended (then this is the page's last job). */
  status?: 'done' | 'stopped' | 'failed';
  /** Why the job ran in fewer workers than asked, or why it ended early. */
  note?: string;
}

interface RunsState {
  runs: Record<string, RunData>;
  active: ActiveRun | null;
  /** Samples of the latest step of each run, streamed live (older steps come from getSamples). */
  liveSamples: Record<string, StepSamples>;
  baseStudies: StudyReport[];
  study: StudyJob | null;
  /** How the last study of this page ended when it did not finish (stopped), for the panels to say. */
  studyNote: string | null;
  preset: PresetProgress | null;
  /** The last preset job this page drove, once it ended: its units' outcomes stay on show. */
  lastPreset: PresetProgress | null;
  /** Runs the preset job's extra lab workers train now (the page's own worker's run is `active`). */
  poolRuns: string[];
  /** Preset jobs that no tab drives and that have arms left: each can be resumed. */
  resumablePresets: PresetJob[];
  error: string | null;
  refresh(): Promise<void>;
  loadRun(runId: string): Promise<void>;
  /** Starts a new run (under `runId` if given: a preset job fixes its arms' ids). */
  start(config: ExperimentConfig, label: string, presetId?: string, runId?: string, job?: string): Promise<RunSummary | null>;
  /** Resumes a stopped or interrupted run from its last checkpoint (`job`: as an arm of that preset job). */
  resumeStored(runId: string, job?: string): Promise<RunSummary | null>;
  /** Pause, resume and stop reach every run of a preset job going. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  runStudy(study: StudyInput, policy: 'base' | string, label: string): Promise<StudyReport | null>;
  /** Ends the study going between two batches; nothing of it is stored. */
  stopStudy(): Promise<void>;
  runPreset(presetId: string, size: PresetSize): Promise<void>;
  /** Goes on with a stored preset job: the arm it was in, from its run's checkpoint, then the rest. */
  resumePreset(jobId: string): Promise<void>;
  /** Forgets a stored preset job (its runs and studies stay). */
  discardPreset(jobId: string): Promise<void>;
  refreshPresets(): Promise<void>;
  deleteRun(runId: string): Promise<void>;
  /** Renames a run or sets its notes in the worker's store; false (with the reason in `error`) when refused. */
  annotateRun(runId: string, change: { label?: string; notes?: string }): Promise<boolean>;
  /** Stores a run file; throws the worker's reason when it refuses the file (nothing is stored then), for Import to show. */
  importRun(file: unknown): Promise<RunSummary>;
  clearError(): void;
}

export function newRunId(now = Date.now()): string {
  return `run-${now.toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')}`;
}

let presetCancelled = false;
/** The lab workers of the preset job going, the page's own first; null when none goes. */
let jobClients: LabClient[] | null = null;

/** The lab workers of the preset job going (the page's own first), for the test hooks. */
export function presetJobWorkers(): readonly LabClient[] {
  return jobClients ?? [];
}

/** A failure in one of a job's extra workers: one that is gone for good takes its slot with it (pool.ts). */
function inSibling(c: SiblingLabClient, e: unknown): Error {
  if (c.lost) return new SlotLostError(`the lab worker stopped for good (${messageOf(e)})`, { cause: e });
  return e instanceof Error ? e : new Error(messageOf(e));
}

/** How many lab workers a preset job takes: the link's `workers`, else one fewer than the machine's cores. */
export function presetWorkers(chosen: number | null, cores = globalThis.navigator?.hardwareConcurrency ?? 1): number {
  return chosen ?? defaultParallelRuns(cores);
}

/** The runs this page's lab workers train now: they are not another tab's. */
export function drivenHere(s: Pick<RunsState, 'active' | 'poolRuns'>): Set<string> {
  return new Set([...(s.active ? [s.active.runId] : []), ...s.poolRuns]);
}

export const useRuns = create<RunsState>()((set, get) => {
  const client = (): LabClient => {
    const c = useLabAccess.getState().client;
    if (!c) throw new Error('the lab is not ready yet');
    return c;
  };

  const patchRun = (runId: string, patch: (r: RunData) => Partial<RunData>) =>
    set((s) => {
      const r = s.runs[runId];
      return r ? { runs: { ...s.runs, [runId]: { ...r, ...patch(r) } } } : {};
    });

  const setStatus = (runId: string, status: RunStatus, step?: number) => patchRun(runId, (r) => ({ summary: { ...r.summary, status, ...(step !== undefined ? { step } : {}), updatedAt: new Date().toISOString() } }));

  /** A run event of another tab's worker: its run's row and curves follow, this page's active run is left alone. */
  function onOtherTab(m: RunsBroadcast): void {
    if (m.type === 'runs-changed') {
      void get().refresh();
      void get().refreshPresets();
      return;
    }
    const e: BroadcastRunEvent = m.event;
    // This tab's own workers broadcast too: their events arrive through onEvent and followRun.
    if (drivenHere(get()).has(e.runId)) return;
    followRun(e);
  }

  /** A run's row and curves follow its events, leaving this page's active run alone. */
  function followRun(e: BroadcastRunEvent | RunEvent): void {
    if (!get().runs[e.runId]) {
      void get().refresh();
      return;
    }
    if (e.type === 'step' && 'samples' in e) set((s) => ({ liveSamples: { ...s.liveSamples, [e.runId]: e.samples } }));
    switch (e.type) {
      case 'started':
      case 'resumed':
        setStatus(e.runId, 'running', e.step);
        if (!drivenHere(get()).has(e.runId)) whenRunReleased(e.runId, () => void get().refresh());
        break;
      case 'paused':
        setStatus(e.runId, 'paused', e.step);
        break;
      case 'step':
        patchRun(e.runId, (r) => ({ metrics: r.loaded ? [...r.metrics.filter((x) => x.step < e.metrics.step), e.metrics] : r.metrics, summary: { ...r.summary, step: e.metrics.step, totalSteps: e.totalSteps } }));
        break;
      case 'eval':
        patchRun(e.runId, (r) => ({ evals: r.loaded ? [...r.evals.filter((p) => p.step !== e.point.step || p.suite !== e.point.suite), e.point] : r.evals }));
        break;
      case 'checkpoint':
        patchRun(e.runId, (r) => ({ summary: { ...r.summary, checkpointStep: e.step } }));
        break;
      case 'finished':
        setStatus(e.runId, e.status, e.step);
        void get().refresh();
        break;
    }
  }

  function onEvent(e: RunEvent): void {
    const now = Date.now();
    switch (e.type) {
      case 'started': {
        if (!get().runs[e.runId]) void get().refresh();
        set({ active: { runId: e.runId, status: 'running', step: e.step, totalSteps: e.totalSteps, stepTimes: [now], startedAt: now } });
        setStatus(e.runId, 'running', e.step);
        useView.getState().toggleRun(e.runId, true);
        break;
      }
      case 'step': {
        const m = e.metrics;
        // A run resumed before the panels subscribed (after a reload or a worker restart) shows up here first.
        if (!get().active) set({ active: { runId: e.runId, status: 'running', step: m.step - 1, totalSteps: e.totalSteps, stepTimes: [now], startedAt: now } });
        if (!get().runs[e.runId]) void get().refresh();
        patchRun(e.runId, (r) => ({ metrics: [...r.metrics.filter((x) => x.step < m.step), m], summary: { ...r.summary, step: m.step, totalSteps: e.totalSteps } }));
        set((s) => ({
          liveSamples: { ...s.liveSamples, [e.runId]: e.samples },
          active: s.active && s.active.runId === e.runId ? { ...s.active, step: m.step, totalSteps: e.totalSteps, stepTimes: [...s.active.stepTimes.slice(-20), now] } : s.active,
        }));
        break;
      }
      case 'eval':
        patchRun(e.runId, (r) => ({ evals: [...r.evals.filter((p) => p.step !== e.point.step || p.suite !== e.point.suite), e.point] }));
        break;
      case 'checkpoint':
        patchRun(e.runId, (r) => ({ summary: { ...r.summary, checkpointStep: e.step } }));
        break;
      case 'control':
        // The worker took the stop: the run shows as stopping until it ends at its next step.
        if (e.stop) set((s) => ({ active: s.active?.runId === e.runId ? { ...s.active, status: 'stopping' } : s.active }));
        break;
      case 'paused':
        set((s) => ({ active: s.active ? { ...s.active, status: 'paused' } : s.active }));
        setStatus(e.runId, 'paused');
        break;
      case 'resumed':
        // The time spent paused is not a step's time.
        set((s) => ({ active: s.active ? { ...s.active, status: 'running', stepTimes: [now] } : s.active }));
        setStatus(e.runId, 'running');
        break;
      case 'finished':
        set((s) => ({ active: s.active?.runId === e.runId ? null : s.active }));
        setStatus(e.runId, e.status, e.step);
        void get().refresh();
        break;
    }
  }

  whenLabClient((c) => {
    c.onRunEvent(onEvent);
    listenToOtherTabs(onOtherTab);
    void get().refresh();
    void get().refreshPresets();
  });

  /**
   * Starts or resumes `summary.runId` in the worker and follows it to its end. A run of a preset
   * job (`job`) fails with its error, for the job to show with its arm.
   */
  async function drive(c: LabClient, summary: RunSummary, data: Omit<RunData, 'summary'>, job?: string): Promise<RunSummary | null> {
    const { runId, config, label, presetId } = summary;
    if (get().active) {
      set({ error: 'A run is already going; stop it first (one run at a time).' });
      return null;
    }
    if (job === undefined && get().preset) {
      set({ error: `The preset ${get().preset!.title} is going; a run can start when it ends (one run at a time, besides a preset's arms).` });
      return null;
    }
    const elsewhere = runList(get().runs).find((r) => trainsInAnotherTab(r.summary, drivenHere(get())));
    if (elsewhere) {
      set({ error: `${elsewhere.summary.label || elsewhere.summary.runId} is training in another tab; one run at a time (stop it there first).` });
      return null;
    }
    set((s) => ({
      runs: { ...s.runs, [runId]: { ...data, summary } },
      active: { runId, status: 'running', step: summary.step, totalSteps: summary.totalSteps, stepTimes: [Date.now()], startedAt: Date.now() },
      error: null,
    }));
    useView.getState().toggleRun(runId, true);
    try {
      const done = await c.startRun({ runId, config, label, ...(presetId ? { presetId } : {}), ...(job ? { job } : {}) });
      patchRun(runId, (r) => ({ summary: { ...r.summary, ...done } }));
      return done;
    } catch (e) {
      setStatus(runId, 'failed');
      if (job) throw e;
      set({ error: `The run stopped with an error: ${messageOf(e)}` });
      return null;
    } finally {
      set((s) => ({ active: s.active?.runId === runId ? null : s.active }));
      void get().loadRun(runId).catch(() => {});
    }
  }

  /** Starts or resumes a run of preset job `job` in one of the job's extra lab workers, and follows it to its end. */
  async function driveInSibling(c: SiblingLabClient, summary: RunSummary, data: Omit<RunData, 'summary'>, job: string): Promise<RunSummary> {
    const { runId, config, label, presetId } = summary;
    set((s) => ({ runs: { ...s.runs, [runId]: { ...data, summary } }, poolRuns: [...s.poolRuns, runId] }));
    useView.getState().toggleRun(runId, true);
    try {
      const done = await c.startRun({ runId, config, label, ...(presetId ? { presetId } : {}), job });
      patchRun(runId, (r) => ({ summary: { ...r.summary, ...done } }));
      return done;
    } catch (e) {
      setStatus(runId, 'failed');
      throw inSibling(c, e);
    } finally {
      set((s) => ({ poolRuns: s.poolRuns.filter((id) => id !== runId) }));
      void get().loadRun(runId).catch(() => {});
    }
  }

  /** Runs a study in `c` and keeps its report with its policy: the base checkpoint's list, or the run's. */
  async function studyIn(c: LabClient, study: StudyInput, policy: 'base' | string, onProgress: (p: StudyProgress) => void): Promise<StudyReport> {
    const report = await c.runStudy(policy === 'base' ? { study, policy: 'base' } : { study, policy: { runId: policy }, attachTo: policy }, onProgress);
    if (policy === 'base') {
      const baseStudies = [...get().baseStudies, report];
      saveBaseStudies(baseStudies);
      set({ baseStudies });
    } else {
      patchRun(policy, (r) => ({ studies: [...r.studies, report] }));
    }
    return report;
  }

  /** A study of a preset job: null when the user stopped it; any other failure fails its arm. */
  async function jobStudy(work: () => Promise<StudyReport>): Promise<StudyReport | null> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof Error && e.name === STUDY_STOPPED_ERROR) return null;
      throw e;
    }
  }

  const patchUnit = (index: number, change: Partial<PresetUnit>) =>
    set((s) => (s.preset ? { preset: { ...s.preset, units: s.preset.units.map((u, i) => (i === index ? { ...u, ...change } : u)) } } : {}));

  /**
   * Drives a preset job holding its lock and the lab's training lock (a reload lets go of both, and
   * the job can be resumed): its arms go to up to `workers` lab workers, the page's own and extra
   * ones started for the job, on the same backend and checkpoint, and closed when it ends.
   */
  async function driveJob(job: PresetJob): Promise<void> {
    const c = client();
    presetCancelled = false;
    const left = armsLeft(job);
    const wanted = Math.max(1, Math.min(presetWorkers(useView.getState().view.workers), left.length));
    const started: SiblingLabClient[] = [];
    let status: PresetProgress['status'] = 'failed';
    const BUSY = Symbol('training lock taken');
    try {
      const ran = await holdingLock(LAB_LOCKS.preset(job.jobId), async () => {
        const inner = await holdingLock(LAB_LOCKS.training, async () => {
          set((s) => ({
            resumablePresets: s.resumablePresets.filter((j) => j.jobId !== job.jobId),
            lastPreset: null,
            preset: {
              jobId: job.jobId,
              presetId: job.presetId,
              title: job.title,
              workers: wanted,
              units: job.arms.map((a, i) => ({ label: a.label, ...(a.runId ? { runId: a.runId } : {}), state: left.includes(i) ? 'waiting' : 'done before' })),
            },
          }));
          // Extra workers start side by side; the job goes on with those that started.
          const extra = await Promise.allSettled(Array.from({ length: wanted - 1 }, (_, i) => c.startSibling(`lab ${i + 2}`)));
          for (const r of extra) if (r.status === 'fulfilled') started.push(r.value);
          const failed = extra.find((r) => r.status === 'rejected');
          for (const sibling of started) sibling.onRunEvent(followRun);
          const clients: LabClient[] = [c, ...started];
          jobClients = clients;
          /** The arm each lab worker has now. */
          const unitIn = new Map<number, number>();
          set((s) => (s.preset ? { preset: { ...s.preset, workers: clients.length, ...(failed ? { note: `${clients.length} of ${wanted} lab workers started; another failed: ${messageOf(failed.reason)}` } : {}) } } : {}));
          return runPresetJob(
            job,
            {
              train: (runId, config, label, presetId, slot) => {
                const known = runById(get().runs, runId);
                if (slot === 0) return known ? get().resumeStored(runId, job.jobId) : get().start(config, label, presetId, runId, job.jobId);
                const summary = known ? { ...known.summary, status: 'running' as const } : freshRunSummary({ runId, label, presetId, config, backend: { name: c.backend?.name ?? '?', adapter: c.backend?.adapter ?? '' }, now: new Date().toISOString() });
                return driveInSibling(started[slot - 1], summary, known ?? { metrics: [], evals: [], studies: [], loaded: true }, job.jobId);
              },
              study: (study, policy, label, slot) => {
                const unit = unitIn.get(slot);
                if (unit !== undefined) patchUnit(unit, { doing: label });
                if (slot === 0) return jobStudy(() => withStudy(label, (onProgress) => studyIn(c, study, policy, onProgress)));
                return jobStudy(() => studyIn(started[slot - 1], study, policy, () => {})).catch((e: unknown) => Promise.reject(inSibling(started[slot - 1], e)));
              },
              save: (j) => c.savePresetJob(j),
              onUnit: (e: PoolEvent) => {
                if (e.type === 'start') unitIn.set(e.slot, e.unit);
                patchUnit(e.unit, e.type === 'start' ? { state: 'running', slot: e.slot, startSeq: e.seq, doing: 'training' } : { state: e.outcome, endSeq: e.seq, doing: undefined, ...(e.error !== undefined ? { error: e.error } : {}) });
              },
              cancelled: () => presetCancelled,
            },
            clients.length,
          );
        });
        return inner === null ? BUSY : inner;
      });
      if (ran === null) set({ error: `The preset ${job.title} is going in another tab.` });
      else if (ran === BUSY) set({ error: `The preset ${job.title} cannot start: a run is training in another tab (one run at a time; a preset's arms count as one).` });
      else status = ran === 'done' ? 'done' : 'stopped';
    } catch (e) {
      set({ error: `The preset stopped: ${messageOf(e)}` });
    } finally {
      jobClients = null;
      for (const sibling of started) sibling.close();
      set((s) => ({ preset: null, lastPreset: s.preset ? { ...s.preset, status } : s.lastPreset }));
      void get().refreshPresets();
    }
  }

  /**
   * Sends a pause, resume or stop to the page's lab worker, or to every worker of the preset job
   * going: some of them may be between runs or in a study, so only a refusal by all is shown.
   */
  async function toEveryWorker(call: (c: LabClient) => Promise<void>): Promise<void> {
    const clients = jobClients ?? [client()];
    const results = await Promise.allSettled(clients.map(call));
    if (results.every((r) => r.status === 'rejected')) set({ error: messageOf((results[0] as PromiseRejectedResult).reason) });
  }

  async function withStudy<T>(label: string, work: (onProgress: (p: StudyProgress) => void) => Promise<T>): Promise<T> {
    set({ study: { label, progress: null, phaseStartedAt: Date.now() }, studyNote: null });
    try {
      return await work((progress) =>
        set((s) => {
          const now = Date.now();
          return { study: { label, progress, phaseStartedAt: nextPhaseStart(s.study?.progress ?? null, s.study?.phaseStartedAt ?? now, progress, now) } };
        }),
      );
    } finally {
      set({ study: null });
    }
  }

  return {
    runs: {},
    active: null,
    liveSamples: {},
    baseStudies: loadBaseStudies(),
    study: null,
    studyNote: null,
    preset: null,
    lastPreset: null,
    poolRuns: [],
    resumablePresets: [],
    error: null,

    async refresh() {
      try {
        const list = await client().listRuns();
        set((s) => {
          const runs: Record<string, RunData> = {};
          for (const summary of list) {
            const had = s.runs[summary.runId];
            // A run streaming here is fresher than the stored summary's step count.
            const live = drivenHere(s).has(summary.runId) && had ? had.summary : summary;
            runs[summary.runId] = had ? { ...had, summary: { ...summary, step: Math.max(summary.step, live.step), status: live.status } } : { summary, metrics: [], evals: [], studies: [], loaded: false };
          }
          for (const [id, r] of Object.entries(s.runs)) if (!runs[id] && drivenHere(s).has(id)) runs[id] = r;
          return { runs };
        });
        // A run another tab trains: read again when its worker lets go (it ended, or its tab closed).
        for (const summary of list) if (trainsInAnotherTab(summary, drivenHere(get()))) whenRunReleased(summary.runId, () => void get().refresh());
        const { view } = useView.getState();
        const wanted = new Set([...view.runs, ...(view.inspect.run ? [view.inspect.run] : [])]);
        await Promise.all([...wanted].filter((id) => runById(get().runs, id)?.loaded === false).map((id) => get().loadRun(id)));
      } catch (e) {
        if (useLabAccess.getState().client) set({ error: `Could not list the stored runs: ${messageOf(e)}` });
      }
    },

    async loadRun(runId) {
      const record = await client().getRun(runId);
      if (!record) return;
      const { metrics, evals, studies, ...summary } = record;
      set((s) => {
        const had = s.runs[runId];
        // Steps streamed while the record was read are kept.
        const merged = had ? [...metrics, ...had.metrics.filter((m) => m.step > (metrics.at(-1)?.step ?? 0))] : metrics;
        return { runs: { ...s.runs, [runId]: { summary: had && drivenHere(s).has(runId) ? had.summary : summary, metrics: merged, evals, studies, loaded: true } } };
      });
    },

    async start(config, label, presetId, runId = newRunId(), job) {
      const c = client();
      const now = new Date().toISOString();
      const summary = freshRunSummary({ runId, label, presetId, config, backend: { name: c.backend?.name ?? '?', adapter: c.backend?.adapter ?? '' }, now });
      return drive(c, summary, { metrics: [], evals: [], studies: [], loaded: true }, job);
    },

    async resumeStored(runId, job) {
      const r = get().runs[runId];
      if (!r) return null;
      if (!r.loaded) await get().loadRun(runId);
      const fresh = get().runs[runId];
      return drive(client(), { ...fresh.summary, status: 'running' }, fresh, job);
    },

    async pause() {
      await toEveryWorker((c) => c.pauseRun());
    },
    async resume() {
      await toEveryWorker((c) => c.resumeRun());
    },
    async stop() {
      presetCancelled = true;
      await toEveryWorker((c) => c.stopRun());
    },

    async runStudy(study, policy, label) {
      const c = client();
      try {
        return await withStudy(label, (onProgress) => studyIn(c, study, policy, onProgress));
      } catch (e) {
        if (e instanceof Error && e.name === STUDY_STOPPED_ERROR) set({ studyNote: `Stopped ${label}; nothing of it was stored.` });
        else set({ error: `The study failed: ${messageOf(e)}` });
        return null;
      }
    },

    async stopStudy() {
      presetCancelled = true;
      await toEveryWorker((c) => c.stopStudy());
    },

    async runPreset(presetId, size) {
      const job = newPresetJob(presetId, size, newRunId().replace(/^run-/, 'preset-'), new Date().toISOString());
      await driveJob(job);
    },

    async resumePreset(jobId) {
      await get().refresh();
      const job = get().resumablePresets.find((j) => j.jobId === jobId);
      if (job) await driveJob(job);
    },

    async discardPreset(jobId) {
      await client()
        .deletePresetJob(jobId)
        .catch((e) => set({ error: messageOf(e) }));
      await get().refreshPresets();
    },

    async refreshPresets() {
      try {
        const [jobs, held] = await Promise.all([client().listPresetJobs(), heldLockNames()]);
        set({ resumablePresets: jobs.filter((j) => j.status !== 'done' && !held.has(LAB_LOCKS.preset(j.jobId)) && j.jobId !== get().preset?.jobId) });
      } catch (e) {
        if (useLabAccess.getState().client) set({ error: `Could not list the stored preset jobs: ${messageOf(e)}` });
      }
    },

    async deleteRun(runId) {
      try {
        await client().deleteRun(runId);
      } catch (e) {
        // The worker refuses a run that trains, here or in another tab; nothing was deleted.
        set({ error: `The run was not deleted: ${messageOf(e)}` });
        return;
      }
      useView.getState().toggleRun(runId, false);
      set((s) => {
        const runs = { ...s.runs };
        delete runs[runId];
        return { runs };
      });
    },

    async annotateRun(runId, change) {
      try {
        const summary = await client().annotateRun({ runId, ...change });
        patchRun(runId, (r) => ({ summary: { ...r.summary, label: summary.label, ...(summary.notes !== undefined ? { notes: summary.notes } : {}) } }));
        return true;
      } catch (e) {
        set({ error: `The run was not renamed: ${messageOf(e)}` });
        return false;
      }
    },

    async importRun(file) {
      const summary = await client().importRun(file);
      await get().refresh();
      useView.getState().toggleRun(summary.runId, true);
      await get().loadRun(summary.runId);
      return summary;
    },

    clearError: () => set({ error: null }),
  };
});

/** The run stored under `id`, looked up as an own key: ids come from links, and `constructor` is not a run. */
export function runById(runs: Record<string, RunData>, id: string): RunData | undefined {
  return Object.hasOwn(runs, id) ? runs[id] : undefined;
}

/** Runs newest first. */
export function runList(runs: Record<string, RunData>): RunData[] {
  return Object.values(runs).sort((a, b) => b.summary.createdAt.localeCompare(a.summary.createdAt));
}

/** One source of study reports on show: the base checkpoint or a ticked run. */
export interface StudySource {
  source: string;
  sourceLabel: string;
  reports: StudyReport[];
}

/**
 * The base checkpoint's studies, then those of the ticked runs that exist. A training step
 * replaces `runs` but keeps each run's studies and label, so the panels that read this redraw when
 * a study lands, not at every step.
 */
export function useStudySources(shownIds: readonly string[]): StudySource[] {
  const base = useRuns((s) => s.baseStudies);
  const labels = useRuns(useShallow((s) => shownIds.map((id) => { const r = runById(s.runs, id); return r ? r.summary.label || id : null; })));
  const studies = useRuns(useShallow((s) => shownIds.map((id) => runById(s.runs, id)?.studies ?? null)));
  return useMemo(
    () => [
      { source: 'base', sourceLabel: 'Orig', reports: base },
      ...shownIds.flatMap((id, i) => (labels[i] !== null && studies[i] !== null ? [{ source: id, sourceLabel: labels[i], reports: studies[i] }] : [])),
    ],
    [base, shownIds, labels, studies],
  );
}
