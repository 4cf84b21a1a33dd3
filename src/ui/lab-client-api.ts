import type { BackendReport } from '../core/backend-choice';
import type { StudyProgress, StudyReport } from '../core/studies/run-study';
import type { RunEvent } from '../core/training/driver';
import type { CheckpointInfo, LabApi, RunStudyArgs, RunSummary, StartRunArgs } from '../../workers/api';

/**
 * What the page's panels use to talk to the lab: a supervisor around the lab worker that starts
 * it, restarts it after a crash or a lost GPU device (on a fallback backend if needed), and
 * resumes the active run from its last checkpoint. Panels depend on this interface only.
 */
export type SupervisorStatus =
  | { state: 'starting' }
  | { state: 'ready' }
  | { state: 'recovering'; reason: string; attempt: number }
  | { state: 'failed'; message: string };

/** Worker calls the page makes as they are: the supervisor only forwards them (retrying after a restart). */
type Forwarded = 'sample' | 'pauseRun' | 'resumeRun' | 'stopRun' | 'stopStudy' | 'listRuns' | 'getRun' | 'getSamples' | 'deleteRun' | 'annotateRun' | 'exportRun' | 'importRun' | 'savePresetJob' | 'listPresetJobs' | 'deletePresetJob' | 'classroom';

export interface LabClient extends Pick<LabApi, Forwarded> {
  readonly backend: BackendReport | null;
  readonly checkpoint: CheckpointInfo | null;
  /** Subscribe to supervisor status changes (worker restarts, fallbacks); returns an unsubscribe. */
  onStatus(listener: (s: SupervisorStatus, backend: BackendReport | null) => void): () => void;
  /** Subscribe to events of the active run, across worker restarts; returns an unsubscribe. */
  onRunEvent(listener: (e: RunEvent) => void): () => void;

  /** Starts or resumes a run; resolves when it ends (done or stopped), even across a worker restart. Its events go to onRunEvent. */
  startRun(args: StartRunArgs): Promise<RunSummary>;
  runStudy(args: RunStudyArgs, onProgress?: (p: StudyProgress) => void): Promise<StudyReport>;
  /**
   * Starts one more lab worker, on the backend this one runs on and with its checkpoint, supervised
   * as this one is (a crash restarts it and resumes its run): a preset job's arms train side by
   * side in such workers. Resolves once it is ready; `close` ends it.
   */
  startSibling(name: string): Promise<SiblingLabClient>;
}

export interface SiblingLabClient extends LabClient {
  /** True once the worker is gone for good: closed, or restarted too often to try again. */
  readonly lost: boolean;
  close(): void;
}
