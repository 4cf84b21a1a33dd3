import { create } from 'zustand';
import type { BackendReport, ProbeResult } from '../core/backend-choice';
import { defaultExperimentConfig } from '../core/config';
import type { CheckpointInfo, Sample } from '../../workers/api';
import type { SupervisorStatus } from './lab-client-api';
import { connectLabClient } from './lab-access';
import { LabSupervisor, STARTUP_PHASES, StartupError } from './lab-supervisor';
import { installDebugHooks } from './debug-hooks';
import { parsePageParams, type PageParams } from './params';
import { messageOf } from '../core/errors';
import { probeInBackground, rememberBackend, rememberedBackend } from './backend-memory';

/** The steps the page goes through before it can show samples, in order. */
export const PHASES = [...STARTUP_PHASES, 'sampling', 'ready'] as const;
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

/** The background probe of the backends (see backend-memory.ts). */
export type ProbeState = { state: 'idle' } | { state: 'running' } | { state: 'done'; result: ProbeResult } | { state: 'failed'; message: string };

interface LabState {
  params: PageParams | null;
  phase: Phase;
  /** Set while the last started phase failed; the phase stays where it failed. */
  error: LabError | null;
  backend: BackendReport | null;
  /** The supervisor's state: ready, or recovering from a crashed worker or a lost GPU device (and why). */
  supervisor: SupervisorStatus | null;
  checkpoint: CheckpointInfo | null;
  samples: Sample[];
  sampleSeed: number;
  sampleMs: number | null;
  probe: ProbeState;
  /** Reads the URL, starts the worker and walks through the phases. Runs once per page. */
  start(search: string, origin: string): Promise<void>;
  sampleAgain(): Promise<void>;
  /** Times every backend that may win here in a worker of its own, and remembers the fastest. */
  reprobe(): Promise<void>;
}

let supervisor: LabSupervisor | null = null;

const FAILURE_TITLES: Record<Phase, string> = {
  'starting-worker': 'The lab worker did not start',
  'choosing-backend': 'No TF.js backend could start',
  'loading-checkpoint': 'The checkpoint could not be loaded',
  sampling: 'Sampling failed',
  ready: 'Something went wrong',
};

export const useLab = create<LabState>()((set, get) => {
  async function sample(seed: number): Promise<void> {
    const client = supervisor;
    if (!client) return;
    set({ phase: 'sampling', error: null });
    try {
      const result = await client.sample({ ...FIRST_PAGE_SAMPLING, seed });
      set({ phase: 'ready', samples: result.samples, sampleSeed: seed, sampleMs: result.elapsedMs });
    } catch (e) {
      set({ error: { title: FAILURE_TITLES.sampling, message: messageOf(e) } });
    }
  }

  return {
    params: null,
    phase: 'starting-worker',
    error: null,
    backend: null,
    supervisor: null,
    checkpoint: null,
    samples: [],
    sampleSeed: 1,
    sampleMs: null,
    probe: { state: 'idle' },

    async start(search, origin) {
      if (supervisor) return;
      const parsed = parsePageParams(search, origin);
      if (!parsed.ok) {
        set({ error: { title: 'This link has an invalid setting', message: parsed.problems.join('\n') } });
        return;
      }
      const { params } = parsed;
      set({ params });
      supervisor = new LabSupervisor({
        backend: params.backend,
        checkpointUrl: params.checkpointUrl,
        ...(params.backend === 'auto' ? { remembered: rememberedBackend() } : {}),
        onPhase: (phase) => set({ phase, error: null }),
      });
      supervisor.onStatus((status, backend) => set({ supervisor: status, backend }));
      connectLabClient(supervisor);
      const ready = supervisor.start();
      installDebugHooks(supervisor, ready);
      try {
        await ready;
      } catch (e) {
        const phase = e instanceof StartupError ? e.phase : 'starting-worker';
        set({ phase, error: { title: FAILURE_TITLES[phase], message: messageOf(e) } });
        return;
      }
      set({ checkpoint: supervisor.checkpoint });
      await sample(get().sampleSeed);
      // The lab took the first backend that started: time the others now, for the next start.
      if (supervisor.backend?.how === 'first-that-started') await get().reprobe();
    },

    async sampleAgain() {
      const { phase, error, sampleSeed } = get();
      const canSample = phase === 'ready' || (phase === 'sampling' && error !== null);
      if (!canSample) return;
      await sample(sampleSeed + 1).catch(() => {});
    },

    async reprobe() {
      if (get().probe.state === 'running') return;
      set({ probe: { state: 'running' } });
      try {
        const result = await probeInBackground();
        rememberBackend(result, new Date());
        set({ probe: { state: 'done', result } });
      } catch (e) {
        set({ probe: { state: 'failed', message: messageOf(e) } });
      }
    },
  };
});
