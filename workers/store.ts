import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { StudyReport } from '../src/core/studies/run-study';
import type { StepMetrics, StepSamples } from '../src/core/grpo/metrics';
import type { EvalPoint, RunCheckpoint, RunStore } from '../src/core/training/driver';
import type { PresetJob, RunRecord, RunStatus, RunSummary } from './api';

/**
 * Where runs live in the browser: one IndexedDB database owned by the lab worker.
 *
 *   runs         runId → StoredRun (the RunSummary, plus which base checkpoint it started from)
 *   steps        [runId, step] → StepMetrics, written as each step finishes
 *   samples      [runId, step] → StepSamples (the inspector's completions, tokens and weights)
 *   evals        [runId, step, suite] → EvalPoint, written as each evaluation finishes
 *   checkpoints  runId → RunCheckpoint: the latest resumable one (weights, Adam slots, RNG state,
 *                the validated weights the keep rule may still end with); a finished run's holds the kept weights
 *   studies      [runId, key] → StudyReport attached to the run
 *   presets      jobId → PresetJob: a preset's "Run all arms" as it goes, so a reload can resume it
 *
 * A step's metrics, its samples and the run's step count are written in one transaction, so a
 * crash loses no finished step and never leaves a half-written one.
 */
export const DB_NAME = 'grpo-lab';
/** 2 added the presets store. */
const DB_VERSION = 2;

/** Identity of the base checkpoint a run started from: resuming on another base would mix models. */
export interface BaseIdentity {
  url: string;
  fingerprint: string;
}

export interface StoredRun extends RunSummary {
  base: BaseIdentity;
}

interface LabDbSchema extends DBSchema {
  runs: { key: string; value: StoredRun };
  steps: { key: [string, number]; value: StepMetrics };
  samples: { key: [string, number]; value: StepSamples };
  evals: { key: [string, number, string]; value: EvalPoint };
  checkpoints: { key: string; value: RunCheckpoint };
  studies: { key: [string, string]; value: StudyReport };
  presets: { key: string; value: PresetJob };
}

type StoreName = 'runs' | 'steps' | 'samples' | 'evals' | 'checkpoints' | 'studies';
const ALL_STORES: StoreName[] = ['runs', 'steps', 'samples', 'evals', 'checkpoints', 'studies'];

const stepRange = (runId: string) => IDBKeyRange.bound([runId, -Infinity], [runId, Infinity]);
const evalRange = (runId: string) => IDBKeyRange.bound([runId, -Infinity, ''], [runId, Infinity, '\uffff']);
const studyRange = (runId: string) => IDBKeyRange.bound([runId, ''], [runId, '\uffff']);

/**
 * Issues a transaction's requests (`issue` pushes each onto `issued`) and waits for it to commit.
 * Any failure, a request that throws while being issued or one that fails later, aborts the whole
 * transaction before the error is passed on: without the abort, the requests issued before a
 * synchronous throw would commit.
 */
async function allOrNothing<Names extends StoreName[]>(tx: IDBPTransaction<LabDbSchema, Names, 'readwrite'>, issue: (issued: Promise<unknown>[]) => void): Promise<void> {
  const issued: Promise<unknown>[] = [];
  try {
    issue(issued);
    await Promise.all([...issued, tx.done]);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // A failed request has aborted it already.
    }
    // Let every request settle (they reject once aborted) so none is left unhandled.
    await Promise.allSettled([...issued, tx.done]);
    throw e;
  }
}

export function toSummary(run: StoredRun): RunSummary {
  const { base: _base, ...summary } = run;
  return summary;
}

export class LabDb implements RunStore {
  private constructor(private readonly db: IDBPDatabase<LabDbSchema>) {}

  static async open(name = DB_NAME): Promise<LabDb> {
    const db = await openDB<LabDbSchema>(name, DB_VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore('runs', { keyPath: 'runId' });
          db.createObjectStore('steps');
          db.createObjectStore('samples');
          db.createObjectStore('evals');
          db.createObjectStore('checkpoints', { keyPath: 'runId' });
          db.createObjectStore('studies');
        }
        if (oldVersion < 2) db.createObjectStore('presets', { keyPath: 'jobId' });
      },
      blocking() {
        // A newer version of the app wants to upgrade: let it, this worker reopens on its next start.
        db.close();
      },
    });
    return new LabDb(db);
  }

  async getRun(runId: string): Promise<StoredRun | null> {
    return (await this.db.get('runs', runId)) ?? null;
  }

  async listRuns(): Promise<StoredRun[]> {
    const runs = await this.db.getAll('runs');
    return runs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async putRun(run: StoredRun): Promise<void> {
    await this.db.put('runs', run);
  }

  /** Reads, changes and writes a run in one transaction; returns the new record (null: no such run). */
  async updateRun(runId: string, change: (r: StoredRun) => Partial<StoredRun>): Promise<StoredRun | null> {
    const tx = this.db.transaction('runs', 'readwrite');
    const run = await tx.store.get(runId);
    if (!run) {
      await tx.done;
      return null;
    }
    const next = { ...run, ...change(run), updatedAt: new Date().toISOString() };
    await tx.store.put(next);
    await tx.done;
    return next;
  }

  async setStatus(runId: string, status: RunStatus, error?: string): Promise<StoredRun | null> {
    // An earlier error stays unless a new one is given (RunManager clears it when a run restarts).
    return this.updateRun(runId, () => ({ status, ...(error !== undefined ? { error } : {}) }));
  }

  /** Runs that claim to be running or paused but whose owner is gone become 'interrupted'. */
  async markInterrupted(isAlive: (runId: string) => boolean): Promise<void> {
    const orphans = (await this.db.getAll('runs')).filter((r) => (r.status === 'running' || r.status === 'paused') && !isAlive(r.runId));
    for (const r of orphans) await this.updateRun(r.runId, (now) => (now.status === 'running' || now.status === 'paused' ? { status: 'interrupted' } : {}));
  }

  async record(runId: string): Promise<RunRecord | null> {
    const tx = this.db.transaction(['runs', 'steps', 'evals', 'studies'], 'readonly');
    const [run, metrics, evals, studies] = await Promise.all([
      tx.objectStore('runs').get(runId),
      tx.objectStore('steps').getAll(stepRange(runId)),
      tx.objectStore('evals').getAll(evalRange(runId)),
      tx.objectStore('studies').getAll(studyRange(runId)),
    ]);
    await tx.done;
    if (!run) return null;
    // Keys are [runId, step] and [runId, step, suite]: getAll returns both in step order.
    return { ...toSummary(run), metrics, evals, studies };
  }

  async samples(runId: string, step: number): Promise<StepSamples | null> {
    return (await this.db.get('samples', [runId, step])) ?? null;
  }

  async saveEval(runId: string, point: EvalPoint): Promise<void> {
    await this.db.put('evals', point, [runId, point.step, point.suite]);
  }

  async saveStudy(runId: string, report: StudyReport): Promise<void> {
    const key = `${report.startedAt}#${Math.random().toString(36).slice(2, 8)}`;
    await this.db.put('studies', report, [runId, key]);
  }

  /**
   * Stores a whole run (an import) in one transaction: all of it or nothing. The caller validates
   * the record first; should a put still fail (a value IndexedDB cannot clone throws at once, a
   * full disk fails later), the transaction is aborted, so no part of the run stays behind.
   */
  async putRecord(run: StoredRun, record: Pick<RunRecord, 'metrics' | 'evals' | 'studies'>): Promise<void> {
    const tx = this.db.transaction(['runs', 'steps', 'evals', 'studies'], 'readwrite');
    await allOrNothing(tx, (issued) => {
      issued.push(tx.objectStore('runs').put(run));
      for (const m of record.metrics) issued.push(tx.objectStore('steps').put(m, [run.runId, m.step]));
      for (const p of record.evals) issued.push(tx.objectStore('evals').put(p, [run.runId, p.step, p.suite]));
      record.studies.forEach((s, i) => issued.push(tx.objectStore('studies').put(s, [run.runId, `${s.startedAt}#${i}`])));
    });
  }

  /** Deletes a run and every row of it in one transaction: all of it or nothing. */
  async deleteRun(runId: string): Promise<void> {
    const tx = this.db.transaction(ALL_STORES, 'readwrite');
    await allOrNothing(tx, (issued) =>
      issued.push(
        tx.objectStore('runs').delete(runId),
        tx.objectStore('checkpoints').delete(runId),
        tx.objectStore('steps').delete(stepRange(runId)),
        tx.objectStore('samples').delete(stepRange(runId)),
        tx.objectStore('evals').delete(evalRange(runId)),
        tx.objectStore('studies').delete(studyRange(runId)),
      ),
    );
  }

  async putPresetJob(job: PresetJob): Promise<void> {
    await this.db.put('presets', job);
  }

  async listPresetJobs(): Promise<PresetJob[]> {
    const jobs = await this.db.getAll('presets');
    return jobs.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  async deletePresetJob(jobId: string): Promise<void> {
    await this.db.delete('presets', jobId);
  }

  // RunStore: what RunDriver reads and writes.

  async loadCheckpoint(runId: string): Promise<RunCheckpoint | null> {
    return (await this.db.get('checkpoints', runId)) ?? null;
  }

  async saveCheckpoint(checkpoint: RunCheckpoint): Promise<void> {
    const tx = this.db.transaction(['checkpoints', 'runs'], 'readwrite');
    await tx.objectStore('checkpoints').put(checkpoint);
    const run = await tx.objectStore('runs').get(checkpoint.runId);
    if (run) await tx.objectStore('runs').put({ ...run, checkpointStep: checkpoint.state.step, updatedAt: checkpoint.savedAt, ...(checkpoint.outcome ? { outcome: checkpoint.outcome } : {}) });
    await tx.done;
  }

  /**
   * A step re-run after a resume overwrites its earlier record (on the same backend it is the same
   * numbers); steps past it stay until they are re-run, so no finished step is ever missing.
   */
  async saveStep(runId: string, metrics: StepMetrics, samples: StepSamples): Promise<void> {
    const tx = this.db.transaction(['steps', 'samples', 'runs'], 'readwrite');
    await Promise.all([tx.objectStore('steps').put(metrics, [runId, metrics.step]), tx.objectStore('samples').put(samples, [runId, metrics.step])]);
    const run = await tx.objectStore('runs').get(runId);
    if (run) await tx.objectStore('runs').put({ ...run, step: Math.max(run.step, metrics.step), updatedAt: new Date().toISOString() });
    await tx.done;
  }
}
