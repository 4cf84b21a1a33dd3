import type { BackendReport } from '../core/backend';
import type { StudyProgress, StudyReport } from '../core/eval/run-study';
import type { StepSamples } from '../core/grpo/metrics';
import type { RunEvent } from '../core/run/driver';
import type { CheckpointInfo, ClassroomArgs, ClassroomGroup, RunExport, RunRecord, RunStudyArgs, RunSummary, SampleArgs, SampleResult, StartRunArgs } from '../../workers/api';

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

export interface LabClient {
  readonly backend: BackendReport | null;
  readonly checkpoint: CheckpointInfo | null;
  /** Subscribe to supervisor status changes (worker restarts, fallbacks); returns an unsubscribe. */
  onStatus(listener: (s: SupervisorStatus, backend: BackendReport | null) => void): () => void;
  /** Subscribe to events of the active run, across worker restarts; returns an unsubscribe. */
  onRunEvent(listener: (e: RunEvent) => void): () => void;

  sample(args: SampleArgs): Promise<SampleResult>;
  /** Starts or resumes a run; resolves when it ends (done or stopped), even across a worker restart. */
  startRun(args: StartRunArgs): Promise<RunSummary>;
  pauseRun(): Promise<void>;
  resumeRun(): Promise<void>;
  stopRun(): Promise<void>;
  runStudy(args: RunStudyArgs, onProgress?: (p: StudyProgress) => void): Promise<StudyReport>;
  listRuns(): Promise<RunSummary[]>;
  getRun(runId: string): Promise<RunRecord | null>;
  getSamples(runId: string, step: number): Promise<StepSamples | null>;
  deleteRun(runId: string): Promise<void>;
  exportRun(runId: string): Promise<RunExport>;
  importRun(file: unknown): Promise<RunSummary>;
  classroom(args: ClassroomArgs): Promise<ClassroomGroup[]>;
}
