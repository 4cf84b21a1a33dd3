import { create } from 'zustand';
import type { BackendReport } from '../core/backend';
import { defaultExperimentConfig } from '../core/config';
import type { CheckpointInfo, Sample } from '../../workers/api';
import { startLabWorker, type LabWorker } from './lab-client';
import { parsePageParams, type PageParams } from './params';

/** The steps the page goes through before it can show samples, in order. */
export const PHASES = ['starting-worker', 'choosing-backend', 'loading-checkpoint', 'sampling', 'ready'] as const;
export type Phase = (typeof PHASES)[number];

export interface LabError {
  title: string;
  message: string;
}

/** How the first page samples: a few problems of the AMC23-like suite at evaluation settings. */
const evaluation = defaultExperimentConfig().evaluation;
export const FIRST_PAGE_SAMPLING = {
  suite: 'in-83',
  count: 6,
  temperature: evaluation.temperature,
  topP: evaluation.topP,
  maxNewTokens: evaluation.maxCompletionLength,
} as const;

/** Budget of the auto backend probe: enough to rank backends, short enough to keep the page lively. */
const PROBE_BUDGET_MS = 150;

interface LabState {
  params: PageParams | null;
  phase: Phase;
  /** Set while the last started phase failed; the phase stays where it failed. */
  error: LabError | null;
  backend: BackendReport | null;
  checkpoint: CheckpointInfo | null;
  samples: Sample[];
  sampleSeed: number;
  sampleMs: number | null;
  /** Reads the URL, starts the worker and walks through the phases. Runs once per page. */
  start(search: string, origin: string): Promise<void>;
  sampleAgain(): Promise<void>;
}

let worker: LabWorker | null = null;

/** Awaits a worker call, or the worker's crash, whichever comes first. */
function call<T>(p: Promise<T>): Promise<T> {
  return worker ? Promise.race([p, worker.crashed]) : p;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const FAILURE_TITLES: Record<Phase, string> = {
  'starting-worker': 'The lab worker did not start',
  'choosing-backend': 'No TF.js backend could start',
  'loading-checkpoint': 'The checkpoint could not be loaded',
  sampling: 'Sampling failed',
  ready: 'Something went wrong',
};

export const useLab = create<LabState>()((set, get) => {
  async function runPhase<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
    set({ phase, error: null });
    try {
      return await call(work());
    } catch (e) {
      set({ error: { title: FAILURE_TITLES[phase], message: messageOf(e) } });
      throw e;
    }
  }

  async function sample(seed: number): Promise<void> {
    const api = worker?.api;
    if (!api) return;
    const result = await runPhase('sampling', () => api.sample({ ...FIRST_PAGE_SAMPLING, seed }));
    set({ phase: 'ready', samples: result.samples, sampleSeed: seed, sampleMs: result.elapsedMs });
  }

  return {
    params: null,
    phase: 'starting-worker',
    error: null,
    backend: null,
    checkpoint: null,
    samples: [],
    sampleSeed: 1,
    sampleMs: null,

    async start(search, origin) {
      if (worker) return;
      const parsed = parsePageParams(search, origin);
      if (!parsed.ok) {
        set({ error: { title: 'This link has an invalid setting', message: parsed.problems.join('\n') } });
        return;
      }
      const { params } = parsed;
      set({ params });
      worker = startLabWorker();
      const api = worker.api;
      try {
        await runPhase('starting-worker', () => api.ping());
        const backend = await runPhase('choosing-backend', () => api.init({ backend: params.backend, probeBudgetMs: PROBE_BUDGET_MS }));
        set({ backend });
        const checkpoint = await runPhase('loading-checkpoint', () => api.loadCheckpoint(params.checkpointUrl));
        set({ checkpoint });
        await sample(get().sampleSeed);
      } catch {
        // The failure is already in the store and on screen.
      }
    },

    async sampleAgain() {
      const { phase, error, sampleSeed } = get();
      const canSample = phase === 'ready' || (phase === 'sampling' && error !== null);
      if (!canSample) return;
      await sample(sampleSeed + 1).catch(() => {});
    },
  };
});
