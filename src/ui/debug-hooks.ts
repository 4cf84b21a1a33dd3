import type { LabClient, SupervisorStatus } from './lab-client-api';
import { LabSupervisor } from './lab-supervisor';
import { presetJobWorkers } from './run/runs-store';

/**
 * `window.__grpoLab`: how e2e tests and the headless runner drive the lab through the same
 * LabClient the panels use, and how tests break it on purpose. Nothing else on the page uses it.
 */
export interface GrpoLabHooks {
  client: LabClient;
  /** Settles when the first worker has loaded the checkpoint (rejects if it could not). */
  ready: Promise<void>;
  status(): SupervisorStatus;
  /** Every supervisor status since the page opened, oldest first. */
  statusLog: SupervisorStatus[];
  /** The worker closes itself without telling the page: the watchdog has to notice. */
  crashWorker(): Promise<void>;
  /** Destroys the worker's WebGPU device (or loses its WebGL context). */
  loseDevice(): Promise<string>;
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  /** Ends extra lab worker `slot` (1…) of the preset job going for good, as a worker restarted too often ends. */
  closePresetWorker(slot: number): void;
}

export type GrpoLabWindow = { __grpoLab?: GrpoLabHooks };

export function installDebugHooks(supervisor: LabSupervisor, ready: Promise<void>): void {
  const statusLog: SupervisorStatus[] = [supervisor.status];
  supervisor.onStatus((s) => {
    if (statusLog.at(-1) !== s) statusLog.push(s);
  });
  ready.catch(() => {});
  const hooks: GrpoLabHooks = {
    client: supervisor,
    ready,
    status: () => supervisor.status,
    statusLog,
    crashWorker: () => supervisor.crashWorker(),
    loseDevice: () => supervisor.loseDevice(),
    memory: () => supervisor.memory(),
    closePresetWorker: (slot) => {
      const worker = slot > 0 ? presetJobWorkers()[slot] : undefined;
      if (!(worker instanceof LabSupervisor)) throw new Error(`the preset job going has no extra lab worker ${slot}`);
      worker.close();
    },
  };
  (window as unknown as GrpoLabWindow).__grpoLab = hooks;
}
