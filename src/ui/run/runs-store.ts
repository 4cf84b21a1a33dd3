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
import type { LabClient } from '../lab-client-api';
import { useLabAccess, whenLabClient } from '../lab-access';
import { useView } from '../view-store';
import { nextPhaseStart } from './progress-line';
import { loadBaseStudies, saveBaseStudies } from './base-studies';
import { messageOf } from '../../core/errors';
import { heldLockNames, holdingLock, listenToOtherTabs, trainsInAnotherTab, whenRunReleased } from './other-tabs';
import { newPresetJob, runPresetJob } from './preset-job';

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

/** The preset job this page drives, as the panels show it. */
export interface PresetProgress {
  jobId: string;
  presetId: string;
  title: string;
  arm: string;
  index: number;
  arms: number;
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
  /** Preset jobs that no tab drives and that have arms left: each can be resumed. */
  resumablePresets: PresetJob[];
  error: string | null;
  refresh(): Promise<void>;
  loadRun(runId: string): Promise<void>;
  /** Starts a new run (under `runId` if given: a preset job fixes its arms' ids). */
  start(config: ExperimentConfig, label: string, presetId?: string, runId?: string): Promise<RunSummary | null>;
  /** Resumes a stopped or interrupted run from its last checkpoint. */
  resumeStored(runId: string): Promise<RunSummary | null>;
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
    // This tab's own worker broadcasts too: its events arrive through onEvent.
    if (get().active?.runId === e.runId) return;
    if (!get().runs[e.runId]) {
      void get().refresh();
      return;
    }
    switch (e.type) {
      case 'started':
      case 'resumed':
        setStatus(e.runId, 'running', e.step);
        whenRunReleased(e.runId, () => void get().refresh());
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

  /** Starts or resumes `summary.runId` in the worker and follows it to its end. */
  async function drive(c: LabClient, summary: RunSummary, data: Omit<RunData, 'summary'>): Promise<RunSummary | null> {
    const { runId, config, label, presetId } = summary;
    if (get().active) {
      set({ error: 'A run is already going; stop it first (one run at a time).' });
      return null;
    }
    const elsewhere = runList(get().runs).find((r) => trainsInAnotherTab(r.summary, null));
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
      const done = await c.startRun({ runId, config, label, ...(presetId ? { presetId } : {}) });
      patchRun(runId, (r) => ({ summary: { ...r.summary, ...done } }));
      return done;
    } catch (e) {
      set({ error: `The run stopped with an error: ${messageOf(e)}` });
      setStatus(runId, 'failed');
      return null;
    } finally {
      set((s) => ({ active: s.active?.runId === runId ? null : s.active }));
      void get().loadRun(runId).catch(() => {});
    }
  }

  /** Drives a preset job holding its lock: a reload lets go of it, and the job can be resumed. */
  async function driveJob(job: PresetJob): Promise<void> {
    const c = client();
    presetCancelled = false;
    try {
      const ran = await holdingLock(LAB_LOCKS.preset(job.jobId), () => {
        set((s) => ({ resumablePresets: s.resumablePresets.filter((j) => j.jobId !== job.jobId) }));
        return runPresetJob(job, {
          train: (runId, config, label, presetId) => (runById(get().runs, runId) ? get().resumeStored(runId) : get().start(config, label, presetId, runId)),
          study: (study, policy, label) => get().runStudy(study, policy, label),
          save: (j) => c.savePresetJob(j),
          onArm: (index, j) => set({ preset: { jobId: j.jobId, presetId: j.presetId, title: j.title, arm: j.arms[index].label, index, arms: j.arms.length } }),
          cancelled: () => presetCancelled,
        });
      });
      if (ran === null) set({ error: `The preset ${job.title} is going in another tab.` });
    } catch (e) {
      set({ error: `The preset stopped: ${messageOf(e)}` });
    } finally {
      set({ preset: null });
      void get().refreshPresets();
    }
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
            const live = s.active?.runId === summary.runId && had ? had.summary : summary;
            runs[summary.runId] = had ? { ...had, summary: { ...summary, step: Math.max(summary.step, live.step), status: live.status } } : { summary, metrics: [], evals: [], studies: [], loaded: false };
          }
          for (const [id, r] of Object.entries(s.runs)) if (!runs[id] && s.active?.runId === id) runs[id] = r;
          return { runs };
        });
        // A run another tab trains: read again when its worker lets go (it ended, or its tab closed).
        for (const summary of list) if (trainsInAnotherTab(summary, get().active?.runId ?? null)) whenRunReleased(summary.runId, () => void get().refresh());
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
        return { runs: { ...s.runs, [runId]: { summary: had && s.active?.runId === runId ? had.summary : summary, metrics: merged, evals, studies, loaded: true } } };
      });
    },

    async start(config, label, presetId, runId = newRunId()) {
      const c = client();
      const now = new Date().toISOString();
      const summary = freshRunSummary({ runId, label, presetId, config, backend: { name: c.backend?.name ?? '?', adapter: c.backend?.adapter ?? '' }, now });
      return drive(c, summary, { metrics: [], evals: [], studies: [], loaded: true });
    },

    async resumeStored(runId) {
      const r = get().runs[runId];
      if (!r) return null;
      if (!r.loaded) await get().loadRun(runId);
      const fresh = get().runs[runId];
      return drive(client(), { ...fresh.summary, status: 'running' }, fresh);
    },

    async pause() {
      await client().pauseRun().catch((e) => set({ error: messageOf(e) }));
    },
    async resume() {
      await client().resumeRun().catch((e) => set({ error: messageOf(e) }));
    },
    async stop() {
      presetCancelled = true;
      await client().stopRun().catch((e) => set({ error: messageOf(e) }));
    },

    async runStudy(study, policy, label) {
      const c = client();
      try {
        const report = await withStudy(label, (onProgress) =>
          c.runStudy(policy === 'base' ? { study, policy: 'base' } : { study, policy: { runId: policy }, attachTo: policy }, onProgress),
        );
        if (policy === 'base') {
          const baseStudies = [...get().baseStudies, report];
          saveBaseStudies(baseStudies);
          set({ baseStudies });
        } else {
          patchRun(policy, (r) => ({ studies: [...r.studies, report] }));
        }
        return report;
      } catch (e) {
        if (e instanceof Error && e.name === STUDY_STOPPED_ERROR) set({ studyNote: `Stopped ${label}; nothing of it was stored.` });
        else set({ error: `The study failed: ${messageOf(e)}` });
        return null;
      }
    },

    async stopStudy() {
      presetCancelled = true;
      await client().stopStudy().catch((e) => set({ error: messageOf(e) }));
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
